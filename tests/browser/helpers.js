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

module.exports = { BASE, PASSWORD, launch, newPage, shot, signIn };
