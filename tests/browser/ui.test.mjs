// Browser tests of the mod_carbon web UI.
//
// playwright-core drives Debian's chromium (/usr/bin/chromium) against a
// real Apache started by tools/devserver on a fresh SQLite database with the
// demo data and CarbonDevLogin On. Screenshots of the important steps go to
// build/artifacts/browser/<test>-<step>.png.
//
//   cd tests/browser && npm ci --no-audit --no-fund && node --test --test-reporter=tap
//
// Needs root (tools/devserver hands the database to www-data). Node 18.19+.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const devserver = join(repoRoot, 'tools', 'devserver');
const artifactDir = join(repoRoot, 'build', 'artifacts', 'browser');

const chromiumPath = '/usr/bin/chromium';
// playwright's launch() gives chromium a fresh temporary --user-data-dir of
// its own and removes it on close (it refuses one passed in args).
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic'];

const thaiLetters = /[\u0E00-\u0E7F]/;
const laoUser = 'lao.54-1';
const dlaUser = 'dla.admin';
const dlaOnlyMenuGroup = 'ยืนยันการขาย อปท.';

let rundir;
let baseUrl;
let browser;

function run(file, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: repoRoot, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) {
        error.message += `\nstdout:\n${stdout}\nstderr:\n${stderr}`;
        reject(error);
      } else {
        resolve(stdout);
      }
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// "30,301" -> 30301
function numberIn(text) {
  const digits = text.replace(/[,\s]/g, '');
  assert.match(digits, /^\d+(\.\d+)?$/, `not a number: ${JSON.stringify(text)}`);
  return Number(digits);
}

// A fresh, cookie-less browser context whose page records failed loads.
async function openPage() {
  const context = await browser.newContext({
    locale: 'th-TH',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.setDefaultNavigationTimeout(15_000);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    const url = response.url();
    if (response.status() >= 400 && !url.endsWith('/carbon/api/v1/me')) {
      problems.push(`HTTP ${response.status()}: ${url}`);
    }
  });
  return { context, page, problems };
}

async function closePage({ context, problems }) {
  await context.close();
  assert.deepEqual(problems, [], 'the pages loaded cleanly');
}

async function shot(page, testSlug, step) {
  await page.screenshot({ path: join(artifactDir, `${testSlug}-${step}.png`), fullPage: true });
}

async function signInAs(page, userId) {
  await page.goto(`${baseUrl}/login`);
  const form = page.locator('form#dev-login-form');
  await form.locator('select#dev-user').selectOption(userId);
  await form.locator('button[type="submit"]').click();
  await page.waitForURL(`${baseUrl}/`);
  const shownUser = (await page.locator('details.usermenu summary#user-id').innerText()).trim();
  assert.ok(shownUser.startsWith(userId), `signed in as ${userId}, header shows ${shownUser}`);
}

// The side menu as a tree: [{ label, items: [text...] }], read from the
// nested lists of nav.sidemenu (a group is an <li> holding a label and a <ul>).
async function sideMenuTree(page) {
  return page.locator('nav.sidemenu').evaluate((nav) => {
    const clean = (text) => text.replace(/\s+/g, ' ').trim();
    const top = nav.querySelector(':scope > ul');
    if (!top) return [];
    return Array.from(top.querySelectorAll(':scope > li')).map((group) => {
      const label = group.querySelector(':scope > span, :scope > a');
      return {
        label: label ? clean(label.textContent) : '',
        items: Array.from(group.querySelectorAll(':scope > ul > li')).map((li) => clean(li.textContent)),
      };
    });
  });
}

// The families chromium actually drew a node's text with (DevTools protocol).
async function platformFontsOf(page, selector) {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('DOM.enable');
    await session.send('CSS.enable');
    const { root } = await session.send('DOM.getDocument');
    const { nodeId } = await session.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    assert.ok(nodeId, `no node for ${selector}`);
    const { fonts } = await session.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map((font) => font.familyName);
  } finally {
    await session.detach();
  }
}

describe('mod_carbon web UI in chromium', () => {
  before(async () => {
    await mkdir(artifactDir, { recursive: true });
    rundir = await mkdtemp(join(tmpdir(), 'carbon-browser-'));
    const port = await freePort();
    await run(devserver, ['start', rundir, String(port)], 90_000);
    baseUrl = `http://127.0.0.1:${port}/carbon`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
    });
  }, { timeout: 100_000 });

  after(async () => {
    if (browser) await browser.close();
    if (rundir) {
      await run(devserver, ['stop', rundir], 20_000);
      await rm(rundir, { recursive: true, force: true });
    }
  }, { timeout: 30_000 });

  test('public dashboard opens signed out with Thai headings, non-zero national totals and แพร่ in the province table', { timeout: 30_000 }, async () => {
    const slug = 'dashboard-signed-out';
    const opened = await openPage();
    const { page } = opened;
    await page.goto(`${baseUrl}/`);
    await shot(page, slug, 'dashboard');

    await page.locator('a#signin-link').waitFor({ state: 'visible' });
    assert.equal(await page.locator('summary#user-id').count(), 0, 'no user id shown');
    assert.equal(await page.locator('nav.sidemenu').count(), 0, 'no menu for the public');

    const title = await page.locator('h1').first().innerText();
    assert.match(title, thaiLetters, `Thai page title: ${title}`);
    assert.match(title, /คาร์บอนเครดิต/);
    const cardHeadings = await page.locator('main h2').allInnerTexts();
    assert.ok(cardHeadings.length > 0, 'section headings present');
    for (const heading of cardHeadings) assert.match(heading, thaiLetters, `Thai heading: ${heading}`);

    assert.ok(numberIn(await page.locator('#stat-certified').innerText()) > 0, 'certified total > 0');
    assert.ok(numberIn(await page.locator('#stat-laos').innerText()) > 0, 'LAOs with credits > 0');
    assert.ok(numberIn(await page.locator('#stat-remaining').innerText()) > 0, 'remaining total > 0');

    const phrae = page.locator('table#province-table tbody tr')
      .filter({ has: page.locator('td', { hasText: /^แพร่$/ }) });
    assert.equal(await phrae.count(), 1, 'one row for แพร่');
    assert.ok(numberIn(await phrae.locator('td.num').nth(1).innerText()) > 0, 'แพร่ has certified credits');
    await closePage(opened);
  });

  test('drill-down from แพร่ in the province table to an LAO page showing its certified credits', { timeout: 30_000 }, async () => {
    const slug = 'drill-down';
    const opened = await openPage();
    const { page } = opened;
    await page.goto(`${baseUrl}/`);
    const phrae = page.locator('table#province-table tbody tr')
      .filter({ has: page.locator('td', { hasText: /^แพร่$/ }) });
    await phrae.getByRole('link', { name: 'ดูรายละเอียด' }).click();
    await page.waitForURL(/\/carbon\/provinces\/\d+$/);
    await shot(page, slug, 'province');

    assert.match(await page.locator('h1').first().innerText(), /แพร่/);
    const laoRows = page.locator('main table tbody tr');
    assert.ok(await laoRows.count() > 0, 'the province page lists LAOs');
    const laoRow = laoRows.filter({ hasText: 'เทศบาลตำบลทุ่งโฮ้ง' });
    assert.equal(await laoRow.count(), 1, 'เทศบาลตำบลทุ่งโฮ้ง listed');
    const certifiedInList = numberIn(await laoRow.locator('td.num').first().innerText());
    assert.ok(certifiedInList > 0);

    await laoRow.getByRole('link', { name: 'ดูรายละเอียด' }).click();
    await page.waitForURL(/\/carbon\/laos\/\d+$/);
    await shot(page, slug, 'lao');

    assert.equal((await page.locator('h1').first().innerText()).trim(), 'เทศบาลตำบลทุ่งโฮ้ง');
    const certifiedStat = page.locator('.stat').filter({ hasText: 'ได้รับการรับรอง' }).locator('.stat-value');
    assert.equal(numberIn(await certifiedStat.innerText()), certifiedInList,
      'the LAO page shows the certified amount of the province list');
    const certRows = page.locator('section.card').filter({ hasText: 'ข้อมูลการรับรอง' }).locator('tbody tr');
    assert.ok(await certRows.count() > 0, 'certification records listed');
    let sum = 0;
    for (const cell of await certRows.locator('td.num').all()) sum += numberIn(await cell.innerText());
    assert.equal(sum, certifiedInList, 'the certification records add up to the certified amount');
    await closePage(opened);
  });

  test('LAO user signs in with the dev form and sees the Thai menu tree without the DLA confirmation group', { timeout: 30_000 }, async () => {
    const slug = 'lao-signin-menu';
    const opened = await openPage();
    const { page } = opened;
    await page.goto(`${baseUrl}/login`);
    await page.locator('select#dev-user').selectOption(laoUser);
    await shot(page, slug, 'login-form');
    await signInAs(page, laoUser);
    await shot(page, slug, 'signed-in');

    const menu = page.locator('nav.sidemenu');
    await menu.waitFor({ state: 'visible' });
    const expectedLabels = [
      'การขาย Carbon Credit',
      'ข้อมูลพื้นฐาน',
      'ทะเบียนผู้ซื้อคาร์บอนเครดิต',
      'การดำเนินการ',
      'การขายคาร์บอนเครดิต (แบบดำเนินการเอง)',
      'การขายคาร์บอนเครดิต (แบบรวมกลุ่ม)',
      'การขายคาร์บอนเครดิต (อปท. มอบ สถ. ขาย)',
      'การใช้จ่ายรายได้จากการขายคาร์บอนเครดิต',
      'รายงาน',
    ];
    for (const label of expectedLabels) {
      const entry = menu.getByText(label, { exact: true });
      assert.equal(await entry.count(), 1, `menu shows "${label}"`);
      assert.ok(await entry.isVisible(), `"${label}" is visible`);
    }

    const tree = await sideMenuTree(page);
    const group = (label) => tree.find((g) => g.label === label);
    assert.ok(group('ข้อมูลพื้นฐาน')?.items.includes('ทะเบียนผู้ซื้อคาร์บอนเครดิต'), JSON.stringify(tree));
    assert.deepEqual(
      expectedLabels.slice(4, 8).filter((item) => !group('การดำเนินการ')?.items.includes(item)),
      [], `the sales and spending pages sit under การดำเนินการ: ${JSON.stringify(tree)}`);
    assert.ok(group('รายงาน')?.items.length > 0, 'the reports group has entries');

    assert.match(await page.locator('summary#user-id').innerText(), /lao\.54-1/);
    assert.equal(await page.getByText(dlaOnlyMenuGroup).count(), 0, `LAO user does not see "${dlaOnlyMenuGroup}"`);
    await closePage(opened);
  });

  test('signing out from the user menu lands on the public dashboard signed out', { timeout: 30_000 }, async () => {
    const slug = 'signout';
    const opened = await openPage();
    const { page } = opened;
    await signInAs(page, laoUser);

    await page.locator('summary#user-id').click();
    const signout = page.locator('a#signout-link');
    await signout.waitFor({ state: 'visible' });
    await shot(page, slug, 'usermenu-open');
    await signout.click();
    await page.waitForURL(`${baseUrl}/logout`);
    await shot(page, slug, 'confirm');

    await page.locator('button#confirm-logout').click();
    await page.waitForURL(`${baseUrl}/`);
    await page.locator('a#signin-link').waitFor({ state: 'visible' });
    await page.locator('#stat-certified').waitFor({ state: 'visible' });
    await page.locator('table#province-table').waitFor({ state: 'visible' });
    await shot(page, slug, 'dashboard');

    assert.equal(await page.locator('summary#user-id').count(), 0, 'no user id after sign-out');
    assert.equal(await page.locator('nav.sidemenu').count(), 0, 'no menu after sign-out');
    const me = await page.evaluate(async () => {
      const response = await fetch('/carbon/api/v1/me');
      return { status: response.status, body: await response.text() };
    });
    assert.equal(me.status, 401, `GET /carbon/api/v1/me is refused after sign-out: ${me.body}`);
    await page.goto(`${baseUrl}/`);
    assert.equal(await page.locator('summary#user-id').count(), 0, 'still signed out on reload');
    await closePage(opened);
  });

  test('DLA user sees the ยืนยันการขาย อปท. menu group', { timeout: 30_000 }, async () => {
    const slug = 'dla-menu';
    const opened = await openPage();
    const { page } = opened;
    await signInAs(page, dlaUser);
    await shot(page, slug, 'signed-in');

    const menu = page.locator('nav.sidemenu');
    const entry = menu.getByText(dlaOnlyMenuGroup, { exact: true });
    assert.equal(await entry.count(), 1, `menu shows "${dlaOnlyMenuGroup}"`);
    assert.ok(await entry.isVisible());
    const tree = await sideMenuTree(page);
    assert.ok(tree.find((g) => g.label === dlaOnlyMenuGroup)?.items.length > 0,
      `"${dlaOnlyMenuGroup}" has entries: ${JSON.stringify(tree)}`);
    await closePage(opened);
  });

  test('Thai text is drawn with one of the stylesheet\'s Thai fonts, not a fallback without Thai glyphs', { timeout: 30_000 }, async () => {
    const opened = await openPage();
    const { page } = opened;
    await page.goto(`${baseUrl}/`);
    const wanted = (await page.locator('body').evaluate((body) => getComputedStyle(body).fontFamily))
      .split(',').map((family) => family.trim().replace(/^["']|["']$/g, ''))
      .filter((family) => !['serif', 'sans-serif', 'monospace', 'system-ui'].includes(family));
    for (const selector of ['h1', 'table#province-table tbody td:nth-child(2)']) {
      const used = await platformFontsOf(page, selector);
      assert.ok(used.length > 0 && used.every((family) => wanted.includes(family)),
        `${selector} is drawn with ${JSON.stringify(used)}, not one of ${JSON.stringify(wanted)}: ` +
        'Thai shows as boxes; install a Thai font (Debian: fonts-tlwg-laksaman-ttf)');
    }
    await closePage(opened);
  });

  test('signed-in dashboard fits a phone-width screen without sideways scrolling', { timeout: 30_000 }, async () => {
    const slug = 'phone-width';
    const opened = await openPage();
    const { page } = opened;
    await signInAs(page, laoUser);
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, slug, 'signed-in');
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: document.documentElement.clientWidth,
    }));
    assert.ok(widths.page <= widths.screen, `page is ${widths.page}px wide on a ${widths.screen}px screen`);
    await closePage(opened);
  });
});
