// Shared set-up for the browser tests: Debian's Chromium through playwright-core, the server
// URL from SUNBID_URL (scripts/browser.sh starts `sunbid serve --demo`), screenshots saved
// per test under tests/browser/screenshots/.
const path = require('node:path');
const fs = require('node:fs');
const { chromium } = require('playwright-core');

const BASE = process.env.SUNBID_URL || 'http://127.0.0.1:8080';
const SHOTS = path.join(__dirname, 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh page in `locale` (e.g. 'zh-CN' or 'en-US'), so Accept-Language matches. */
async function newPage(browser, locale = 'zh-CN') {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const PASSWORD = process.env.SUNBID_DEMO_PASSWORD || 'sunbid-demo-2026';

/** Signs `person` in with the demo password, on the sign-in page, and waits for the workbench. */
async function signIn(page, person) {
  await page.goto(`${BASE}/signin`);
  await page.fill('input[name=person]', person);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('main form button');
  await page.waitForURL(/\/work/);
}

// Codes and names may be Latin: elements marked as such are skipped.
const SKIP = 'code, kbd, samp, pre, script, style, [translate="no"], .code, .name, [data-code]';

/** Latin words of `text` (two letters or more), lower-cased. */
function words(text) {
  return (text.match(/[A-Za-z][A-Za-z'’-]*[A-Za-z]/g) || []).map((w) => w.toLowerCase());
}

/** English catalogue words that the Chinese catalogue never uses itself (PDF, SM2... stay). */
function englishOnly() {
  const locales = path.join(__dirname, '..', '..', 'crates', 'web', 'locales');
  const en = Object.values(require(path.join(locales, 'en.json'))).join(' ');
  const zh = new Set(words(Object.values(require(path.join(locales, 'zh-CN.json'))).join(' ')));
  return new Set(words(en).filter((w) => !zh.has(w)));
}

const ENGLISH = englishOnly();

/** The visible text of the page outside codes and names, form controls included. */
async function visibleText(page) {
  return page.evaluate((skip) => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(skip)) continue;
      if (el.checkVisibility && !el.checkVisibility()) continue;
      out.push(n.textContent);
    }
    for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
      if (!el.closest(skip)) out.push(el.placeholder);
    }
    for (const el of document.querySelectorAll('input[type=submit], input[type=button]')) {
      out.push(el.value);
    }
    return out.join(' ');
  }, SKIP);
}

/**
 * What a Chinese reader of the current page would trip over: English catalogue words outside
 * codes and names, and sideways scrolling at 390 px (a phone). Restores 1366×768 afterwards.
 */
async function readsAsChinese(page) {
  const problems = [];
  const url = page.url();
  // Hashes and keys are codes wherever they stand: hex runs (with a digit) are not words.
  const text = (await visibleText(page)).replace(/(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{6,}/g, ' ');
  const english = [...new Set(words(text).filter((w) => ENGLISH.has(w)))];
  if (english.length) problems.push(`${url}: English words ${english.join(', ')}`);
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await page.evaluate(() => {
    const root = document.documentElement;
    return root.scrollWidth > root.clientWidth + 1 ? root.scrollWidth : 0;
  });
  if (wide) problems.push(`${url}: ${wide} px wide at 390 px`);
  await page.setViewportSize({ width: 1366, height: 768 });
  return problems;
}

module.exports = { BASE, PASSWORD, launch, newPage, readsAsChinese, shot, signIn };
