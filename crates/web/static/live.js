// live.js: live rows over server-sent events; the table is rendered by the server and works
// without JavaScript. The stream ends when the session does (the server closes it).
const table = document.getElementById('live');
const body = table.querySelector('tbody');
const status = document.getElementById('live-status');
const labels = JSON.parse(document.getElementById('live-labels').textContent);
const source = new EventSource(`/api/trades/${encodeURIComponent(table.dataset.trade)}/live`);
source.addEventListener('open', () => { status.textContent = status.dataset.connected; });
source.addEventListener('entry', (m) => {
  const e = JSON.parse(m.data);
  if (body.querySelector(`tr[data-seq="${e.seq}"]`)) return;
  const tr = document.createElement('tr');
  tr.setAttribute('data-seq', e.seq);
  const at = new Date(e.at_us / 1000);
  const when = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(at);
  const who = e.actor + (e.on_behalf_of ? ` (${e.on_behalf_of})` : '');
  for (const v of [e.seq, when, labels[e.kind] || e.kind, who]) {
    const td = document.createElement('td');
    td.textContent = v;
    tr.appendChild(td);
  }
  body.appendChild(tr);
});
