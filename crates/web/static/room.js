// room.js — the remote evaluation room, live. The room (#room) is rendered by the server; this
// script swaps in a fresh copy whenever the room's server-sent events say it changed, sends the
// forms through the JSON API, and enters the room by signing a fresh room challenge with the
// person's Ed25519 key in the browser: the one this browser made and keeps (keys.js), else a
// 32-byte seed typed as hex (a key kept elsewhere); the key never leaves the browser. The
// scoring's report is signed the same way (a scoring challenge naming the report's digest);
// the scoring's version is polled so that sheets, flags and signatures show up live.
import { concat, fromHex, toHex } from '/static/seal.js';
import { browserKey } from '/static/keys.js';

const M = JSON.parse(document.getElementById('room-messages')?.textContent || '{}');
const room = document.getElementById('room');
const notice = document.getElementById('room-notice');
const errorBox = document.getElementById('room-error');
// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410), which WebCrypto imports.
const ED25519_PKCS8_PREFIX = fromHex('302e020100300506032b657004220420');

const msg = (key) => M[key] ?? key;

function say(text, ok = true) {
  notice.textContent = ok ? text : '';
  errorBox.textContent = ok ? '' : text;
}

if (room) setUp();

function setUp() {
  const trade = encodeURIComponent(room.dataset.trade);
  const lang = encodeURIComponent(room.dataset.lang);
  const base = `/api/trades/${trade}/room`;
  let busy = false;

  const showJsOnly = () => {
    for (const el of document.querySelectorAll('.js-live, .js-only')) el.hidden = false;
    // With a key kept by this browser, nobody types one: one click signs.
    browserKey(room.dataset.person).then((kept) => {
      if (!kept) return;
      for (const el of document.querySelectorAll('.seed-field')) {
        el.hidden = true;
        el.querySelector('input')?.removeAttribute('required');
      }
      for (const el of document.querySelectorAll('.key-kept')) el.hidden = false;
    });
  };
  showJsOnly();

  async function apiError(r) {
    try {
      const body = await r.json();
      if (body?.error?.message) return body.error.message;
    } catch {
      /* not JSON */
    }
    return `${msg('ui.eval_room.failed')} (HTTP ${r.status})`;
  }

  function post(path, body = {}) {
    return fetch(`${base}${path}?lang=${lang}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': room.dataset.csrf || '' },
      body: JSON.stringify(body),
    });
  }

  /** Fetches the page and swaps the room in; typed values and focus are kept. */
  async function refresh() {
    if (busy) return;
    let html;
    try {
      const r = await fetch(`${location.pathname}?lang=${lang}`, { credentials: 'same-origin', cache: 'no-store' });
      if (!r.ok) return;
      html = await r.text();
    } catch {
      return;
    }
    const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('room');
    if (!fresh || busy || fresh.innerHTML === room.innerHTML) return;
    const typed = new Map();
    for (const el of room.querySelectorAll('input[id], textarea[id], select[id]')) {
      if (el.type !== 'hidden' && el.value) typed.set(el.id, el.value);
    }
    const focused = document.activeElement?.id;
    room.innerHTML = fresh.innerHTML;
    for (const [name, value] of Object.entries(fresh.dataset)) room.dataset[name] = value;
    for (const [id, value] of typed) {
      const el = document.getElementById(id);
      if (el && room.contains(el)) el.value = value;
    }
    if (focused) document.getElementById(focused)?.focus();
    for (const row of room.querySelectorAll('#sheet tbody tr')) {
      if (row.querySelector('input.score')?.value) recount(row);
    }
    showJsOnly();
  }

  // Each new entry (or, for a bidder, each new version) means the room changed.
  const live = new EventSource(`${base}/live`);
  let pending = null;
  const changed = () => {
    clearTimeout(pending);
    pending = setTimeout(refresh, 150);
  };
  live.addEventListener('entry', changed);
  live.addEventListener('version', changed);

  // The scoring has its own stream: poll its version while the section is shown.
  let scoringVersion = null;
  setInterval(async () => {
    if (!document.getElementById('scoring') || document.hidden) return;
    try {
      const r = await fetch(`/api/trades/${trade}/scoring?lang=${lang}`, { credentials: 'same-origin', cache: 'no-store' });
      if (!r.ok) return;
      const v = (await r.json()).version;
      if (scoringVersion !== null && v !== scoringVersion) changed();
      scoringVersion = v;
    } catch {
      /* offline: try again */
    }
  }, 3000);

  /** The key this browser keeps for the signed-in person; else the seed typed (a key that
   * lives elsewhere, e.g. the demo's). */
  async function signingKey(input) {
    const kept = await browserKey(room.dataset.person);
    return kept ?? importSeed(input);
  }

  async function importSeed(input) {
    const seedHex = (input?.value || '').trim();
    if (!/^[0-9a-fA-F]{64}$/.test(seedHex)) {
      say(msg('ui.eval_room.bad_seed'), false);
      return null;
    }
    try {
      const key = await crypto.subtle.importKey('pkcs8', concat(ED25519_PKCS8_PREFIX, fromHex(seedHex)), { name: 'Ed25519' }, false, ['sign']);
      input.value = '';
      return key;
    } catch {
      say(msg('ui.eval_room.no_ed25519'), false);
      return null;
    }
  }

  /** Signs a fresh scoring challenge (it names the report's digest), with a dissent if written. */
  async function sign(form) {
    const key = await signingKey(form.querySelector('#sign-seed'));
    if (!key) return null;
    const scoring = `/api/trades/${trade}/scoring`;
    const c = await fetch(`${scoring}/challenge?lang=${lang}`, { credentials: 'same-origin', cache: 'no-store' });
    if (!c.ok) {
      say(await apiError(c), false);
      return null;
    }
    const challenge = await c.json();
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key, new TextEncoder().encode(challenge.message)));
    const dissent = String(new FormData(form).get('dissent') || '').trim();
    return fetch(`${scoring}/sign?lang=${lang}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': room.dataset.csrf || '' },
      body: JSON.stringify({ nonce: challenge.nonce, algorithm: 'ed25519', signature: toHex(signature), dissent: dissent || null }),
    });
  }

  /** Signs a fresh room challenge with the person's key and enters. */
  async function join(form) {
    const key = await signingKey(form.querySelector('#join-seed'));
    if (!key) return null;
    const c = await fetch(`${base}/challenge?lang=${lang}`, { credentials: 'same-origin', cache: 'no-store' });
    if (!c.ok) return say(await apiError(c), false);
    const challenge = await c.json();
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key, new TextEncoder().encode(challenge.message)));
    return post('/join', { nonce: challenge.nonce, algorithm: 'ed25519', signature: toHex(signature) });
  }

  async function submitForm(form) {
    const kind = form.dataset.api;
    const data = new FormData(form);
    let r;
    switch (kind) {
      case 'join':
        r = await join(form);
        break;
      case 'sign':
        r = await sign(form);
        break;
      case 'leave':
      case 'close':
        r = await post(`/${kind}`);
        break;
      case 'post':
        r = await post('/posts', { text: String(data.get('text') || '') });
        break;
      case 'ask': {
        const local = String(data.get('due') || '');
        const due = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00+08:00` : local;
        r = await post('/clarifications', { bidder: String(data.get('bidder') || ''), question: String(data.get('question') || ''), due });
        break;
      }
      case 'answer':
        r = await post(`/clarifications/${Number(data.get('number'))}/answer`, { text: String(data.get('text') || '') });
        break;
      default:
        return;
    }
    if (!r) return; // refused before sending (said why)
    if (!r.ok) return say(await apiError(r), false);
    form.reset();
    say(msg(`ui.eval_room.done.${kind}`));
  }

  // The sheet: each bid's running total, and a cell outside 0 – its maximum marked as it is
  // typed (the server checks again and marks it without clearing the others).
  function recount(row) {
    let total = 0;
    for (const el of row.querySelectorAll('input.score')) {
      const v = Number(el.value.trim());
      if (el.value.trim() !== '' && Number.isFinite(v)) total += Math.round(v * 10000);
      const bad = el.value.trim() !== '' && (!Number.isFinite(v) || v < 0 || v > Number(el.dataset.max));
      el.setAttribute('aria-invalid', bad ? 'true' : 'false');
      el.closest('td').classList.toggle('wrong', bad);
    }
    const out = row.querySelector('td.total');
    if (out) out.textContent = String(total / 10000);
  }
  room.addEventListener('input', (event) => {
    const cell = event.target.closest('input.score');
    if (cell) recount(cell.closest('tr'));
  });

  // One listener for the room: its content is replaced as it changes.
  room.addEventListener('submit', async (event) => {
    const form = event.target.closest('form[data-api]');
    if (!form) return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await submitForm(form);
    } catch (e) {
      say(e?.message || String(e), false);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
      busy = false;
      await refresh();
    }
  });
}
