// The signing key a person's browser makes on the one-time link's page (static/keys.js):
// WebCrypto Ed25519, the private half not extractable and kept in IndexedDB, the public half
// sent with the password. A link that is not one binds nothing and says why.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BASE, launch, newPage, shot } = require('./helpers');

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

test('the link page makes a key the browser keeps and cannot export', async () => {
  const page = await newPage(browser, 'zh-CN');
  await page.goto(`${BASE}/link/expert-key-test/${'ab'.repeat(32)}`);
  await page.locator('#key-note').waitFor({ state: 'visible' });
  const sent = await page.inputValue('input[name="public_key"]');
  assert.match(sent, /^[0-9a-f]{64}$/);
  const kept = await page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('sunbid-keys', 1);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const row = await new Promise((resolve) => {
      const req = db.transaction('keys').objectStore('keys').get('expert-key-test');
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    let exported = true;
    try {
      await crypto.subtle.exportKey('pkcs8', row.privateKey);
    } catch {
      exported = false;
    }
    return { publicHex: row.publicHex, type: row.privateKey.type, extractable: row.privateKey.extractable, exported };
  });
  assert.equal(kept.publicHex, sent);
  assert.equal(kept.type, 'private');
  assert.equal(kept.extractable, false);
  assert.equal(kept.exported, false);
  await shot(page, 'keys-zh-1-link-page');
  // This link was never issued: refused with a message, nothing bound.
  await page.fill('input[name="password"]', 'a long enough passphrase 1');
  await page.click('#activate-form button[type="submit"]');
  await page.locator('#error-message').waitFor();
  assert.notEqual((await page.locator('#error-message').innerText()).trim(), '');
});
