// The public portal, without an account, in both languages: find an announcement by search
// and filters, open its public timeline, switch language, verify a receipt.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BASE, launch, newPage, shot } = require('./helpers');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('the portal is in Chinese by default and lists announcements of both lines', async () => {
  const page = await newPage(browser, 'zh-CN');
  await page.goto(`${BASE}/`);
  assert.equal(await page.locator('h1').innerText(), '交易公告');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  const rows = await page.locator('table.trades tbody tr').count();
  assert.ok(rows >= 5, `expected announcements, got ${rows}`);
  const lines = await page.locator('table.trades tbody tr td:nth-child(3)').allInnerTexts();
  assert.ok(lines.includes('政府采购') && lines.includes('工程建设'), lines.join(','));
  await shot(page, 'portal-zh');
  await page.context().close();
});

test('search and filters narrow the list', async () => {
  const page = await newPage(browser, 'zh-CN');
  await page.goto(`${BASE}/`);
  await page.fill('input[name=q]', '人民公园');
  await page.click('form.search button');
  assert.equal(await page.locator('#result-count').innerText(), '1');
  assert.match(await page.locator('table.trades tbody').innerText(), /人民公园景观提升工程/);
  await page.fill('input[name=q]', '');
  await page.selectOption('select[name=line]', 'procurement');
  await page.click('form.search button');
  const lines = await page.locator('table.trades tbody tr td:nth-child(3)').allInnerTexts();
  assert.ok(lines.length >= 1 && lines.every((l) => l === '政府采购'), lines.join(','));
  await page.selectOption('select[name=line]', '');
  await page.selectOption('select[name=status]', 'open');
  await page.click('form.search button');
  // The statuses people know from trading portals, not the platform's phase names.
  const phases = await page.locator('table.trades tbody tr td.status').allInnerTexts();
  assert.ok(phases.length >= 1 && phases.every((p) => p === '正在接收投标' || p === '待开标'), phases.join(','));
  // Regions by name, picked by name.
  await page.selectOption('select[name=status]', '');
  await page.selectOption('select[name=region]', { label: '浙江省' });
  await page.click('form.search button');
  const regions = await page.locator('table.trades tbody tr td:nth-child(6)').allInnerTexts();
  assert.ok(regions.length >= 1 && regions.every((r) => r.startsWith('浙江省')), regions.join(','));
  await shot(page, 'portal-search-zh');
  await page.context().close();
});

test('a trade page shows its public timeline without bids', async () => {
  const page = await newPage(browser, 'zh-CN');
  await page.goto(`${BASE}/`);
  await page.click('a[href="/trades/ZC-2026-0407"]');
  await page.waitForURL(/\/trades\/ZC-2026-0407$/);
  const timeline = await page.locator('table.timeline').innerText();
  assert.match(timeline, /发布招标（采购）公告/);
  assert.match(timeline, /出具交易确认书/);
  assert.doesNotMatch(timeline, /投标文件|bid_submitted/);
  await shot(page, 'trade-zh');
  await page.context().close();
});

test('the language switch shows the same pages in English and is remembered', async () => {
  const page = await newPage(browser, 'zh-CN');
  await page.goto(`${BASE}/?line=construction`);
  await page.click('#lang-switch');
  assert.equal(await page.locator('h1').innerText(), 'Announcements');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.inputValue('select[name=line]'), 'construction', 'the search survives the switch');
  await page.goto(`${BASE}/guides`);
  assert.equal(await page.locator('h1').innerText(), 'Entry guides');
  assert.match(await page.locator('table.guides').innerText(), /Open tendering/);
  await shot(page, 'guides-en');
  await page.context().close();
});

test('an English reader gets English from the start, and errors too', async () => {
  const page = await newPage(browser, 'en-US');
  const response = await page.goto(`${BASE}/trades/NO-SUCH-TRADE`);
  assert.equal(response.status(), 404);
  assert.equal(await page.locator('#error-message').innerText(), 'Nothing was found here.');
  await shot(page, 'not-found-en');
  await page.context().close();
});

test('a receipt verifies on the public page without an account, and a doctored one fails', async () => {
  const page = await newPage(browser, 'zh-CN');
  const proof = await (await fetch(`${BASE}/api/log/proof/inclusion?index=3`)).json();
  await page.goto(`${BASE}/verify`);
  await page.fill('textarea[name=proof]', JSON.stringify(proof, null, 2));
  await page.click('main form button');
  assert.match(await page.locator('#verify-result').innerText(), /^验证通过/);
  await shot(page, 'verify-ok-zh');
  proof.leaf_index = 4;
  await page.fill('textarea[name=proof]', JSON.stringify(proof));
  await page.click('main form button');
  assert.match(await page.locator('#verify-result').innerText(), /^验证未通过/);
  await shot(page, 'verify-bad-zh');
  await page.context().close();
});
