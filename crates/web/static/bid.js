// bid.js — the bidder's page: seal the bid in this browser, upload the ciphertext, keep the
// receipt. Nothing readable leaves the browser: the files and the price are packaged
// (makeBidPackage) and sealed to the round's opening key (sealBid) here; the server only ever
// sees the envelope. The upload's answer is the receipt and, beside it, the secret bid key;
// both stay in this browser's localStorage (the key apart from the receipt), so the bidder
// can withdraw or change a bid later from this page. The receipt it offers for download is
// the receipt alone, the one the check page (/verify) and `sunbid receipt verify` accept.
import { makeBidPackage, sealBid, fromHex, toHex } from '/static/seal.js';

const form = document.getElementById('bid-form');
const messagesEl = document.getElementById('bid-messages');
const M = messagesEl ? JSON.parse(messagesEl.textContent) : {};

/** The message for `key`, with {placeholders} filled in; a missing key shows itself. */
function msg(key, vars = {}) {
  let s = M[key] ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

for (const el of document.querySelectorAll('.site-origin')) el.textContent = location.origin;

if (form) setUp();

function setUp() {
  const trade = form.dataset.trade;
  const bidder = form.dataset.bidder;
  const lang = form.dataset.lang;
  const csrf = form.dataset.csrf;
  const maxBytes = Number(form.dataset.maxBytes);
  const publicKey = fromHex(form.dataset.publicKey);
  const keyId = form.dataset.keyId;
  const storeKey = `sunbid.bids.${trade}.${bidder}`;

  const fields = document.getElementById('bid-fields');
  const status = document.getElementById('bid-status');
  const submit = document.getElementById('bid-submit');
  const cancel = document.getElementById('bid-cancel-modify');
  const modifying = document.getElementById('bid-modifying');
  /** The bid being changed (its stored receipt), or null. */
  let replacing = null;

  if (!globalThis.crypto?.subtle || !globalThis.crypto.getRandomValues) {
    say(msg('ui.bid.unsupported'), 'bad');
    return;
  }
  fields.disabled = false;
  document.getElementById('bid-mine').hidden = false;

  function say(text, kind = '') {
    status.textContent = text;
    status.className = `result ${kind}`.trim();
  }

  // ------------------------------------------------------------ stored receipts

  function load() {
    try {
      const list = JSON.parse(localStorage.getItem(storeKey) || '[]');
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  }

  function save(list) {
    localStorage.setItem(storeKey, JSON.stringify(list));
  }

  /** API paths carry the page's language, so errors come back in it. */
  function api(path) {
    return `${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(lang)}`;
  }

  /** The localized message of an API error answer. */
  async function apiError(response) {
    try {
      const body = await response.json();
      if (body?.error?.message) return body.error.message;
      if (body?.error?.code) return msg(`error.${body.error.code}`);
    } catch {
      /* not JSON */
    }
    if (response.status === 413) return msg('error.bid.too_large');
    return `${msg('ui.bid.error')} (HTTP ${response.status})`;
  }

  /** The secret bid key of a stored entry (entries stored before keys were kept apart had
   * it inside the receipt). */
  function bidKey(entry) {
    return entry.key ?? entry.receipt.key;
  }

  /** The receipt file: the receipt alone, never the bid key. */
  function receiptUrl(receipt) {
    const { key: _secret, ...alone } = receipt;
    return URL.createObjectURL(new Blob([JSON.stringify(alone, null, 2)], { type: 'application/json' }));
  }

  function when(rfc3339) {
    const at = new Date(rfc3339);
    if (Number.isNaN(at.getTime())) return rfc3339;
    return new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).format(at);
  }

  function cell(tr, content) {
    const td = document.createElement('td');
    if (content instanceof Node) td.appendChild(content);
    else td.textContent = content;
    tr.appendChild(td);
    return td;
  }

  function button(label, onClick, cls) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.className = cls;
    b.addEventListener('click', onClick);
    return b;
  }

  function renderMine() {
    const list = load();
    const table = document.getElementById('bid-mine-table');
    const empty = document.getElementById('bid-mine-empty');
    const body = table.querySelector('tbody');
    body.replaceChildren();
    table.hidden = list.length === 0;
    empty.hidden = list.length !== 0;
    for (const entry of list.slice().reverse()) {
      const r = entry.receipt;
      const tr = document.createElement('tr');
      tr.dataset.handle = r.handle;
      const code = document.createElement('code');
      code.textContent = r.handle.slice(0, 16) + '…';
      code.title = r.handle;
      cell(tr, code);
      cell(tr, when(r.received_at));
      const sha = document.createElement('code');
      sha.textContent = r.envelope_sha256.slice(0, 16) + '…';
      sha.title = r.envelope_sha256;
      cell(tr, sha);
      cell(tr, msg(`ui.bid.status.${entry.status}`));
      const actions = document.createElement('span');
      actions.style.display = 'inline-flex';
      actions.style.gap = '.4rem';
      const link = document.createElement('a');
      link.href = receiptUrl(r);
      link.download = `receipt-${r.trade}-${r.handle.slice(0, 12)}.json`;
      link.textContent = msg('ui.bid.download');
      actions.appendChild(link);
      if (entry.status === 'submitted') {
        actions.appendChild(button(msg('ui.bid.modify'), () => startModify(entry), 'bid-modify'));
        actions.appendChild(button(msg('ui.bid.withdraw'), () => withdraw(entry), 'bid-withdraw'));
      }
      cell(tr, actions);
      body.appendChild(tr);
    }
  }

  function setStatus(handle, status, extra = {}) {
    const list = load();
    for (const e of list) if (e.receipt.handle === handle) Object.assign(e, { status }, extra);
    save(list);
  }

  // ------------------------------------------------------------ withdraw and modify

  async function withdraw(entry) {
    if (!confirm(msg('ui.bid.withdraw_confirm'))) return;
    say('');
    try {
      const r = await fetch(api(`/api/trades/${encodeURIComponent(trade)}/bids/withdraw`), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ bid_key: bidKey(entry) }),
      });
      if (!r.ok) {
        say(msg('ui.bid.failed') + (await apiError(r)), 'bad');
        return;
      }
      setStatus(entry.receipt.handle, 'withdrawn');
      if (replacing?.receipt.handle === entry.receipt.handle) stopModify();
      say(msg('ui.bid.withdrawn'), 'ok');
      renderMine();
    } catch (e) {
      say(msg('ui.bid.failed') + (e?.message || e), 'bad');
    }
  }

  function startModify(entry) {
    replacing = entry;
    modifying.textContent = msg('ui.bid.modifying', { handle: entry.receipt.handle.slice(0, 16) + '…' });
    modifying.hidden = false;
    cancel.hidden = false;
    submit.textContent = msg('ui.bid.submit_modify');
    form.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  function stopModify() {
    replacing = null;
    modifying.hidden = true;
    cancel.hidden = true;
    submit.textContent = msg('ui.bid.submit');
  }

  cancel.addEventListener('click', stopModify);

  // ------------------------------------------------------------ seal and submit

  /** Yuan as typed ("1,234,567.8") to integer fen, exactly (no floating point). */
  function fenOf(text) {
    const s = text.replace(/[\s,，]/g, '');
    const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
    if (!m) return null;
    const fen = BigInt(m[1]) * 100n + BigInt((m[2] || '').padEnd(2, '0'));
    return fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : null;
  }

  function randomKey() {
    const b = new Uint8Array(32);
    crypto.getRandomValues(b);
    return toHex(b);
  }

  function showReceipt(receipt) {
    document.getElementById('receipt-handle').textContent = receipt.handle;
    document.getElementById('receipt-sha256').textContent = receipt.envelope_sha256;
    document.getElementById('receipt-size').textContent = String(receipt.envelope_size);
    document.getElementById('receipt-received').textContent = `${when(receipt.received_at)} (${receipt.received_at})`;
    document.getElementById('receipt-leaf').textContent = String(receipt.inclusion?.leaf_index ?? '');
    const link = document.getElementById('receipt-download');
    link.href = receiptUrl(receipt);
    link.download = `receipt-${receipt.trade}-${receipt.handle.slice(0, 12)}.json`;
    const section = document.getElementById('bid-receipt');
    section.hidden = false;
    section.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const priceFen = fenOf(document.getElementById('bid-price').value);
    if (priceFen === null) {
      say(msg('ui.bid.bad_price'), 'bad');
      return;
    }
    const periodText = document.getElementById('bid-period').value.trim();
    const periodDays = /^\d+$/.test(periodText) ? Number(periodText) : NaN;
    if (!Number.isSafeInteger(periodDays) || periodDays > 0xffffffff) {
      say(msg('ui.bid.bad_period'), 'bad');
      return;
    }
    const deposit = document.getElementById('bid-deposit').value.trim();
    const picked = Array.from(document.getElementById('bid-files').files || []);
    if (picked.length === 0) {
      say(msg('error.seal.package_no_files'), 'bad');
      return;
    }
    fields.disabled = true;
    try {
      say(msg('ui.bid.reading'));
      const files = [];
      for (const f of picked) files.push({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
      say(msg('ui.bid.sealing'));
      const pkg = await makeBidPackage({
        trade, bidder, priceFen, periodDays,
        depositAccount: deposit || undefined,
        files,
      });
      const envelope = await sealBid(publicKey, keyId, trade, pkg);
      if (maxBytes && envelope.length > maxBytes) {
        say(msg('ui.bid.too_large', { max: maxBytes }), 'bad');
        return;
      }
      say(msg('ui.bid.uploading'));
      const headers = {
        'content-type': 'application/octet-stream',
        'idempotency-key': randomKey(),
        'x-csrf-token': csrf,
      };
      if (replacing) headers['x-replaces-bid-key'] = bidKey(replacing);
      const r = await fetch(api(`/api/trades/${encodeURIComponent(trade)}/bids`), {
        method: 'POST',
        credentials: 'same-origin',
        headers,
        body: envelope,
      });
      if (r.status !== 201 && r.status !== 200) {
        say(msg('ui.bid.failed') + (await apiError(r)), 'bad');
        return;
      }
      const { key, ...receipt } = await r.json();
      const list = load();
      if (replacing) {
        for (const e of list) {
          if (e.receipt.handle === replacing.receipt.handle) Object.assign(e, { status: 'replaced', by: receipt.handle });
        }
      }
      if (!list.some((e) => e.receipt.handle === receipt.handle)) list.push({ status: 'submitted', key, receipt });
      save(list);
      stopModify();
      form.reset();
      say('');
      showReceipt(receipt);
      renderMine();
    } catch (e) {
      // Sealing errors carry the Rust crate's codes (seal.*), which the catalogue knows.
      const text = e?.code && M[`error.${e.code}`] ? M[`error.${e.code}`] : e?.message || String(e);
      say(msg('ui.bid.failed') + text, 'bad');
    } finally {
      fields.disabled = false;
    }
  });

  renderMine();
}
