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

module.exports = { BASE, launch, newPage, shot };
