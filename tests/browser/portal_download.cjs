// A finance user in a real browser: Debian's headless chromium, driven by
// playwright-core (no browser download). Logs in through the form, opens the
// list, downloads the receivables workbook by clicking its link, and checks
// the saved file's SHA-256 against the manifest. Leaves screenshots in the
// artifacts folder. Any failure exits 1 with the reason; chromium that does
// not start is a failure, never a skip.
//
// usage: node portal_download.cjs URL USER PASSWORD MANIFEST ARTIFACTS_DIR
'use strict';
const { chromium } = require('playwright-core');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const [url, user, password, manifestPath, artifacts] = process.argv.slice(2);

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

(async () => {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const expected = manifest.files.find((f) => f.kind === 'receivables_workbook');
  if (!expected) fail(`no receivables_workbook in ${manifestPath}`);

  fs.mkdirSync(artifacts, { recursive: true });
  const profile = fs.mkdtempSync(path.join(artifacts, 'chromium-profile-'));  // a fresh --user-data-dir
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      acceptDownloads: true,
      locale: 'zh-CN',
      timeout: 60000,
    });
  } catch (e) {
    fail(`chromium did not start (/usr/bin/chromium; scripts/install-deps.sh installs it): ${e.message}`);
  }
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.setDefaultTimeout(30000);
    const cspViolations = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });

    // Not signed in: the list sends us to the login form.
    await page.goto(`${url}/`);
    if (!page.url().startsWith(`${url}/login`)) fail(`expected a redirect to /login, got ${page.url()}`);
    await page.fill('#user', user);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#login')]);
    const who = await page.textContent('#who');
    if (who !== user) fail(`signed in as '${who}', expected '${user}'`);
    const heading = await page.textContent('section[data-job="receivables"] h2');
    if (!heading.includes('应收账款')) fail(`receivables heading is '${heading}'`);
    // Our stylesheet applies (the CSP allows 'self' styles and nothing inline).
    const collapse = await page.$eval('table', (t) => getComputedStyle(t).borderCollapse);
    if (collapse !== 'collapse') fail(`stylesheet not applied (border-collapse ${collapse})`);
    await page.screenshot({ path: path.join(artifacts, 'portal-list.png'), fullPage: true });

    const link = page.locator(`a.download[data-kind="receivables_workbook"][data-sha256="${expected.sha256}"]`);
    if ((await link.count()) !== 1) fail('the receivables workbook link is not on the list');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const saved = path.join(artifacts, 'downloaded-' + download.suggestedFilename());
    await download.saveAs(saved);
    if (download.suggestedFilename() !== path.basename(expected.path))
      fail(`suggested file name '${download.suggestedFilename()}', expected '${path.basename(expected.path)}'`);
    const sha = crypto.createHash('sha256').update(fs.readFileSync(saved)).digest('hex');
    if (sha !== expected.sha256) fail(`downloaded sha256 ${sha} != manifest ${expected.sha256}`);
    if (cspViolations.length) fail(`CSP violations: ${cspViolations.join(' | ')}`);

    // English on request; then sign out (a POST carrying the CSRF token).
    await page.goto(`${url}/?lang=en`);
    if (!(await page.textContent('section[data-job="receivables"] h2')).includes('Receivables')) fail('no English list');
    await page.screenshot({ path: path.join(artifacts, 'portal-list-en.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/login/), page.click('#logout')]);
    await page.goto(`${url}/`);
    if (!page.url().startsWith(`${url}/login`)) fail('still signed in after sign-out');

    console.log(`ok: ${user} downloaded ${expected.path} (${fs.statSync(saved).size} bytes, sha256 ${sha}) in ` +
                `${await context.browser()?.version?.() ?? 'chromium'}; screenshots in ${artifacts}`);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})().catch((e) => fail(e.stack || String(e)));
