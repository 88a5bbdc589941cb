// The whole path of issue #3, in both languages: an agency registers a project, the center's
// acceptance post is taken by its backup (B) while the primary (A) is away, the rooms are
// booked, the documents uploaded and the announcement published, the public finds it by
// search, and a bidder obtains the documents. Each step saves a screenshot.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BASE, launch, newPage, shot } = require('./helpers');

const PASSWORD = process.env.SUNBID_DEMO_PASSWORD || 'sunbid-demo-2026';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function signIn(page, person) {
  await page.goto(`${BASE}/signin`);
  await page.fill('input[name=person]', person);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('main form button');
  await page.waitForURL(/\/work/);
}

async function signOut(page) {
  await page.click('.who form button');
  await page.waitForURL(`${BASE}/`);
}

async function notice(page) {
  const error = page.locator('#error-message');
  if (await error.count()) assert.fail(`refused: ${await error.innerText()}`);
  return page.locator('#notice').innerText();
}

for (const [lang, locale, id, rooms] of [
  ['zh', 'zh-CN', 'GC-2026-1101', ['opening-6', 'evaluation-6']],
  ['en', 'en-US', 'GC-2026-1102', ['opening-7', 'evaluation-7']],
]) {
  test(`register → accept (B for an away A) → publish → public search → obtain documents [${lang}]`, async () => {
    const tenderer = (await (await fetch(`${BASE}/api/trades/GC-2026-0301`)).json()).tenderer;
    const title = lang === 'zh' ? `滨湖新区道路照明工程${id}` : `Lakeside road lighting ${id}`;
    const page = await newPage(browser, locale);

    // 1. the agency registers the project
    await signIn(page, 'agency-li');
    await page.fill('#register-form input[name=trade]', id);
    await page.fill('#register-form input[name=title]', title);
    await page.selectOption('#register-form select[name=line]', 'construction');
    await page.selectOption('#register-form select[name=method]', 'open_tendering');
    await page.fill('#register-form input[name=tenderer]', tenderer);
    await page.fill('#register-form input[name=estimate]', '3600000.00');
    await page.click('#register-form button');
    assert.match(await notice(page), /1|registered|登记/);
    await shot(page, `flow-${lang}-1-registered`);
    await signOut(page);

    // 2. A (staff-wang) is away from the acceptance post; B (staff-chen) accepts for A
    await signIn(page, 'staff-wang');
    const toggle = page.locator('#toggle-away-acceptance');
    await toggle.click();
    await notice(page).catch(() => {});
    await signOut(page);
    await signIn(page, 'staff-chen');
    const row = page.locator(`#row-acceptance-${id}`);
    await row.locator('button[value=accept]').click();
    await notice(page);
    await shot(page, `flow-${lang}-2-accepted-by-b`);
    await signOut(page);

    // A comes back and books the rooms
    await signIn(page, 'staff-wang');
    await page.locator('#toggle-away-acceptance').click();
    // the rooms are the center's, picked by name; the small negotiation room (3 seats) is
    // refused for a tendering committee (at least 5), and the form keeps what was picked
    const venue = () => page.locator(`#row-venue-${id}`);
    await venue().locator('select[name=opening_room]').selectOption(rooms[0]);
    await venue().locator('select[name=evaluation_room]').selectOption('evaluation-10');
    await venue().locator('button[value=book]').click();
    const refusal = await page.locator('#error-message').innerText();
    assert.match(await venue().locator('.form-error').innerText(), lang === 'zh' ? /座位不足/ : /does not seat/);
    assert.match(refusal, lang === 'zh' ? /座位不足/ : /does not seat/);
    assert.equal(await venue().locator('select[name=opening_room]').inputValue(), rooms[0]);
    assert.equal(await venue().locator('select[name=evaluation_room]').inputValue(), 'evaluation-10');
    assert.equal(await venue().locator('select[name=evaluation_room][aria-invalid=true]').count(), 1);
    await shot(page, `flow-${lang}-2b-room-too-small`);
    await venue().locator('select[name=evaluation_room]').selectOption(rooms[1]);
    await venue().locator('button[value=book]').click();
    await notice(page);
    await signOut(page);

    // the log records who acted for whom
    const api = await browser.newContext();
    const signin = await api.request.post(`${BASE}/api/session`, { data: { person: 'supervisor-zhou', password: PASSWORD } });
    assert.equal(signin.status(), 200);
    const log = await (await api.request.get(`${BASE}/api/trades/${id}/log`)).json();
    const accepted = log.events.find((e) => e.kind === 'trade.accepted');
    assert.equal(accepted.actor, 'staff-chen');
    assert.equal(accepted.on_behalf_of, 'staff-wang');
    await api.close();

    // 3. the agency uploads the documents and publishes the announcement
    await signIn(page, 'agency-li');
    const mine = page.locator(`#row-mine-${id}`);
    await mine.locator('input[type=file]').setInputFiles({ name: 'tender.txt', mimeType: 'text/plain', buffer: Buffer.from(`招标文件 ${title}`) });
    await mine.locator('button[value=documents]').click();
    await notice(page);
    await page.locator(`#row-mine-${id} button[value=publish]`).click();
    await notice(page);
    await shot(page, `flow-${lang}-3-published`);
    await signOut(page);

    // 4. the public finds it by search
    await page.goto(`${BASE}/`);
    await page.fill('input[name=q]', title);
    await page.click('form.search button');
    assert.equal(await page.locator('#result-count').innerText(), '1');
    await shot(page, `flow-${lang}-4-public-search`);

    // 5. a bidder obtains the documents; the public timeline does not show who
    await signIn(page, 'bidder-1');
    await page.locator(`#row-tenders-${id} button[value=obtain]`).click();
    await notice(page);
    await shot(page, `flow-${lang}-5-obtained`);
    const timeline = await (await fetch(`${BASE}/api/trades/${id}/timeline`)).json();
    assert.ok(!timeline.events.some((e) => e.kind === 'trade.documents_obtained'), 'obtainers are sealed');
    await page.context().close();
  });
}
