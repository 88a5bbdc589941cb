// Sealed bids and the remote opening in the browser (issue #4), against a server of its own
// that scripts/browser.sh starts with `--accelerate 600` (SUNBID_OPENING_URL): the eight demo
// hours to GC-2026-0908's deadline pass in about 48 seconds. Sessions then last about as long,
// so every actor signs in right before their step.
//
// bidder-5 seals bids in the browser (the upload holds no plaintext), withdraws one and
// changes another; after the deadline staff-wang opens the room; staff-wang opens his key
// share in one click with the custody key his browser keeps (nothing typed, the key not
// extractable), supervisor-zhou hers with her typed demo seed (the fallback); the opening
// record shows the three bids with their prices; bidder-5 confirms and objects, the agency
// answers (without JavaScript, through the room's plain forms); the record is checked in
// English too. Each step saves a screenshot.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { launch, newPage, shot } = require('./helpers');

const BASE = process.env.SUNBID_OPENING_URL;
const PASSWORD = process.env.SUNBID_DEMO_PASSWORD || 'sunbid-demo-2026';
const TRADE = 'GC-2026-0908';
const WAIT = { timeout: 150_000 };
/** The CLI scripts/browser.sh built. */
const SUNBID = process.env.SUNBID_BIN || path.join(__dirname, '..', '..', 'target', 'debug', 'sunbid');

let browser;
before(async () => { if (BASE) browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

/** A demo custodian's Ed25519 seed: SHA-256 of `sunbid-demo-key/<person>` (app::demo::demo_seed). */
function demoSeed(person) {
  return crypto.createHash('sha256').update(`sunbid-demo-key/${person}`).digest('hex');
}

/**
 * Puts a demo custodian's custody key into this browser's key store as a browser that made
 * it keeps it: a non-extractable X25519 CryptoKey (static/keys.js). The demo binds, for each
 * custodian, the X25519 twin of the published seed (app::demo::demo_custody_key_hex), so
 * the test can hold the key the server sealed the share to; a real custodian's browser makes
 * its own on "my keys" (keys.test.js). Returns { publicHex, extractable }.
 */
function keepDemoCustodyKey(page, person) {
  return page.evaluate(async ({ person, seedHex }) => {
    const seal = await import('/static/seal.js');
    const x = await seal.ed25519SeedToX25519(seal.fromHex(seedHex));
    const pkcs8 = seal.concat(seal.fromHex('302e020100300506032b656e04220420'), x);
    const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'X25519' }, false, ['deriveBits']);
    const publicHex = seal.toHex(await seal.x25519PublicFromSecret(x));
    x.fill(0);
    const keys = await import('/static/keys.js');
    await keys.keep(`${person}#custody`, privateKey, publicHex);
    let exported = true;
    try {
      await crypto.subtle.exportKey('pkcs8', privateKey);
    } catch {
      exported = false;
    }
    return { publicHex, extractable: privateKey.extractable, exported };
  }, { person, seedHex: demoSeed(person) });
}

async function signIn(page, person) {
  await page.goto(`${BASE}/signin`);
  await page.fill('input[name=person]', person);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('main form button');
  await page.waitForURL(/\/work/);
}

/** Fen as the opening record shows yuan: 612345678 → 6,123,456.78. */
function yuan(fen) {
  const whole = Math.floor(fen / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole}.${String(fen % 100).padStart(2, '0')}`;
}

async function noError(page) {
  const text = (await page.locator('#opening-error').innerText()).trim();
  assert.equal(text, '', `refused: ${text}`);
}

async function sealAndSubmit(page, price, fileName, body) {
  await page.fill('#bid-price', price);
  await page.fill('#bid-period', '120');
  await page.setInputFiles('#bid-files', [
    { name: fileName, mimeType: 'text/plain', buffer: Buffer.from(body, 'utf8') },
    { name: '报价单.csv', mimeType: 'text/csv', buffer: Buffer.from(`item,price\n总价,${price}\n`, 'utf8') },
  ]);
  const previous = await page.locator('#receipt-handle').textContent();
  const upload = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes(`/api/trades/${TRADE}/bids?`));
  await page.click('#bid-submit');
  const request = await upload;
  // Only the envelope leaves the browser: no file content, name or price in the clear.
  const sent = request.postDataBuffer();
  assert.equal(sent.subarray(0, 6).toString('latin1'), 'SBSEAL');
  for (const secret of [body, fileName, price.replace('.', ''), '报价单']) {
    assert.ok(!sent.includes(Buffer.from(secret, 'utf8')), `the upload shows ${secret}`);
  }
  // A new receipt, or a refusal in the status line.
  await page.waitForFunction((prev) => {
    const status = document.getElementById('bid-status');
    return document.getElementById('receipt-handle').textContent !== prev || status.classList.contains('bad');
  }, previous, WAIT);
  const status = (await page.locator('#bid-status').innerText()).trim();
  assert.equal(status, '', status);
  assert.ok(await page.locator('#bid-receipt').isVisible());
  return page.locator('#receipt-handle').innerText();
}

test('sealed bids in the browser, then the remote opening with custodians\' keys [zh-CN, en]', { skip: !BASE && 'SUNBID_OPENING_URL is not set (scripts/browser.sh sets it)' }, async () => {
  // ---- 1. bidder-5 seals in the browser: submit, withdraw, submit again, change.
  const bidder = await newPage(browser, 'zh-CN');
  bidder.on('dialog', (d) => d.accept());
  await signIn(bidder, 'bidder-5');
  await bidder.goto(`${BASE}/trades/${TRADE}/bid`);
  assert.match(await bidder.locator('h1').innerText(), /投标/);
  await bidder.locator('#bid-fields:not([disabled])').waitFor();
  const keyId = (await (await fetch(`${BASE}/api/trades/${TRADE}/opening-key`)).json()).key_id;
  assert.equal(await bidder.locator('#bid-key-id').innerText(), keyId);

  const first = await sealAndSubmit(bidder, '5999999.00', '投标函-初稿.txt', '投标函：初稿，稍后撤回');
  assert.match(first, /^[0-9a-f]{64}$/);
  assert.match(await bidder.locator('#receipt-sha256').innerText(), /^[0-9a-f]{64}$/);
  assert.match(await bidder.locator('#receipt-leaf').innerText(), /^\d+$/);
  assert.equal(await bidder.locator('#receipt-download').getAttribute('download'), `receipt-${TRADE}-${first.slice(0, 12)}.json`);
  await bidder.locator(`#bid-mine-table tr[data-handle="${first}"] .bid-withdraw`).click();
  await bidder.locator(`#bid-mine-table tr[data-handle="${first}"]`, { hasText: '已撤回' }).waitFor();

  const second = await sealAndSubmit(bidder, '6000000.00', '投标函.txt', '投标函：第二稿');
  await bidder.locator(`#bid-mine-table tr[data-handle="${second}"] .bid-modify`).click();
  assert.match(await bidder.locator('#bid-modifying').innerText(), /正在修改投标/);
  const third = await sealAndSubmit(bidder, '6123456.78', '投标函-修改.txt', '投标函：最终稿');
  await bidder.locator(`#bid-mine-table tr[data-handle="${second}"]`, { hasText: '已被修改替换' }).waitFor();
  await bidder.locator(`#bid-mine-table tr[data-handle="${third}"]`, { hasText: '已递交' }).waitFor();
  assert.equal(await bidder.locator('#bid-mine-table tbody tr').count(), 3);
  const stored = await bidder.evaluate((k) => JSON.parse(localStorage.getItem(k)), `sunbid.bids.${TRADE}.91320100MA00000586`);
  assert.deepEqual(stored.map((e) => e.status), ['withdrawn', 'replaced', 'submitted']);
  await shot(bidder, 'opening-zh-1-sealed-bid');
  // The receipt the page issues for download (checked on the check page and the CLI at the end).
  const [download] = await Promise.all([bidder.waitForEvent('download'), bidder.click('#receipt-download')]);
  const issued = fs.readFileSync(await download.path(), 'utf8');
  const offlineFingerprint = await bidder.locator('#bid-log-key-fingerprint').innerText();

  // Without JavaScript the page says JavaScript is needed and its form stays disabled; a
  // bidder's page shows no command line (the offline sealing is in the guide, for integrators).
  const plain = await (await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: false })).newPage();
  await signIn(plain, 'bidder-5');
  await plain.goto(`${BASE}/trades/${TRADE}/bid`);
  const plainText = await plain.locator('main').innerText();
  assert.match(plainText, /需要启用 JavaScript/);
  assert.doesNotMatch(plainText, /curl|sunbid bid seal/);
  await plain.click('#bid-integrators a');
  assert.match(await plain.locator('#offline').innerText(), /sunbid bid seal --opening-key key\.json/);
  await plain.goBack();
  assert.ok(await plain.locator('#bid-submit').isDisabled());
  await shot(plain, 'opening-zh-1b-bid-without-js');

  // ---- 2. the public room until the deadline passes; the count of bids stays sealed.
  const watcher = await newPage(browser, 'zh-CN');
  await watcher.goto(`${BASE}/trades/${TRADE}/opening`);
  // The countdown to the deadline, from the server's clock, ticks in the page.
  const counted = await watcher.locator('#countdown').innerText();
  assert.match(counted, /^\d{2}:\d{2}:\d{2}$/);
  await watcher.waitForFunction((t) => document.getElementById('countdown').textContent !== t, counted);
  assert.equal(await watcher.locator('#opening-bids').innerText(), '开标开始后公布');
  assert.match(await watcher.locator('#record-sealed').innerText(), /开标前/);
  await shot(watcher, 'opening-zh-2-room-before-deadline');
  await watcher.waitForFunction(() => document.getElementById('opening-state').textContent.includes('投标已截止'), null, WAIT);

  // ---- 3. staff-wang opens the room and hands in his share in one click with the custody
  // key his browser keeps ("my keys" says it is the one bound to him).
  const wang = await newPage(browser, 'zh-CN');
  await signIn(wang, 'staff-wang');
  const kept = await keepDemoCustodyKey(wang, 'staff-wang');
  assert.equal(kept.extractable, false);
  assert.equal(kept.exported, false);
  await wang.goto(`${BASE}/work/keys`);
  assert.equal((await wang.locator('#custody-public').innerText()).trim(), kept.publicHex);
  await wang.locator('#custody-here', { hasText: '保存有该密钥' }).waitFor(WAIT);
  await wang.goto(`${BASE}/trades/${TRADE}/opening`);
  await wang.click('#open-bids');
  await wang.waitForFunction(() => document.getElementById('opening-state').textContent.includes('开标已开始'), null, WAIT);
  await noError(wang);
  assert.equal(await wang.locator('#opening-bids').innerText(), '3');
  await wang.locator('#share-open').waitFor({ state: 'visible' });
  await shot(wang, 'opening-zh-3-opened-by-staff');
  const handIn = wang.waitForRequest((r) => r.method() === 'POST' && r.url().includes(`/api/trades/${TRADE}/opening/shares`));
  await wang.click('#share-open');
  // Only the opened share leaves the browser, never a key.
  const sentShare = JSON.parse((await handIn).postData());
  assert.deepEqual(Object.keys(sentShare), ['share']);
  await wang.waitForFunction(() => document.getElementById('opening-notice').textContent.includes('分片已交回'), null, WAIT);
  await noError(wang);
  await wang.locator('tr[data-person="staff-wang"] .share-status', { hasText: '已交回' }).waitFor(WAIT);
  await shot(wang, 'opening-zh-4-share-staff');
  // The watcher's room follows without a reload.
  await watcher.locator('tr[data-person="staff-wang"] .share-status', { hasText: '已交回' }).waitFor(WAIT);

  // ---- 4. supervisor-zhou hands in hers (own browser context): k = 2, the bids open.
  const zhou = await newPage(browser, 'zh-CN');
  await signIn(zhou, 'supervisor-zhou');
  await zhou.goto(`${BASE}/trades/${TRADE}/opening`);
  await zhou.fill('#share-seed', demoSeed('supervisor-zhou'));
  await zhou.click('#seed-submit');
  await zhou.waitForFunction(() => document.getElementById('opening-notice').textContent.includes('投标文件已解密'), null, WAIT);
  await noError(zhou);
  await zhou.locator('#record-table').waitFor(WAIT);
  const opened = zhou.locator('#record-table tr.line[data-status="opened"]');
  assert.equal(await opened.count(), 3);
  const record = await (await zhou.request.get(`${BASE}/api/trades/${TRADE}/opening/record`)).json();
  const lines = record.lines.filter((l) => l.status.type === 'opened');
  assert.equal(lines.length, 3);
  for (const line of lines) {
    const row = zhou.locator(`#record-table tr.line[data-bidder="${line.bidder}"]`);
    assert.equal(await row.locator('td.price').innerText(), yuan(line.status.price));
  }
  const mine = zhou.locator('#record-table tr.line[data-bidder="91320100MA00000586"]');
  assert.equal(await mine.locator('td.price').innerText(), '6,123,456.78');
  assert.match(await mine.innerText(), /120/);
  await shot(zhou, 'opening-zh-5-record');
  // staff-wang's page shows the record too, by itself.
  await wang.locator('#record-table tr.line[data-status="opened"]').nth(2).waitFor(WAIT);

  // ---- 5. bidder-5 confirms the record and raises an objection; the agency answers it.
  await signIn(bidder, 'bidder-5');
  await bidder.goto(`${BASE}/trades/${TRADE}/opening`);
  assert.match(await bidder.locator('#record-table tr.line[data-bidder="91320100MA00000586"]').innerText(), /（您）/);
  await bidder.click('#confirm-record');
  await bidder.locator('#i-confirmed').waitFor(WAIT);
  await noError(bidder);
  await bidder.fill('#objection-text', '第 2 行报价的大写金额与小写不一致，请核实。');
  await bidder.click('#raise-objection');
  await bidder.locator('#objection-1').waitFor(WAIT);
  await noError(bidder);
  await shot(bidder, 'opening-zh-6-confirmed-objected');
  // The agency answers from a browser without JavaScript: the room's plain forms.
  const agency = plain;
  await signIn(agency, 'agency-li');
  await agency.goto(`${BASE}/trades/${TRADE}/opening`);
  await agency.fill('#answer-1', '已核实：以小写金额为准，开标记录无误。');
  await agency.click('#objection-1 button');
  await agency.waitForURL(/done=answer/);
  assert.equal(await agency.locator('#opening-notice').innerText(), '答复已提交。');
  assert.match(await agency.locator('#objection-1').innerText(), /以小写金额为准/);
  await noError(agency);
  await bidder.locator('#objection-1', { hasText: '以小写金额为准' }).waitFor(WAIT);
  await shot(agency, 'opening-zh-7-answered');

  // ---- 6. the same room in English.
  const en = await newPage(browser, 'en-US');
  await signIn(en, 'supervisor-zhou');
  await en.goto(`${BASE}/trades/${TRADE}/opening`);
  assert.equal(await en.getAttribute('html', 'lang'), 'en');
  assert.match(await en.locator('h1').innerText(), /^Opening room/);
  assert.match(await en.locator('#opening-state').innerText(), /The bids are unsealed/);
  assert.equal(await en.locator('#record-table tr.line[data-status="opened"]').count(), 3);
  assert.match(await en.locator('#record-table tr.line[data-bidder="91320100MA00000586"]').innerText(), /6,123,456\.78[\s\S]*Opened/);
  assert.match(await en.locator('#objection-1').innerText(), /Answer:/);
  await shot(en, 'opening-en-record');

  // ---- 7. the receipt the bid page issued passes on the check page and with the CLI given the
  // published log key; a changed receipt fails on both.
  const receipt = JSON.parse(issued);
  assert.equal(receipt.handle, third);
  assert.ok(!('key' in receipt) && !issued.includes(stored[2].key), 'the receipt carries no bid key');
  const served = await (await fetch(`${BASE}/api/log/key`)).text();
  const fingerprint = crypto.createHash('sha256').update(served).digest('hex');
  const changed = JSON.stringify({ ...receipt, envelope_size: receipt.envelope_size + 1 }, null, 2);
  const checker = await newPage(browser, 'zh-CN');
  assert.equal(offlineFingerprint, fingerprint, 'the bid page names the published key');
  await checker.goto(`${BASE}/verify`);
  assert.equal(await checker.locator('#log-key-fingerprint').innerText(), fingerprint);
  assert.equal(await checker.locator('main input, main textarea').count(), 1, 'one field: the receipt, no key');
  await checker.fill('main textarea[name=proof]', issued);
  await checker.click('main form button');
  assert.match(await checker.locator('#verify-result.ok').innerText(), new RegExp(`验证通过[\\s\\S]*${third}`));
  await shot(checker, 'opening-zh-8-receipt-checked');
  await checker.fill('main textarea[name=proof]', changed);
  await checker.click('main form button');
  assert.match(await checker.locator('#verify-result.bad').innerText(), /验证未通过/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunbid-receipt-'));
  const cli = (text) => {
    fs.writeFileSync(path.join(dir, 'receipt.json'), text);
    return spawnSync(SUNBID, ['receipt', 'verify', path.join(dir, 'receipt.json'), '--key', served.trim()], { encoding: 'utf8' });
  };
  const passed = cli(issued);
  assert.equal(passed.status, 0, passed.stdout + passed.stderr);
  assert.match(passed.stdout, new RegExp(`receipt OK: bid ${third}[\\s\\S]*${fingerprint}`));
  const failed = cli(changed);
  assert.equal(failed.status, 1, failed.stdout + failed.stderr);
  assert.match(failed.stdout, /receipt FAILED/);
  fs.rmSync(dir, { recursive: true });

  for (const p of [bidder, watcher, wang, zhou, plain, en, checker]) await p.context().close();
});
