// "A center goes live" (issue 13): a center made by `sunbid init` in an empty data folder
// (scripts/browser-golive.sh; no --demo) is onboarded and run from the browser alone. The
// administrator sets a password with the link init printed; staff (posts A and B) and a
// supervisor are created on /admin/people and activate with the links the file gateway
// spooled to <data>/outbox/sms.jsonl; an agency, a tenderer and four bidders register on
// /register and staff approve them on /review; experts are imported on /experts and
// activate; then a construction and a procurement trade run from the pages through all seven
// nodes: entry, acceptance with a deferred document, booking, documents, amendment, sealed
// bids, the opening, the draw, scoring in the room, the report signed by every member in one
// click each, award, publicity, a challenge (objection) answered, the confirmation. Only GET reads are used for assertions; time
// moves by writing the server's clock-offset file (`serve --clock-offset-file`), not by any
// call. Every page visited is saved as a screenshot (golive-*.png), some at 390 px.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { launch, readsAsChinese, shot } = require('./helpers');

const BASE = process.env.SUNBID_GOLIVE_URL;
const DATA = process.env.SUNBID_GOLIVE_DATA;
const PASSWORD = 'golive-Passw0rd-2026';
const WAIT = { timeout: 20_000 };

let browser;
/** One browser context per person, kept for the run: the key made on their link page stays. */
const people = new Map();
before(async () => { if (BASE) browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

// ---- Unified social credit codes (GB 32100-2015) with both check characters.
const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function orgCheck(body) {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + parseInt(c, 36) * w[i], 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}
/** '91' + region + an 8-digit organisation body → the full 18-character code. */
function uscc(region, body8) {
  const first17 = `91${region}${body8}${orgCheck(body8)}`;
  const sum = [...first17].reduce((s, c, i) => s + USCC.indexOf(c) * (3 ** i % 31), 0);
  return first17 + USCC[(31 - (sum % 31)) % 31];
}

// ---- Time: the server's clock is the wall clock plus the seconds in this file.
let offset = 0;
function advance(seconds) {
  offset += seconds;
  fs.writeFileSync(path.join(DATA, 'clock-offset'), `${offset}\n`);
}

// ---- One-time links.
/** The last one-time link path the outbox holds for `person` (the file gateway's spool). */
function linkFromOutbox(person) {
  const file = path.join(DATA, 'outbox', 'sms.jsonl');
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : [];
  const found = lines.map((l) => JSON.parse(l).text.match(new RegExp(`/link/${person}/[0-9A-Za-z_-]+`)))
    .filter(Boolean);
  assert.ok(found.length, `no link for ${person} in the outbox`);
  return found[found.length - 1][0];
}

async function page(person, locale = 'zh-CN') {
  if (!people.has(person)) {
    people.set(person, await browser.newContext({ locale, viewport: { width: 1280, height: 900 } }));
  }
  const ctx = people.get(person);
  return ctx.pages()[0] || ctx.newPage();
}

/** `person` opens their one-time link and sets the password (the page makes a browser key). */
async function activate(person, link, name) {
  const p = await page(person);
  await p.goto(`${BASE}${link}`);
  assert.equal(await p.inputValue('input[name=person]'), person);
  await p.fill('input[name=password]', PASSWORD);
  await p.locator('#key-note').waitFor(WAIT);
  await shot(p, `golive-${name}-link`);
  await p.click('#activate-form button');
  await p.waitForURL(/\/signin/);
  await signIn(p, person);
  return p;
}

async function signIn(p, person) {
  await p.goto(`${BASE}/signin`);
  await p.fill('input[name=person]', person);
  await p.fill('input[name=password]', PASSWORD);
  await p.click('main form button');
  await p.waitForURL(/\/work|\/org|\/admin|\/experts/);
}

/** Submits step form `id` on the steps page and waits for its notice, or fails with the refusal. */
async function step(p, id) {
  await p.locator(`#form-${id} button`).click();
  await p.locator(`#notice, #error-${id}, #error-message, .result.bad`).first().waitFor(WAIT);
  const bad = await p.locator(`#error-${id}, #error-message, .result.bad`).allInnerTexts();
  assert.deepEqual(bad, [], `${id}: ${bad.join(' ')} ${await p.locator('.field-error').allInnerTexts()}`);
}

/** A page must not be an error page nor carry a refusal. */
async function ok(p, name) {
  const bad = await p.locator('#error-message, .result.bad').allInnerTexts();
  if (bad.some((t) => t.trim())) fs.writeFileSync(`/tmp/golive-${name}.html`, await p.content());
  assert.deepEqual(bad.filter((t) => t.trim()), [], `${name} (${p.url()}): ${bad.join(' ')}`);
  await shot(p, `golive-${name}`);
  // Every page of the Chinese pass is read as a Chinese user would, at 390 px too.
  if ((await p.evaluate(() => document.documentElement.lang)).startsWith('zh')) {
    READ_ZH.push(...await readsAsChinese(p));
  }
}

/** What the Chinese pass's pages showed in English or wider than a phone (asserted empty). */
const READ_ZH = [];

test('a center goes live: init, onboarding, trades from pages [zh-CN]', { skip: !BASE && 'SUNBID_GOLIVE_URL is not set (scripts/browser.sh sets it)' }, async () => {
  // ---- 1. The first administrator: the link `sunbid init` printed.
  const init = fs.readFileSync(path.join(DATA, 'init.txt'), 'utf8');
  const adminLink = init.match(/\/link\/admin\/[0-9A-Za-z_-]+/);
  assert.ok(adminLink, `init printed no link: ${init}`);
  const admin = await activate('admin', adminLink[0], '01-admin');
  // The coming year's holiday calendar (legal periods here run into 2027), with a preview.
  await admin.goto(`${BASE}/admin`);
  await ok(admin, '02-admin');
  const calendar = fs.readFileSync(path.join(DATA, 'calendar', '2027.json'));
  await admin.locator('#form-calendar input[name=file]').setInputFiles(
    { name: '2027.json', mimeType: 'application/json', buffer: calendar });
  await admin.locator('#form-calendar button').click();
  await admin.locator('#form-calendar-import').waitFor(WAIT);
  // The file the server started with holds the same year: the preview says nothing changes.
  assert.match(await admin.locator('main').innerText(), /0天的安排有变化/);
  await shot(admin, 'golive-02-admin-calendar-preview');
  await admin.locator('#form-calendar-import button').click();
  await admin.waitForURL(/\/admin/);
  assert.match(await admin.locator('#calendars').innerText(), /2027/);
  await admin.goto(`${BASE}/admin/people`);
  await ok(admin, '02-admin-people');

  // ---- 2. Staff A and B, a supervisor; every post gets A and B; each activates by SMS.
  const center = [
    ['center_staff', 'staff-a', '林晓岚', '13800000001'],
    ['center_staff', 'staff-b', '陈建平', '13800000002'],
    ['supervisor', 'supervisor-1', '郑监督', '13800000003'],
  ];
  for (const [role, id, name, phone] of center) {
    const form = admin.locator('#form-create');
    await form.locator('select[name=role]').selectOption(role);
    await form.locator('input[name=person]').fill(id);
    await form.locator('input[name=name]').fill(name);
    await form.locator('input[name=contact]').fill(phone);
    await form.locator('button').click();
    await admin.waitForURL(/done=create/);
    await admin.locator(`#person-${id}`).waitFor(WAIT);
  }
  const posts = await admin.locator('form[id^=form-assign-]').evaluateAll((fs) => fs.map((f) => f.id));
  assert.ok(posts.length >= 6, `posts: ${posts}`);
  for (const id of posts) {
    const form = admin.locator(`#${id}`);
    await form.locator('select[name=primary]').selectOption('staff-a');
    await form.locator('select[name=backup]').selectOption('staff-b');
    await form.locator('button').click();
    await admin.waitForURL(/done=assign/);
  }
  await ok(admin, '03-admin-posts');
  assert.match(await admin.locator('#section-assign-acceptance').innerText(), /林晓岚.*陈建平/s);
  const staffA = await activate('staff-a', linkFromOutbox('staff-a'), '04-staff-a');
  const staffB = await activate('staff-b', linkFromOutbox('staff-b'), '05-staff-b');
  const supervisor = await activate('supervisor-1', linkFromOutbox('supervisor-1'), '06-supervisor');
  await ok(staffA, '07-staff-a-work');

  // ---- 3. An agency, a tenderer and four bidders register; staff A approves each on /review.
  const orgs = [
    ['agency', 'agent-1', '榕城招标代理有限公司', '黄代理', '10000001'],
    ['tenderer', 'owner-1', '榕城市政建设中心', '吴业主', '10000002'],
    ['bidder', 'bidder-1', '闽江建设集团有限公司', '刘一', '10000003'],
    ['bidder', 'bidder-2', '鼓山路桥工程有限公司', '何二', '10000004'],
    ['bidder', 'bidder-3', '三坊七巷建筑有限公司', '张三', '10000005'],
    ['bidder', 'bidder-4', '乌山信息技术有限公司', '李四', '10000006'],
  ];
  const codes = {};
  for (const [kind, person, name, personName, body] of orgs) {
    const code = uscc('350100', body);
    codes[person] = code;
    const p = await page(person);
    await p.goto(`${BASE}/register`);
    await p.selectOption('#register-form select[name=kind]', kind);
    await p.fill('input[name=code]', code);
    await p.fill('input[name=name]', name);
    await p.fill('input[name=region]', '350100');
    await p.fill('input[name=person]', person);
    await p.fill('input[name=person_name]', personName);
    await p.fill('input[name=password]', PASSWORD);
    if (person === 'agent-1') await shot(p, 'golive-08-register');
    await p.click('#register-form button');
    await p.waitForURL(/\/org/);
    if (person === 'agent-1') await ok(p, '09-org-applied');
    await completeOrg(p, personName, person === 'agent-1');
  }
  await staffA.goto(`${BASE}/review`);
  await ok(staffA, '10-review');
  for (const [, person] of orgs) {
    await staffA.locator(`form[action="/review/${codes[person]}"] input[value=approve] ~ button`).click();
    await staffA.waitForURL(/\/review/);
    await ok(staffA, `11-review-approved-${person}`);
  }
  await staffA.locator('#queue-empty').waitFor(WAIT);
  // The agency invites a colleague, who activates with the link from the outbox.
  const agent = await page('agent-1');
  await agent.goto(`${BASE}/org`);
  await agent.fill('#invite-form input[name=person]', 'agent-2');
  await agent.fill('#invite-form input[name=name]', '周助理');
  await agent.fill('#invite-form input[name=title]', '项目经理');
  await agent.fill('#invite-form input[name=phone]', '13800000012');
  await agent.click('#invite-form button');
  await agent.waitForURL(/\/org/);
  await ok(agent, '12-org-invited');
  await activate('agent-2', linkFromOutbox('agent-2'), '13-agent-2');

  // ---- 4. Experts: a pool file imported on /experts, accounts opened, each activates.
  const experts = [
    ['E100001', '王建设', 'A01.02', '13900000001'],
    ['E100002', '赵造价', 'A01.02', '13900000002'],
    ['E100003', '孙结构', 'A01.02', '13900000003'],
    ['E100004', '钱市政', 'A01.02', '13900000004'],
    ['E100005', '冯机电', 'A01.02', '13900000005'],
    ['E100006', '陈信息', 'B01', '13900000006'],
    ['E100007', '褚软件', 'B01', '13900000007'],
    ['E100008', '卫网络', 'B01', '13900000008'],
    ['E100009', '蒋经济', 'B01', '13900000009'],
    ['E100010', '沈法务', 'B01', '13900000010'],
  ];
  const header = '专家编号,姓名,专业,地区,职称,出生日期,工作经历,利害关系,请假,信用,在库,手机号';
  const csv = [header, ...experts.map(([id, name, spec, phone]) =>
    `${id},${name},${spec},350100,正高级,1970-01-01,,,,,是,${phone}`)].join('\n');
  await staffA.goto(`${BASE}/experts`);
  await staffA.setInputFiles('#import-form input[name=file]',
    { name: '专家库.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await staffA.click('#import-submit');
  await staffA.locator('#notice').waitFor(WAIT);
  await ok(staffA, '14-experts-imported');
  for (const [id] of experts) {
    await staffA.fill('#account-form input[name=expert]', id);
    await staffA.fill('#account-form input[name=person]', `expert-${id.slice(-2)}`);
    await staffA.click('#account-submit');
    await staffA.locator('#notice').waitFor(WAIT);
  }
  await ok(staffA, '15-experts-accounts');
  for (const [id] of experts) {
    const person = `expert-${id.slice(-2)}`;
    await activate(person, linkFromOutbox(person), `16-${person}`);
  }

  // ---- 5. One construction trade and one procurement trade, from the pages.
  const ctx = { staffA, staffB, supervisor, agent, codes };
  const gcDeadline = await prepareTrade(ctx, {
    trade: 'GC-2026-2001', title: '榕城滨江路市政改造工程施工', line: 'construction',
    estimate: '12000000.00', tag: 'gc', rooms: ['opening-1', 'evaluation-1'],
  });
  const zcDeadline = await prepareTrade(ctx, {
    trade: 'ZC-2026-2002', title: '榕城政务云平台设备采购', line: 'procurement',
    estimate: '3000000.00', tag: 'zc', rooms: ['opening-2', 'evaluation-2'],
  });
  for (const [n, bidder] of ['bidder-1', 'bidder-2', 'bidder-3'].entries()) {
    await sealBid(bidder, 'GC-2026-2001', `${11_500_000 + n * 123_456}.00`, 'gc');
  }
  for (const [n, bidder] of ['bidder-2', 'bidder-3', 'bidder-4'].entries()) {
    await sealBid(bidder, 'ZC-2026-2002', `${2_800_000 + n * 54_321}.00`, 'zc');
  }
  // A bidder's pages at phone width, read as a Chinese reader would.
  const phone = await page('bidder-1');
  for (const [url, name] of [['/', 'portal'], ['/work', 'work'], ['/org', 'org'],
    ['/trades/GC-2026-2001', 'trade'], ['/trades/GC-2026-2001/bid', 'bid']]) {
    await phone.goto(`${BASE}${url}`);
    assert.deepEqual(await readsAsChinese(phone), []);
    await phone.setViewportSize({ width: 390, height: 844 });
    await shot(phone, `golive-390-${name}`);
    await phone.setViewportSize({ width: 1280, height: 900 });
  }

  // ---- The random expert draws on the eve of the openings (staff, the witness post); the
  // drawn experts confirm from their workbench; the committee is fixed.
  const until = (at) => Math.ceil((Date.parse(`${at}+08:00`) - Date.now()) / 1000) - offset;
  advance(Math.min(until(gcDeadline), until(zcDeadline)) - 3600);
  const gcDrawn = await draw(staffA, 'GC-2026-2001', 'A01.02', experts, 'gc');
  const zcDrawn = await draw(staffA, 'ZC-2026-2002', 'B01', experts, 'zc');
  // ---- The deadlines pass (the rehearsal clock moves past them); staff open the rooms.
  advance(Math.max(until(gcDeadline), until(zcDeadline)) + 120);
  for (const [trade, tag] of [['GC-2026-2001', 'gc'], ['ZC-2026-2002', 'zc']]) {
    await staffA.goto(`${BASE}/trades/${trade}/opening`);
    await staffA.locator('#open-bids').click();
    await staffA.locator('#custodians').waitFor(WAIT);
    await staffA.waitForFunction(() => ['opening-error', 'opening-notice']
      .some((id) => document.getElementById(id).textContent.trim() !== ''), null, WAIT);
    assert.equal((await staffA.locator('#opening-error').innerText()).trim(), '');
    await ok(staffA, `${tag}-14-opening-started`);
    // The custodians (the witness post's A and the supervisor) open their shares in one
    // click, with the custody key their link page made in their browser; nothing is typed.
    for (const person of ['staff-a', 'supervisor-1']) {
      const custodian = await page(person);
      await custodian.goto(`${BASE}/trades/${trade}/opening`);
      await custodian.locator('#share-open').waitFor({ state: 'visible', ...WAIT });
      if (person === 'staff-a') await shot(custodian, `golive-${tag}-15-opening-custodian`);
      const handedIn = custodian.waitForResponse((r) => r.request().method() === 'POST', WAIT);
      await custodian.click('#share-open');
      await handedIn;
      await custodian.waitForFunction(() => document.getElementById('opening-error').textContent.trim() !== ''
        || !document.getElementById('opening-notice').textContent.includes('…'), null, WAIT);
      assert.equal((await custodian.locator('#opening-error').innerText()).trim(), '', `${person} on ${trade}`);
    }
    // Two of three shares open the bids: the record lists the three bids with their prices.
    await staffA.goto(`${BASE}/trades/${trade}/opening`);
    await staffA.locator('#record-table tbody tr').nth(2).waitFor(WAIT);
    assert.equal(await staffA.locator('#record-table tbody tr').count(), 3);
    await ok(staffA, `${tag}-16-opening-record`);
  }
  // ---- The lists are revealed when the evaluation slots start (an hour after the openings);
  // drawn members join the evaluation room in one click, with the key their link page made.
  advance(3600);
  for (const [trade, tag, drawn] of [['GC-2026-2001', 'gc', gcDrawn], ['ZC-2026-2002', 'zc', zcDrawn]]) {
    await staffA.goto(`${BASE}/trades/${trade}/draw`);
    await staffA.click('#draw-reveal');
    await staffA.locator('#notice, #error-message').first().waitFor(WAIT);
    await ok(staffA, `${tag}-16-draw-revealed`);
    await staffA.click('#draw-check-link');
    assert.match(await staffA.locator('#check-result').innerText(), /复核通过/);
    await ok(staffA, `${tag}-17-draw-check`);
    for (const { person, p } of drawn.slice(0, 2)) {
      await p.goto(`${BASE}/trades/${trade}/room`);
      await p.locator('#join-form').waitFor({ state: 'visible', ...WAIT });
      await p.click('#join-room');
      await p.locator(`#seats tr[data-person="${person}"] .presence .tag`).waitFor(WAIT);
    }
    await ok(drawn[1].p, `${tag}-18-room`);
    // Staff configure the scoring in the room from the documents' method and the opened bids.
    await staffA.goto(`${BASE}/trades/${trade}/room`);
    await staffA.locator('#scoring-configure').click(WAIT);
    await staffA.waitForLoadState();
    const refused = await staffA.locator('#error-message').allInnerTexts();
    assert.deepEqual(refused, [], `configure ${trade}: ${refused}`);
    await staffA.locator('#scoring-status').waitFor(WAIT);
    await ok(staffA, `${tag}-19-scoring-configured`);
  }
  // ---- Nodes 5-7 for both trades: sheets and the report in the room, then the award,
  // publicity, a challenge answered and the confirmation, from the pages.
  const zh = [];
  const parties = { owner: await page('owner-1'), agent, staffA, zh };
  await evaluate('GC-2026-2001', 'gc', gcDrawn, zh);
  await evaluate('ZC-2026-2002', 'zc', zcDrawn, zh);
  await conclude(parties, { trade: 'GC-2026-2001', tag: 'gc', construction: true, objector: 'bidder-2' });
  await conclude(parties, { trade: 'ZC-2026-2002', tag: 'zc', construction: false, objector: 'bidder-4' });
  assert.deepEqual(zh, [], `zh pages: ${JSON.stringify(zh)}`);
  assert.deepEqual(READ_ZH, [], `zh pages: ${JSON.stringify(READ_ZH)}`);
});

/** Saves the page's shot after `ok` and keeps what reads as English on a zh page. */
async function okZh(p, name, zh) {
  await ok(p, name);
  zh.push(...await readsAsChinese(p));
}

/** A trade's phase, by a GET read (assertions only). */
async function phase(p, trade) {
  const r = await p.request.get(`${BASE}/api/trades/${trade}`);
  assert.equal(r.status(), 200, `GET ${trade}`);
  return (await r.json()).phase;
}

/** Every drawn member joins the room, submits a sheet, and signs the report in one click
 * with the key its link page made: the trade has its evaluation. */
async function evaluate(trade, tag, drawn, zh) {
  for (const [n, { person, p }] of drawn.entries()) {
    await p.goto(`${BASE}/trades/${trade}/room`);
    if (await p.locator('#join-form').isVisible()) {
      await p.click('#join-room');
      await p.locator(`#seats tr[data-person="${person}"] .presence .tag`).waitFor(WAIT);
      await p.goto(`${BASE}/trades/${trade}/room`);
    }
    await p.locator('#sheet-form').waitFor(WAIT);
    // The same sheet from everyone (no outlier): bid i gets (0.8 - 0.1 i) of each criterion's
    // points, rounded down to an even number (the objective criterion steps by 2).
    for (const cell of await p.locator('#sheet-form input[name^="s."]').all()) {
      const [, i] = (await cell.getAttribute('name')).split('.').map(Number);
      const points = Number((await cell.getAttribute('aria-label')).split(' ').pop());
      await cell.fill(String(2 * Math.floor((points * (0.8 - 0.1 * i)) / 2)));
    }
    if (n === 0) await okZh(p, `${tag}-20-sheet`, zh);
    await p.click('#sheet-submit');
    await p.waitForLoadState('domcontentloaded');
    await p.locator(`#scoring-status tr[data-person="${person}"] .submitted`, { hasText: '✓' }).waitFor(WAIT);
    assert.equal((await p.locator('#room-error').innerText()).trim(), '', `${person} sheet on ${trade}`);
  }
  for (const [n, { person, p }] of drawn.entries()) {
    await p.goto(`${BASE}/trades/${trade}/room`);
    await p.locator('#sign-form').waitFor({ state: 'visible', ...WAIT });
    assert.equal(await p.locator('#sign-seed').isVisible(), false, 'the key is kept: nothing typed');
    await p.click('#sign-report');
    await p.locator(`#scoring-status tr[data-person="${person}"] .signed`, { hasText: '✓' }).waitFor(WAIT);
    assert.equal((await p.locator('#room-error').innerText()).trim(), '', `${person} signs ${trade}`);
    if (n === drawn.length - 1) await okZh(p, `${tag}-21-report-signed`, zh);
  }
  assert.equal(await phase(drawn[0].p, trade), 'evaluated');
}

/** Submits a publicity-page form by its button and waits for the notice (or fails). */
async function publicity(p, button, name, zh) {
  await p.click(button);
  await p.locator('#notice, #error-message').first().waitFor(WAIT);
  await okZh(p, name, zh);
}

/** Award, publicity, a challenge (objection) answered, the confirmation. Construction
 * publicises the candidates first and awards after the publicity; procurement awards, then
 * publishes the result. */
async function conclude({ owner, agent, staffA, zh }, { trade, tag, construction, objector }) {
  const url = `${BASE}/trades/${trade}/publicity`;
  const award = async () => {
    await owner.goto(url);
    await owner.locator('#award-form').waitFor(WAIT);
    await publicity(owner, '#award-submit', `${tag}-22-awarded`, zh);
    assert.ok((await owner.locator('#publicity-winner').innerText()).trim());
  };
  if (!construction) await award();
  await agent.goto(url);
  await publicity(agent, '#publish-result', `${tag}-23-published`, zh);
  assert.match(await agent.locator('#publicity-published').innerText(), /^\d{4}-\d{2}-\d{2}$/);
  // A bidder files within the window; the tenderer (construction) or agency answers.
  const bidder = await page(objector);
  await bidder.goto(url);
  if (!construction) await bidder.selectOption('#file-form select[name=about]', 'result');
  await bidder.fill('#file-form textarea[name=text]', '第一名的认证证书得分与投标文件不符，请复核。');
  await publicity(bidder, '#file-submit', `${tag}-24-challenge-filed`, zh);
  assert.match(await bidder.locator('#filing-1').innerText(), /认证证书得分与投标文件不符/);
  const answerer = construction ? owner : agent;
  await answerer.goto(url);
  await answerer.locator('#filing-1 textarea[name=text]').fill('经复核，认证证书得分与投标文件一致，维持评审结果。');
  await publicity(answerer, '#reply-1', `${tag}-25-challenge-answered`, zh);
  assert.match(await answerer.locator('#filing-1 .filing-reply').innerText(), /维持评审结果/);
  // The publicity runs out (the rehearsal clock moves on a week).
  advance(7 * 86400);
  if (construction) await award();
  await staffA.goto(`${BASE}/work/trades/${trade}/steps`);
  await staffA.locator('#form-confirm input[name=certificate_no]').fill(`QR-${trade}`);
  await step(staffA, 'confirm');
  await okZh(staffA, `${tag}-26-confirmed`, zh);
  assert.match(await phase(staffA, trade), /confirm/);
}

/** Staff draw a committee of five in `specialty`; the invited experts confirm; the committee
 * is fixed. The drawn experts' pages, by person. */
async function draw(staffA, trade, specialty, experts, tag) {
  await staffA.goto(`${BASE}/trades/${trade}/draw`);
  await staffA.fill('#draw-form input[name=quotas]', `${specialty}:5`);
  await staffA.selectOption('#draw-form select[name=region]', 'any');
  await shot(staffA, `golive-${tag}-11-draw-request`);
  await staffA.click('#draw-submit');
  await staffA.locator('#notice, #error-message').first().waitFor(WAIT);
  await ok(staffA, `${tag}-12-drawn-sealed`);
  assert.equal(await staffA.locator('#draw-seats tbody tr').count(), 5);
  const drawn = [];
  for (const [id] of experts) {
    const person = `expert-${id.slice(-2)}`;
    const p = await page(person);
    await p.goto(`${BASE}/work`);
    const row = p.locator(`#row-invitations-${trade}`);
    if (await row.count() === 0) continue;
    await row.locator('button[value=yes]').click();
    await p.locator('#notice, #error-message').first().waitFor(WAIT);
    if (drawn.length === 0) await ok(p, `${tag}-13-expert-confirmed`);
    drawn.push({ person, p });
  }
  assert.equal(drawn.length, 5, `invited: ${drawn.map((d) => d.person)}`);
  await staffA.goto(`${BASE}/trades/${trade}/draw`);
  await staffA.click('#draw-committee');
  await staffA.locator('#notice, #error-message').first().waitFor(WAIT);
  await ok(staffA, `${tag}-13-committee`);
  return drawn;
}

/** A bidder obtains the documents from its workbench and seals a bid on the bid page. */
async function sealBid(person, trade, price, tag) {
  const p = await page(person);
  await p.goto(`${BASE}/work`);
  const obtain = p.locator(`#row-tenders-${trade} button[value=obtain]`);
  if (await obtain.count()) {
    await obtain.click();
    await p.waitForLoadState();
    await ok(p, `${tag}-09-obtained-${person}`);
  }
  await p.goto(`${BASE}/trades/${trade}/bid`);
  await p.locator('#bid-fields:not([disabled])').waitFor(WAIT);
  await p.fill('#bid-price', price);
  await p.fill('#bid-period', '300');
  await p.setInputFiles('#bid-files', [
    { name: '投标函.txt', mimeType: 'text/plain', buffer: Buffer.from(`${person} 投标函 ${price}`, 'utf8') },
  ]);
  const previous = await p.locator('#receipt-handle').textContent();
  await p.click('#bid-submit');
  await p.waitForFunction((prev) => {
    const status = document.getElementById('bid-status');
    return document.getElementById('receipt-handle').textContent !== prev || status.classList.contains('bad');
  }, previous, WAIT);
  const status = (await p.locator('#bid-status').innerText()).trim();
  assert.equal(status, '', `${person} on ${trade}: ${status}`);
  await ok(p, `${tag}-10-sealed-${person}`);
}

/** The organisation's file on /org: details, one qualification with its scan, then submitted. */
async function completeOrg(p, personName, shots) {
  const details = p.locator('form[action="/org/details"]');
  await details.locator('input[name=legal_representative]').fill(personName);
  await details.locator('input[name=contact_name]').fill(personName);
  await details.locator('input[name=phone]').fill('13700000000');
  await details.locator('button').click();
  await p.waitForURL(/\/org/);
  const q = p.locator('#qualification-form');
  await q.locator('input[name=kind]').fill('建筑工程施工总承包');
  await q.locator('input[name=grade]').fill('一级');
  await q.locator('input[name=number]').fill(`D${Date.now() % 1e9}`);
  await q.locator('input[name=issuer]').fill('福建省住房和城乡建设厅');
  await q.locator('input[name=valid_from]').fill(isoDate(-365));
  await q.locator('input[name=valid_until]').fill(isoDate(3 * 365));
  await q.locator('input[name=file]').setInputFiles(
    { name: '资质证书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 资质证书', 'utf8') });
  await q.locator('button').click();
  await p.waitForURL(/\/org/);
  if (shots) await ok(p, '09-org-file');
  await p.locator('form[action="/org/submit"] button').click();
  await p.waitForURL(/\/org/);
  if (shots) await ok(p, '09-org-submitted');
}

/** Fills a form field whatever its kind (a <select> is picked by value or label). */
async function put(form, name, value) {
  const input = form.locator(`[name=${name}]`);
  if (await input.evaluate((e) => e.tagName) === 'SELECT') {
    const values = await input.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
    const hit = values.find(([v, l]) => v === value || l.includes(value));
    assert.ok(hit, `${name}: no option ${value} in ${JSON.stringify(values)}`);
    await input.selectOption(hit[0]);
  } else {
    await input.fill(value);
  }
}

/** Node 1-3 of a trade: the agency's entry, acceptance with a deferred document, the venue
 * booked, the documents and the announcement, an amendment, the deferred document handed in. */
async function prepareTrade({ staffA, agent, codes }, t) {
  const shotName = (n) => `golive-${t.tag}-${n}`;
  // Entry (交易登记) by the agency, for the tenderer picked by its code.
  await agent.goto(`${BASE}/work`);
  const reg = agent.locator('#register-form');
  await reg.locator('input[name=trade]').fill(t.trade);
  await reg.locator('input[name=title]').fill(t.title);
  await reg.locator('select[name=line]').selectOption(t.line);
  await reg.locator('select[name=method]').selectOption('open_tendering');
  await reg.locator('input[name=region]').fill('350100');
  await reg.locator('input[name=tenderer]').fill(codes['owner-1']);
  await reg.locator('input[name=estimate]').fill(t.estimate);
  await shot(agent, shotName('01-entry'));
  await reg.locator('button').click();
  await agent.waitForLoadState();
  await ok(agent, `${t.tag}-02-entered`);

  // Acceptance with a deferred document and the pledge (容缺受理), by the acceptance post's A.
  const steps = `${BASE}/work/trades/${t.trade}/steps`;
  await staffA.goto(steps);
  const accept = staffA.locator('#form-accept');
  await accept.locator('input[name=deferred_1]').fill('项目资金来源证明');
  await accept.locator('input[name=due_1]').fill(isoDate(10));
  await accept.locator('input[name=pledge]').setInputFiles(
    { name: '容缺承诺书.txt', mimeType: 'text/plain', buffer: Buffer.from('承诺十日内补交资金来源证明。', 'utf8') });
  await step(staffA, 'accept');
  await ok(staffA, `${t.tag}-03-accepted`);

  // The venue post books the opening and evaluation rooms from the workbench.
  await staffA.goto(`${BASE}/work`);
  const book = staffA.locator(`#row-venue-${t.trade} form`).filter({ has: staffA.locator('button[value=book]') });
  await put(book, 'opening_room', t.rooms[0]);
  await put(book, 'evaluation_room', t.rooms[1]);
  // The opening is at the deadline: the announcement names the booked time.
  const openingAt = await book.locator('[name=opening_at]').inputValue();
  assert.match(openingAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d/);
  await shot(staffA, shotName('04-booking'));
  await book.locator('button').click();
  await staffA.waitForLoadState();
  await ok(staffA, `${t.tag}-05-booked`);

  // The agency: the tender documents, the announcement, then an amendment.
  await agent.goto(steps);
  const docs = agent.locator('#form-documents');
  await docs.locator('input[name=file]').setInputFiles(
    { name: '招标文件.txt', mimeType: 'text/plain', buffer: Buffer.from(`${t.title} 招标文件`, 'utf8') });
  // The evaluation method and its criteria, entered with the documents (checked at publication).
  await docs.locator('select[name=evaluation_kind]').selectOption('comprehensive');
  await docs.locator('select[name=category]').selectOption(t.line === 'construction' ? 'works' : 'goods');
  await docs.locator('input[name=price_points]').fill('30');
  await docs.locator('input[name=c1_name]').fill('技术方案');
  await docs.locator('input[name=c1_points]').fill('50');
  await docs.locator('[name=c1_kind]').selectOption('subjective');
  await docs.locator('input[name=c2_name]').fill('认证证书');
  await docs.locator('input[name=c2_points]').fill('20');
  await docs.locator('[name=c2_kind]').selectOption('objective');
  await docs.locator('input[name=c2_step]').fill('2');
  await shot(agent, shotName('06-documents-form'));
  await step(agent, 'documents');
  await ok(agent, `${t.tag}-06-documents`);
  await agent.locator('#form-publish input[name=deadline]').fill(openingAt);
  await step(agent, 'publish');
  await ok(agent, `${t.tag}-07-published`);
  await agent.locator('#form-amend input[name=file]').setInputFiles(
    { name: '更正公告.txt', mimeType: 'text/plain', buffer: Buffer.from('第一章工期由365日历天更正为300日历天。', 'utf8') });
  await step(agent, 'amend');
  await ok(agent, `${t.tag}-08-amended`);
  // The deferred document, handed in within its ten days (no confirmation without it).
  const deferred = agent.locator('#form-deferred');
  await deferred.locator('input[name=document]').fill('项目资金来源证明');
  await deferred.locator('input[name=file]').setInputFiles(
    { name: '资金来源证明.txt', mimeType: 'text/plain', buffer: Buffer.from('财政资金已落实。', 'utf8') });
  await step(agent, 'deferred');
  await ok(agent, `${t.tag}-08-deferred-handed-in`);
  return openingAt;
}

/** A date `days` ahead of the server's (rehearsal) clock, yyyy-mm-dd in Beijing. */
function isoDate(days) {
  const at = new Date(Date.now() + (offset + days * 86400) * 1000 + 8 * 3600 * 1000);
  return at.toISOString().slice(0, 10);
}

test('a center goes live, the shorter pass in English [en-US]', { skip: !BASE && 'SUNBID_GOLIVE_URL is not set (scripts/browser.sh sets it)' }, async () => {
  // A fifth bidder registers in English; the registration post's B approves it in English.
  const code = uscc('350100', '10000007');
  const bidder = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await bidder.goto(`${BASE}/register`);
  assert.match(await bidder.locator('h1').innerText(), /[A-Za-z]/);
  await bidder.selectOption('#register-form select[name=kind]', 'bidder');
  await bidder.fill('input[name=code]', code.slice(0, 17) + (code[17] === '0' ? '1' : '0'));
  await bidder.fill('input[name=name]', 'Minjiang Smart Grid Co., Ltd.');
  await bidder.fill('input[name=region]', '350100');
  await bidder.fill('input[name=person]', 'bidder-5');
  await bidder.fill('input[name=person_name]', 'Lin Wu');
  await bidder.fill('input[name=password]', PASSWORD);
  await bidder.click('#register-form button');
  // A wrong check character: refused in English, what was typed kept, nothing registered.
  assert.match(await bidder.locator('#error-message').innerText(), /[A-Za-z]/);
  assert.equal(await bidder.inputValue('input[name=person]'), 'bidder-5');
  await shot(bidder, 'golive-en-01-register-refused');
  await bidder.fill('input[name=code]', code);
  await bidder.fill('input[name=password]', PASSWORD);
  await bidder.click('#register-form button');
  await bidder.waitForURL(/\/org/);
  await ok(bidder, 'en-02-org-applied');
  await completeOrg(bidder, 'Lin Wu', false);

  const staff = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await signIn(staff, 'staff-a');
  await ok(staff, 'en-03-staff-a-work');
  await staff.goto(`${BASE}/review`);
  await ok(staff, 'en-04-review');
  await staff.locator(`form[action="/review/${code}"] input[value=approve] ~ button`).click();
  await staff.waitForURL(/\/review/);
  await ok(staff, 'en-05-approved');

  // The trade's key pages in English: the steps, the public page, the bid page.
  await staff.goto(`${BASE}/work/trades/GC-2026-2001/steps`);
  await ok(staff, 'en-06-steps');
  await staff.goto(`${BASE}/trades/GC-2026-2001`);
  await ok(staff, 'en-07-trade');
  await signIn(bidder, 'bidder-5');
  // Bidding has closed by now (the rehearsal clock is past the deadline): the page says so.
  await bidder.goto(`${BASE}/trades/GC-2026-2001/bid`);
  assert.match(await bidder.locator('main').innerText(), /deadline has passed/);
  await shot(bidder, 'golive-en-08-bid-closed');
  for (const [url, name] of [['opening', 'opening'], ['draw', 'draw'], ['room', 'room']]) {
    await staff.goto(`${BASE}/trades/GC-2026-2001/${url}`);
    await ok(staff, `en-08-${name}`);
  }
  // At phone width, a few pages.
  await bidder.setViewportSize({ width: 390, height: 844 });
  for (const [url, name] of [['/', 'portal'], ['/org', 'org'], ['/trades/GC-2026-2001/opening', 'opening']]) {
    await bidder.goto(`${BASE}${url}`);
    await ok(bidder, `en-09-390-${name}`);
  }
});
