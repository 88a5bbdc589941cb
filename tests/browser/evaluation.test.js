// Distributed scoring, award, publicity and challenges in the browser (issue #6), on the demo
// server (SUNBID_URL). ZC-2026-0910 stands with three opened bids and a committee of five
// demo experts drawn by the platform and confirmed; its evaluation slot has started when
// `serve --demo` resumes its clock.
//
// staff-wang reveals the list (which opens the room) and configures the scoring; the five
// experts join the room in five browser sessions, each signing the room's challenge with its
// own key, and submit their sheets alone (sealed until the last is in); one scores far below
// the others and cannot go on until it writes a reason; every member signs the report with
// its key in the browser, and the trade has its evaluation; supervisor-zhou sees the outlier
// flagged. The tenderer awards rank 1, the agency publishes the result, a bidder challenges
// within the window, and a bidder's challenge on ZC-2026-0407 (result published in May) is
// refused as late, naming the rule and the deadline, with nothing filed.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { BASE, launch, newPage, shot } = require('./helpers');

const PASSWORD = process.env.SUNBID_DEMO_PASSWORD || 'sunbid-demo-2026';
const TRADE = 'ZC-2026-0910';
const LATE_TRADE = 'ZC-2026-0407';
const WAIT = { timeout: 30_000 };
// The opened bids (bidders 2, 4 and 6) at the demo's sealed prices: estimate × (0.960 − 0.007 n).
const BIDS = [
  { id: 'B1', bidder: '91320100MA0000023K', price: '1702800.00' },
  { id: 'B2', bidder: '91320100MA000004X6', price: '1677600.00' },
  { id: 'B3', bidder: '91320100MA00000661', price: '1652400.00' },
];
const CONFIG = {
  trade: TRADE,
  method: {
    kind: 'procurement_comprehensive',
    category: 'goods',
    price_points: '30',
    criteria: [
      { id: 'tech', name: '技术方案', points: '40', kind: 'subjective' },
      { id: 'service', name: '售后服务', points: '20', kind: 'subjective' },
      { id: 'cert', name: '认证证书', points: '10', kind: 'objective', step: '2' },
    ],
  },
  dates: { notice: '2026-09-11' },
  bids: BIDS,
};
// Each member's sheet: rows B1..B3, columns tech, service, cert. The last member scores B1's
// technical plan far below the others: an outlier.
const usual = (tech) => [[tech, '16', '10'], ['30', '15', '8'], ['25', '14', '6']];
const SHEETS = [usual('34'), usual('33'), usual('35'), usual('33'), usual('12')];
const OUTLIER_REASON = '技术方案未响应第3.2条，关键灯具参数缺失。';

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

/** A demo person's Ed25519 seed: SHA-256 of `sunbid-demo-key/<person>` (app::demo::demo_seed). */
function demoSeed(person) {
  return crypto.createHash('sha256').update(`sunbid-demo-key/${person}`).digest('hex');
}

/** Keeps `person`'s key in this browser as the one-time link's page does (static/keys.js):
 * a non-extractable CryptoKey in IndexedDB. Here it is the demo key, so the server knows it. */
async function keepKey(page, person, seedHex) {
  await page.evaluate(async ({ person, seedHex }) => {
    const bytes = (h) => Uint8Array.from(h.match(/../g), (b) => parseInt(b, 16));
    const pkcs8 = bytes(`302e020100300506032b657004220420${seedHex}`);
    const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('sunbid-keys', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('keys', { keyPath: 'person' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise((resolve, reject) => {
      const tx = db.transaction('keys', 'readwrite');
      tx.objectStore('keys').put({ person, privateKey, publicHex: '' });
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, { person, seedHex });
}

async function signIn(page, person) {
  await page.goto(`${BASE}/signin`);
  await page.fill('input[name=person]', person);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('main form button');
  await page.waitForURL(/\/work/);
}

async function noError(page, selector = '#error-message') {
  const box = page.locator(selector);
  if (await box.count()) {
    const text = (await box.innerText()).trim();
    assert.equal(text, '', `refused: ${text}`);
  }
}

/** The room section's status row of `person`. */
const statusRow = (page, person) => page.locator(`#scoring-status tr[data-person="${person}"]`);

test('five experts score alone, an outlier is explained, the report is signed, award, result, challenges', async () => {
  // ---- 1. staff-wang reveals the list when the slot has started: the room opens.
  const wang = await newPage(browser, 'zh-CN');
  await signIn(wang, 'staff-wang');
  await wang.goto(`${BASE}/trades/${TRADE}/draw`);
  assert.match(await wang.locator('#draw-phase').innerText(), /名单密封/);
  assert.equal(await wang.locator('#draw-seats .seat-status', { hasText: '已确认' }).count(), 5);
  await wang.click('#draw-reveal');
  await wang.locator('#notice, #error-message').first().waitFor();
  await noError(wang);
  assert.match(await wang.locator('#draw-phase').innerText(), /名单已公开/);
  await shot(wang, 'evaluation-zh-1-revealed');

  // ---- 2. staff configure the scoring from the opened bids (JSON API, the staff session's CSRF).
  await wang.goto(`${BASE}/trades/${TRADE}/room`);
  await wang.locator('#seats').waitFor();
  const members = await wang.locator('#seats tbody tr').evaluateAll(
    (rows) => rows.map((r) => r.dataset.person));
  assert.equal(members.length, 5, `members: ${members}`);
  assert.ok(members.every((m) => m.startsWith('expert-')), `members: ${members}`);
  assert.equal(await wang.locator('#scoring-not-configured').count(), 1);
  const configured = await wang.evaluate(async ({ trade, config }) => {
    const csrf = document.getElementById('room').dataset.csrf;
    const r = await fetch(`/api/trades/${trade}/scoring/configure`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(config),
    });
    return { status: r.status, body: await r.text() };
  }, { trade: TRADE, config: CONFIG });
  assert.equal(configured.status, 200, configured.body);

  // ---- 3. the five experts join from five sessions, each with its own key: the first with
  // the key its browser keeps (one click, nothing typed), the others typing a key's seed.
  const experts = [];
  for (const [n, person] of members.entries()) {
    const page = await newPage(browser, 'zh-CN');
    await signIn(page, person);
    if (n === 0) await keepKey(page, person, demoSeed(person));
    await page.goto(`${BASE}/trades/${TRADE}/room`);
    await page.locator('#join-form').waitFor({ state: 'visible' });
    if (n === 0) {
      await page.locator('#join-form .key-kept').waitFor({ state: 'visible' });
      assert.equal(await page.locator('#join-seed').isVisible(), false);
      await shot(page, 'evaluation-zh-2-join-one-click');
    } else {
      await page.fill('#join-seed', demoSeed(person));
    }
    await page.click('#join-room');
    await page.locator(`#seats tr[data-person="${person}"] .presence .tag`).waitFor(WAIT);
    await noError(page, '#room-error');
    experts.push({ person, page });
  }

  // ---- 4. each submits its sheet alone; the sheets stay sealed until the last is in.
  for (const [n, { person, page }] of experts.entries()) {
    await page.goto(`${BASE}/trades/${TRADE}/room`);
    await page.locator('#sheet-form').waitFor(WAIT);
    if (n === 0) await shot(page, 'evaluation-zh-2-sheet');
    for (const [i, row] of SHEETS[n].entries()) {
      for (const [j, value] of row.entries()) {
        await page.fill(`#sheet-form input[name="s.${i}.${j}"]`, value);
      }
    }
    await page.click('#sheet-submit');
    await page.waitForLoadState('domcontentloaded');
    await page.locator(`#scoring-status tr[data-person="${person}"] .submitted`, { hasText: '✓' }).waitFor(WAIT);
    await noError(page, '#room-error');
    if (n < experts.length - 1) {
      await page.locator('#sheet-sealed').waitFor(WAIT);
      // nobody sees another member's scores before the last sheet
      assert.equal(await page.locator('#sheets').count(), 0);
      if (n === 0) await shot(page, 'evaluation-zh-3-sheet-sealed');
    }
  }

  // ---- 5. all revealed; the outlier blocks the report until its author gives a reason.
  const outlier = experts[experts.length - 1];
  await outlier.page.goto(`${BASE}/trades/${TRADE}/room`);
  await outlier.page.locator('#sheets').waitFor(WAIT);
  assert.equal(await outlier.page.locator('#sheets tbody tr').count(), 15);
  assert.match(await outlier.page.locator('#scoring-issues').innerText(), /畸高畸低，待说明 · 须解决/);
  assert.equal(await outlier.page.locator('#report-digest').count(), 0, 'a report before the reason');
  const reason = outlier.page.locator('#reason-B1-tech');
  await reason.waitFor(WAIT);
  await shot(outlier.page, 'evaluation-zh-4-outlier-reason-required');
  // The others have nothing to sign yet.
  await experts[0].page.goto(`${BASE}/trades/${TRADE}/room`);
  assert.equal(await experts[0].page.locator('#sign-form').count(), 0);
  await reason.fill(OUTLIER_REASON);
  await outlier.page.locator('form.reason button').click();
  await outlier.page.waitForLoadState('domcontentloaded');
  await outlier.page.locator('#report-digest').waitFor(WAIT);
  await noError(outlier.page, '#room-error');
  const digest = (await outlier.page.locator('#report-digest').innerText()).trim();
  assert.match(digest, /^[0-9a-f]{64}$/);
  const ranked = await outlier.page.locator('#ranking tbody tr').count();
  assert.ok(ranked >= 1 && ranked <= 3, `ranked ${ranked}`);

  // ---- 6. every member signs the report with its key, in the browser.
  for (const [n, { person, page }] of experts.entries()) {
    await page.goto(`${BASE}/trades/${TRADE}/room`);
    await page.locator('#sign-form').waitFor({ state: 'visible', ...WAIT });
    assert.equal((await page.locator('#report-digest').innerText()).trim(), digest);
    if (n !== 0) await page.fill('#sign-seed', demoSeed(person));
    await page.click('#sign-report');
    await statusRow(page, person).locator('.signed', { hasText: '✓' }).waitFor(WAIT);
    await noError(page, '#room-error');
    if (n === 0) await shot(page, 'evaluation-zh-5-report-signed');
  }

  // ---- 7. supervisor-zhou sees all signatures and the outlier flagged with its reason.
  const zhou = await newPage(browser, 'zh-CN');
  await signIn(zhou, 'supervisor-zhou');
  await zhou.goto(`${BASE}/trades/${TRADE}/room`);
  await zhou.locator('#scoring-flags').waitFor(WAIT);
  const flags = await zhou.locator('#scoring-flags').innerText();
  assert.ok(flags.includes(outlier.person) && flags.includes(OUTLIER_REASON), flags);
  assert.equal(await zhou.locator('#scoring-status .signed', { hasText: '✓' }).count(), 5);
  await shot(zhou, 'evaluation-zh-6-supervisor-flag');

  // The trade has its evaluation.
  const tradeJson = async () => (await zhou.request.get(`${BASE}/api/trades/${TRADE}`)).json();
  assert.equal((await tradeJson()).phase, 'evaluated');

  // ---- 8. the tenderer awards rank 1 on the publicity page.
  const tenderer = await newPage(browser, 'zh-CN');
  await signIn(tenderer, 'tenderer-14');
  await tenderer.goto(`${BASE}/trades/${TRADE}/publicity`);
  await tenderer.locator('#award-form').waitFor();
  const winner = await tenderer.locator('#award-form select[name=winner] option').first().getAttribute('value');
  await tenderer.selectOption('#award-form select[name=winner]', winner);
  await tenderer.click('#award-submit');
  await tenderer.locator('#notice, #error-message').first().waitFor();
  await noError(tenderer);
  assert.equal((await tenderer.locator('#publicity-winner').innerText()).includes(winner), true);
  await shot(tenderer, 'evaluation-zh-7-awarded');

  // ---- 9. the agency publishes the result: the challenge window starts.
  const agency = await newPage(browser, 'zh-CN');
  await signIn(agency, 'agency-li');
  await agency.goto(`${BASE}/trades/${TRADE}/publicity`);
  assert.match(await agency.locator('#publicity-published').innerText(), /尚未/);
  await agency.click('#publish-result');
  await agency.locator('#notice, #error-message').first().waitFor();
  await noError(agency);
  assert.match(await agency.locator('#publicity-published').innerText(), /^\d{4}-\d{2}-\d{2}$/);
  assert.match(await agency.locator('#publicity-periods').innerText(), /质疑/);
  await shot(agency, 'evaluation-zh-8-result-published');
  assert.equal((await tradeJson()).phase, 'publicized');

  // ---- 10. a bidder challenges the result within the window: filed and logged.
  const bidder = await newPage(browser, 'zh-CN');
  await signIn(bidder, 'bidder-4');
  await bidder.goto(`${BASE}/trades/${TRADE}/publicity`);
  await bidder.selectOption('#file-form select[name=about]', 'result');
  await bidder.fill('#file-form textarea[name=text]', '第一名的认证证书得分与投标文件不符，请复核。');
  await bidder.click('#file-submit');
  await bidder.locator('#notice, #error-message').first().waitFor();
  await noError(bidder);
  assert.match(await bidder.locator('#filing-1').innerText(), /认证证书得分与投标文件不符/);
  await shot(bidder, 'evaluation-zh-9-challenge-filed');

  // ---- 11. a challenge after the window (ZC-2026-0407's result was published in May) is
  // refused: the message names the rule and the deadline, and nothing is filed.
  const late = await newPage(browser, 'zh-CN');
  await signIn(late, 'bidder-8');
  await late.goto(`${BASE}/trades/${LATE_TRADE}/publicity`);
  const before = await late.locator('.filing').count();
  await late.selectOption('#file-form select[name=about]', 'result');
  await late.fill('#file-form textarea[name=text]', '对成交结果提出质疑。');
  await late.click('#file-submit');
  await late.locator('#notice, #error-message').first().waitFor();
  const refusal = await late.locator('#error-message').innerText();
  assert.match(refusal, /已超过法定期限，不予受理/);
  assert.match(refusal, /政府采购法 第52条/);
  assert.match(refusal, /2026-0[5-6]-\d{2}/);
  assert.equal(await late.locator('#notice').count(), 0);
  await shot(late, 'evaluation-zh-10-late-challenge-refused');
  // The refusal is its own page (422) with a way back; nothing was filed.
  await late.click('#error-back');
  await late.locator('#file-form').waitFor();
  assert.equal(await late.locator('.filing').count(), before, 'nothing filed');
});
