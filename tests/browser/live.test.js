// Remote supervision: the supervisor watches a trade's log live (server-sent events) and sees
// a suspension appear without reloading; it shows who acted.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BASE, launch, newPage, shot } = require('./helpers');

const PASSWORD = process.env.SUNBID_DEMO_PASSWORD || 'sunbid-demo-2026';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('the supervisor sees a new step appear on the live timeline', async () => {
  const page = await newPage(browser, 'zh-CN');
  await page.goto(`${BASE}/signin`);
  await page.fill('input[name=person]', 'supervisor-zhou');
  await page.fill('input[name=password]', PASSWORD);
  await page.click('main form button');
  await page.waitForURL(/\/work/);
  await page.goto(`${BASE}/work/trades/GC-2026-0904/live`);
  await page.waitForFunction(() => document.getElementById('live-status').textContent.includes('已连接'));
  const before = await page.locator('#live tbody tr').count();

  const api = await browser.newContext();
  const signin = await api.request.post(`${BASE}/api/session`, { data: { person: 'supervisor-zhou', password: PASSWORD } });
  const { token } = await signin.json();
  const headers = { authorization: `Bearer ${token}` };
  const suspend = await api.request.post(`${BASE}/api/trades/GC-2026-0904/commands`, { headers, data: { command: { type: 'suspend', reason: '收到投诉，暂停核查' } } });
  assert.equal(suspend.status(), 200, await suspend.text());

  await page.waitForFunction((n) => document.querySelectorAll('#live tbody tr').length > n, before);
  const last = await page.locator('#live tbody tr').last().innerText();
  assert.match(last, /项目暂停/);
  assert.match(last, /supervisor-zhou/);
  await shot(page, 'live-zh');

  const resume = await api.request.post(`${BASE}/api/trades/GC-2026-0904/commands`, { headers, data: { command: { type: 'resume' } } });
  assert.equal(resume.status(), 200, await resume.text());
  await page.waitForFunction((n) => document.querySelectorAll('#live tbody tr').length > n + 1, before);
  await api.close();
  await page.context().close();
});
