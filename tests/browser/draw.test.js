// The expert draw and the remote evaluation room in the browser (issue #5), against a server of
// its own that scripts/browser.sh starts with `--accelerate 120` (SUNBID_DRAW_URL): the two demo
// hours to GC-2026-0909's evaluation slot pass in about a minute.
//
// staff-wang requests the draw on the draw page; the list is sealed (no name on the page, not
// even for staff); the drawn experts find their invitation on their workbench and confirm;
// the others have none. When the slot starts staff reveal the list, which opens the
// evaluation room; two experts join it from two browser sessions, each signing the room's
// challenge with their own key in the browser; supervisor-zhou watches live and sees both
// arrive and a message posted. The re-check page passes. Each step saves a screenshot.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { launch, newPage, shot } = require('./helpers');

const BASE = process.env.SUNBID_DRAW_URL;
const PASSWORD = process.env.SUNBID_DEMO_PASSWORD || 'sunbid-demo-2026';
const TRADE = 'GC-2026-0909';
const EXPERTS = ['expert-zhao', 'expert-qian', 'expert-sun', 'expert-li', 'expert-zhou', 'expert-wu', 'expert-zheng'];
const NAMES = ['赵立新', '钱文博', '孙嘉怡', '李国栋', '周晓梅', '吴振华', '郑雅琴'];
const WAIT = { timeout: 150_000 };

let browser;
before(async () => { if (BASE) browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

/** A demo person's Ed25519 seed: SHA-256 of `sunbid-demo-key/<person>` (app::demo::demo_seed). */
function demoSeed(person) {
  return crypto.createHash('sha256').update(`sunbid-demo-key/${person}`).digest('hex');
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

test('staff draw, experts confirm, two experts meet in the remote room, a supervisor watches', { skip: !BASE && 'SUNBID_DRAW_URL is not set (scripts/browser.sh sets it)' }, async () => {
  // ---- 1. staff-wang requests the draw; the list is sealed, for staff too.
  const wang = await newPage(browser, 'zh-CN');
  await signIn(wang, 'staff-wang');
  await wang.goto(`${BASE}/trades/${TRADE}/draw`);
  assert.equal(await wang.locator('#draw-phase').innerText(), '尚未抽取');
  await wang.fill('input[name=quotas]', 'D09.01:5');
  await wang.selectOption('select[name=region]', 'any');
  await wang.click('#draw-submit');
  await wang.locator('#notice').waitFor();
  await noError(wang);
  assert.match(await wang.locator('#draw-phase').innerText(), /名单密封/);
  assert.equal(await wang.locator('#draw-seats tbody tr').count(), 5);
  const sealedPage = await wang.locator('main').innerText();
  for (const name of NAMES) assert.ok(!sealedPage.includes(name), `staff see ${name} before the reveal`);
  assert.match(sealedPage, /承诺值[\s\S]*信标/);
  await shot(wang, 'draw-zh-1-drawn-sealed');

  // ---- 2. each demo expert looks at its workbench: five are invited and confirm.
  const drawn = [];
  for (const person of EXPERTS) {
    const page = await newPage(browser, 'zh-CN');
    await signIn(page, person);
    const row = page.locator(`#row-invitations-${TRADE}`);
    if (await row.count() === 0) {
      await page.close();
      continue;
    }
    assert.match(await row.innerText(), /待确认/);
    await row.locator('button[value=yes]').click();
    await page.locator('#notice, #error-message').first().waitFor();
    await noError(page);
    assert.match(await page.locator(`#row-invitations-${TRADE}`).innerText(), /已确认/);
    if (drawn.length === 0) await shot(page, 'draw-zh-2-invitation-confirmed');
    drawn.push({ person, page });
  }
  assert.equal(drawn.length, 5, `invited: ${drawn.map((d) => d.person)}`);
  await wang.reload();
  assert.equal(await wang.locator('#draw-seats .seat-status', { hasText: '已确认' }).count(), 5);

  // The tenderer's view of the draw shows no name either.
  const tenderer = await newPage(browser, 'zh-CN');
  await signIn(tenderer, 'tenderer-14');
  await tenderer.goto(`${BASE}/trades/${TRADE}/draw`);
  const tendererText = await tenderer.locator('main').innerText();
  for (const name of NAMES) assert.ok(!tendererText.includes(name), `the tenderer sees ${name}`);

  // ---- 3. the slot starts: reveal (refused until then), which opens the room.
  const started = Date.now();
  for (;;) {
    await wang.goto(`${BASE}/trades/${TRADE}/draw`);
    await wang.click('#draw-reveal');
    await wang.locator('#notice, #error-message').first().waitFor();
    if (await wang.locator('#notice').count()) break;
    assert.match(await wang.locator('#error-message').innerText(), /评标开始前名单保密/);
    assert.ok(Date.now() - started < 140_000, 'the evaluation slot never started');
    await new Promise((r) => setTimeout(r, 3000));
  }
  assert.match(await wang.locator('#draw-phase').innerText(), /名单已公开/);
  const revealed = await wang.locator('#draw-seats').innerText();
  const drawnNames = drawn.map((d) => NAMES[EXPERTS.indexOf(d.person)]);
  for (const name of drawnNames) assert.ok(revealed.includes(name), `${name} is not on the revealed list`);
  await shot(wang, 'draw-zh-3-revealed');
  await wang.click('#draw-check-link');
  assert.match(await wang.locator('#check-result').innerText(), /复核通过/);
  await shot(wang, 'draw-zh-4-recheck');

  // ---- 4. supervisor-zhou watches the room.
  const zhou = await newPage(browser, 'zh-CN');
  await signIn(zhou, 'supervisor-zhou');
  await zhou.goto(`${BASE}/trades/${TRADE}/room`);
  await zhou.locator('#seats').waitFor();
  assert.equal(await zhou.locator('#seats tbody tr').count(), 5);

  // ---- 5. two experts join from their own sessions, each with its own key.
  const [a, b] = drawn;
  for (const { person, page } of [a, b]) {
    await page.goto(`${BASE}/trades/${TRADE}/room`);
    await page.locator('#join-form').waitFor({ state: 'visible' });
    await page.fill('#join-seed', demoSeed(person));
    await page.click('#join-room');
    await page.locator(`#seats tr[data-person="${person}"] .presence .tag`).waitFor(WAIT);
    await noError(page, '#room-error');
  }
  await shot(b.page, 'draw-zh-5-expert-in-room');
  // the supervisor's view follows without a reload
  for (const { person } of [a, b]) {
    await zhou.locator(`#seats tr[data-person="${person}"] .presence .tag`).waitFor(WAIT);
  }
  await a.page.fill('#post-text', '各位专家好，评标开始，请先核对开标记录。');
  await a.page.click('#post-submit');
  await zhou.locator('#feed', { hasText: '请先核对开标记录' }).waitFor(WAIT);
  await shot(zhou, 'draw-zh-6-supervisor-watching');

  // An outsider cannot enter: the room does not exist for it.
  const outsider = await newPage(browser, 'zh-CN');
  await signIn(outsider, 'bidder-2');
  const response = await outsider.goto(`${BASE}/trades/${TRADE}/room`);
  assert.equal(response.status(), 404);
});
