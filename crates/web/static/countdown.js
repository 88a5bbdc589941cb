// countdown.js — the time left to the bid deadline in the opening hall. The server renders the
// count and gives the milliseconds left by its own clock (data-ms), so a wrong clock on the
// reader's computer does not matter: this counts down from the moment the page loaded, at the
// server clock's rate (data-rate: clock seconds per real second, more than 1 in a fast demo).
const el = document.getElementById('countdown');
if (el) {
  const rate = Math.max(1, Number(el.dataset.rate) || 1);
  const end = performance.now() + Number(el.dataset.ms) / rate;
  const pad = (n) => String(n).padStart(2, '0');
  const tick = () => {
    const left = Math.floor(((end - performance.now()) * rate) / 1000);
    if (left <= 0) {
      el.textContent = el.dataset.over;
      el.dataset.ms = '0';
      return;
    }
    const days = Math.floor(left / 86400);
    const clock = `${pad(Math.floor(left / 3600) % 24)}:${pad(Math.floor(left / 60) % 60)}:${pad(left % 60)}`;
    el.textContent = days > 0 ? `${el.dataset.days.replace('{d}', days)} ${clock}` : clock;
    el.dataset.ms = String(left * 1000);
    setTimeout(tick, Math.min(1000, (((end - performance.now()) * rate) % 1000) / rate + 5));
  };
  tick();
}
