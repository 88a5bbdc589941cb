// The keys a person's browser makes (static/keys.js): on the one-time link's page, a signing
// key (WebCrypto Ed25519) and a custody key (X25519, that opening-key shares are sealed to),
// the private halves not extractable and kept in IndexedDB, the public halves sent with the
// password; on "my keys" (/work/keys), a custodian who already has an account makes and
// binds a custody key in one click. A link that is not one binds nothing and says why.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BASE, launch, newPage, shot, signIn } = require('./helpers');

/** The row `key` of this browser's key store, and whether its private key exports. */
function keptKey(page, key) {
  return page.evaluate(async (key) => {
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('sunbid-keys', 1);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const row = await new Promise((resolve) => {
      const req = db.transaction('keys').objectStore('keys').get(key);
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    let exported = true;
    try {
      await crypto.subtle.exportKey('pkcs8', row.privateKey);
    } catch {
      exported = false;
    }
    const k = row.privateKey;
    return { publicHex: row.publicHex, type: k.type, algorithm: k.algorithm.name, extractable: k.extractable, exported };
  }, key);
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

test('the link page makes a key the browser keeps and cannot export', async () => {
  const page = await newPage(browser, 'zh-CN');
  await page.goto(`${BASE}/link/expert-key-test/${'ab'.repeat(32)}`);
  await page.locator('#key-note').waitFor({ state: 'visible' });
  const sent = await page.inputValue('input[name="public_key"]');
  assert.match(sent, /^[0-9a-f]{64}$/);
  const kept = await keptKey(page, 'expert-key-test');
  assert.equal(kept.publicHex, sent);
  assert.equal(kept.type, 'private');
  assert.equal(kept.extractable, false);
  assert.equal(kept.exported, false);
  // The custody key, made alongside: X25519, not extractable either.
  const custody = await page.inputValue('input[name="custody_key"]');
  assert.match(custody, /^[0-9a-f]{64}$/);
  const keptCustody = await keptKey(page, 'expert-key-test#custody');
  assert.equal(keptCustody.publicHex, custody);
  assert.equal(keptCustody.algorithm, 'X25519');
  assert.equal(keptCustody.extractable, false);
  assert.equal(keptCustody.exported, false);
  await shot(page, 'keys-zh-1-link-page');
  // This link was never issued: refused with a message, nothing bound.
  await page.fill('input[name="password"]', 'a long enough passphrase 1');
  await page.click('#activate-form button[type="submit"]');
  await page.locator('#error-message').waitFor();
  assert.notEqual((await page.locator('#error-message').innerText()).trim(), '');
});

test('a custodian makes and binds a custody key on "my keys" in one click', async () => {
  const page = await newPage(browser, 'zh-CN');
  await signIn(page, 'staff-chen');
  await page.goto(`${BASE}/work`);
  await page.click('a[href="/work/keys"]');
  await page.waitForURL(/\/work\/keys/);
  const before = (await page.locator('#custody-public').innerText()).trim();
  // The demo's key lives in no browser: this one does not hold it.
  await page.locator('#custody-here', { hasText: '未保存该密钥' }).waitFor();
  await page.click('#custody-make');
  await page.waitForURL(/done=custody/);
  await page.locator('#notice').waitFor();
  const bound = (await page.locator('#custody-public').innerText()).trim();
  assert.match(bound, /^[0-9a-f]{64}$/);
  assert.notEqual(bound, before);
  await page.locator('#custody-here', { hasText: '保存有该密钥' }).waitFor();
  const kept = await keptKey(page, 'staff-chen#custody');
  assert.equal(kept.publicHex, bound);
  assert.equal(kept.algorithm, 'X25519');
  assert.equal(kept.extractable, false);
  assert.equal(kept.exported, false);
  await shot(page, 'keys-zh-2-my-keys');
});
