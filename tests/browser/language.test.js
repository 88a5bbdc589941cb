// Every page a person reaches, read as a Chinese user: no English word from the English
// catalogue outside codes and names, and at 390 px (a phone) no page scrolls sideways.
// The pages are the portal's and those linked from each role's workbench, so a new page
// is checked as soon as a workbench links to it.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BASE, launch, newPage, readsAsChinese, shot, signIn } = require('./helpers');

// Per person, at most this many linked pages (each is read at two widths).
const PER_PERSON = 14;

/** The page's problems: English words, and sideways scrolling at 390 px. */
async function check(page, url, problems) {
  let response;
  try {
    response = await page.goto(url);
  } catch (e) {
    if (/Download is starting/.test(e.message)) return; // a file, not a page
    throw e;
  }
  if (!response || response.status() >= 400) return;
  problems.push(...(await readsAsChinese(page)));
}

/** Same-origin pages a reader can open from the current page. */
async function links(page) {
  const hrefs = await page.$$eval('a[href]:not([download])', (as) => as.map((a) => a.getAttribute('href')));
  const seen = new Set();
  for (const href of hrefs) {
    if (!href.startsWith('/') || href.startsWith('//')) continue;
    const bare = href.split('#')[0];
    if (/^\/(static|api|health|signout|lang)|\.(js|css|json|pdf|zip|txt)$|\/files?\//.test(bare)) continue;
    seen.add(bare);
  }
  return [...seen];
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const PEOPLE = [null, 'staff-wang', 'agency-li', 'tenderer-14', 'bidder-2', 'supervisor-zhou', 'expert-zhao'];

test('in Chinese no page shows English words, and at 390 px none scrolls sideways', async () => {
  const problems = [];
  const checked = new Set();
  for (const person of PEOPLE) {
    const page = await newPage(browser, 'zh-CN');
    await page.setViewportSize({ width: 1366, height: 768 });
    const start = person ? `${BASE}/work` : `${BASE}/`;
    if (person) await signIn(page, person);
    else await page.goto(start);
    const todo = [start, ...(await links(page)).map((p) => BASE + p)];
    if (!person) todo.push(`${BASE}/signin`, `${BASE}/guides`);
    let visited = 0;
    for (const url of todo) {
      const key = `${person}|${url}`;
      if (checked.has(key) || visited >= PER_PERSON) continue;
      checked.add(key);
      visited += 1;
      await check(page, url, problems);
    }
    await shot(page, `language-${person || 'public'}`);
    await page.context().close();
  }
  assert.ok(checked.size >= 20, `only ${checked.size} pages reached`);
  assert.deepEqual(problems, []);
});
