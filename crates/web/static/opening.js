// opening.js — the opening room, live. The room (#room) is rendered by the server; this script
// keeps it current (it fetches the page every 2 seconds and swaps the room in when it changed),
// sends the room's forms through the JSON API instead of a page reload, and lets a custodian
// open their encrypted key share here and hand it in: in one click with the custody key this
// browser keeps (openShareX25519, keys.js), or with a typed Ed25519 seed (openShareEd25519) for
// a custodian whose key lives offline. The key never leaves the browser, only the opened
// share is handed in.
import { openShareEd25519, openShareX25519, fromHex, fromBase64, toBase64 } from '/static/seal.js';
import { custodyKey } from '/static/keys.js';

const POLL_MS = 2000;
const messagesEl = document.getElementById('opening-messages');
const M = messagesEl ? JSON.parse(messagesEl.textContent) : {};
const room = document.getElementById('room');
const notice = document.getElementById('opening-notice');
const errorBox = document.getElementById('opening-error');

function msg(key, vars = {}) {
  let s = M[key] ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

function say(text, ok = true) {
  notice.textContent = ok ? text : '';
  errorBox.textContent = ok ? '' : text;
}

if (room) setUp();

function setUp() {
  const trade = room.dataset.trade;
  const lang = room.dataset.lang;
  let busy = false;
  let lastHtml = room.innerHTML;

  const showJsOnly = () => {
    for (const el of document.querySelectorAll('.js-live, .js-only')) el.hidden = false;
  };
  showJsOnly();

  function api(path) {
    return `${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(lang)}`;
  }

  async function apiError(response) {
    try {
      const body = await response.json();
      if (body?.error?.message) return body.error.message;
      if (body?.error?.code) return msg(`error.${body.error.code}`);
    } catch {
      /* not JSON */
    }
    return `${msg('ui.opening.error')} (HTTP ${response.status})`;
  }

  /** POST JSON to the API with the session cookie and its CSRF token. */
  async function post(path, body) {
    const csrf = room.dataset.csrf || '';
    return fetch(api(path), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    });
  }

  // ------------------------------------------------------------ keeping the room current

  /** Fetches the page and swaps the room in if it changed; typed values are kept. */
  async function refresh() {
    if (busy) return;
    let html;
    try {
      const r = await fetch(`${location.pathname}?lang=${encodeURIComponent(lang)}`, {
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (!r.ok) return;
      html = await r.text();
    } catch {
      return;
    }
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const fresh = doc.getElementById('room');
    if (!fresh || busy || fresh.innerHTML === lastHtml) return;
    const typed = new Map();
    for (const el of room.querySelectorAll('input[id], textarea[id]')) {
      if (el.type !== 'hidden' && el.value) typed.set(el.id, el.value);
    }
    const focused = document.activeElement?.id;
    lastHtml = fresh.innerHTML;
    room.innerHTML = fresh.innerHTML;
    for (const [name, value] of Object.entries(fresh.dataset)) room.dataset[name] = value;
    for (const [id, value] of typed) {
      const el = document.getElementById(id);
      if (el && room.contains(el)) el.value = value;
    }
    if (focused) document.getElementById(focused)?.focus();
    showJsOnly();
  }

  setInterval(refresh, POLL_MS);

  // ------------------------------------------------------------ the room's actions

  async function handInShare(shareBytes) {
    const r = await post(`/api/trades/${encodeURIComponent(trade)}/opening/shares`, { share: toBase64(shareBytes) });
    if (!r.ok) {
      say(await apiError(r), false);
      return false;
    }
    const out = await r.json();
    say(out.opened ? msg('ui.opening.share_opened') : msg('ui.opening.share_held', { held: out.held, k: out.threshold }));
    return true;
  }

  /** The encrypted share as published for this custodian (bytes), or null (said why). */
  async function myEncryptedShare() {
    const r = await fetch(api(`/api/trades/${encodeURIComponent(trade)}/opening`), { credentials: 'same-origin', cache: 'no-store' });
    if (!r.ok) {
      say(await apiError(r), false);
      return null;
    }
    const view = await r.json();
    const mine = (view.custodians || []).find((c) => c.person === room.dataset.person);
    if (!mine) {
      say(msg('error.trade.not_custodian'), false);
      return null;
    }
    return fromBase64(mine.encrypted_share);
  }

  /** Opens the share with `open(envelope)` and hands it in; the share is wiped after. */
  async function openAndHandIn(open) {
    say(msg('ui.opening.opening_share'));
    const envelope = await myEncryptedShare();
    if (!envelope) return false;
    let share;
    try {
      share = await open(envelope);
    } catch (e) {
      say(e?.code && M[`error.${e.code}`] ? M[`error.${e.code}`] : e?.message || String(e), false);
      return false;
    }
    try {
      return await handInShare(share);
    } finally {
      share.fill(0);
    }
  }

  async function openWithSeed() {
    const input = document.getElementById('share-seed');
    const seedHex = (input?.value || '').trim();
    if (!/^[0-9a-fA-F]{64}$/.test(seedHex)) return say(msg('ui.opening.bad_seed'), false);
    const seed = fromHex(seedHex);
    if (input) input.value = '';
    try {
      await openAndHandIn((envelope) => openShareEd25519(seed, envelope));
    } finally {
      seed.fill(0);
    }
  }

  /** One click: the custody key this browser keeps opens the share; nothing is typed. */
  async function openWithCustodyKey() {
    const kept = await custodyKey(room.dataset.person);
    if (!kept) return say(msg('ui.opening.no_custody_key'), false);
    await openAndHandIn((envelope) => openShareX25519(kept.privateKey, fromHex(kept.publicHex), envelope));
  }

  async function submitForm(form) {
    const kind = form.dataset.api;
    const data = new FormData(form);
    const base = `/api/trades/${encodeURIComponent(trade)}`;
    const command = (c) => post(`${base}/commands`, { command: c });
    let r;
    switch (kind) {
      case 'seed':
        return openWithSeed();
      case 'custody':
        return openWithCustodyKey();
      case 'share': {
        const text = String(data.get('share') || '').trim();
        let bytes;
        try {
          bytes = fromBase64(text);
        } catch {
          return say(msg('error.seal.bad_share'), false);
        }
        if (await handInShare(bytes)) form.reset();
        return;
      }
      case 'open':
        r = await command({ type: 'open_bids' });
        break;
      case 'confirm':
        r = await command({ type: 'confirm_opening_record', bidder: room.dataset.org || '' });
        break;
      case 'object':
        r = await command({ type: 'raise_opening_objection', bidder: room.dataset.org || '', text: String(data.get('text') || '') });
        break;
      case 'answer':
        r = await command({ type: 'answer_opening_objection', number: Number(data.get('number')), answer: String(data.get('answer') || '') });
        break;
      default:
        return;
    }
    if (!r.ok) return say(await apiError(r), false);
    form.reset();
    say(msg(`ui.opening.done.${kind}`));
  }

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
      lastHtml = null;
      await refresh();
    }
  });
}
