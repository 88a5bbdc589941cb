// countdown.js — the time left to the bid deadline in the opening hall. The server renders the
// count and gives the milliseconds left by its own clock (data-ms), so a wrong clock on the
// reader's computer does not matter: this counts down from the moment the page loaded.
const el = document.getElementById('countdown');
if (el) {
  const end = performance.now() + Number(el.dataset.ms);
  const pad = (n) => String(n).padStart(2, '0');
  const tick = () => {
    const left = Math.floor((end - performance.now()) / 1000);
    if (left <= 0) {
      el.textContent = el.dataset.over;
      el.dataset.ms = '0';
      return;
    }
    const days = Math.floor(left / 86400);
    const clock = `${pad(Math.floor(left / 3600) % 24)}:${pad(Math.floor(left / 60) % 60)}:${pad(left % 60)}`;
    el.textContent = days > 0 ? `${el.dataset.days.replace('{d}', days)} ${clock}` : clock;
    el.dataset.ms = String(left * 1000);
    setTimeout(tick, ((end - performance.now()) % 1000) + 5);
  };
  tick();
}
