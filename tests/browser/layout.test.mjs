// Every main page at a phone's size (390x844) and a laptop's (1366x900):
// no sideways scrolling (tables scroll inside their own box, the menu
// folds behind a button on narrow screens), and axe-core finds no
// WCAG 2.1 A/AA violation with the page's own CSP in force. axe is
// injected with playwright's addInitScript from node_modules (the CSP
// forbids any script tag a test would add). Screenshots:
// build/artifacts/browser/layout-<role>-<page>-<width>.png.
//
// The main pages: the public ones, sign-in, and for an LAO, a province and
// DLA every page of the side menu plus the form each list links to (/new).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const devserver = join(repoRoot, 'tools', 'devserver');
const artifactDir = join(repoRoot, 'build', 'artifacts', 'browser');
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic'];
const sizes = [{ width: 390, height: 844 }, { width: 1366, height: 900 }];
const roles = [['lao', 'lao.54-1'], ['province', 'phrae.province'], ['dla', 'dla.admin']];
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

// Violations a page may still have, by path (none: every page must pass).
const knownViolations = new Map([]);

let rundir;
let baseUrl;
let browser;

function run(file, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: repoRoot, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) {
        error.message += `\nstdout:\n${stdout}\nstderr:\n${stderr}`;
        reject(error);
      } else resolve(stdout);
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

async function newPage(size) {
  const context = await browser.newContext({ locale: 'th-TH', viewport: size });
  await context.addInitScript({ path: axePath });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.setDefaultNavigationTimeout(15_000);
  return { context, page };
}

async function signIn(page, userId) {
  await page.goto(`${baseUrl}/login`);
  await page.locator('select#dev-user').selectOption(userId);
  await page.locator('form#dev-login-form button[type="submit"]').click();
  await page.waitForURL(`${baseUrl}/`);
}

// The pages of the side menu (same-origin links under /carbon), and the
// form each of them links to as "new".
async function mainPagesOf(page) {
  const menu = await page.locator('nav.sidemenu a[href]').evaluateAll(
    (links) => links.map((a) => a.getAttribute('href')));
  const pages = new Set(['/']);
  for (const href of menu) if (href.startsWith('/carbon/')) pages.add(href.slice('/carbon'.length));
  for (const path of [...pages]) {
    await page.goto(`${baseUrl}${path}`);
    const forms = await page.locator('main a[href$="/new"]').evaluateAll(
      (links) => links.map((a) => a.getAttribute('href')));
    for (const href of forms.slice(0, 1)) if (href.startsWith('/carbon/')) pages.add(href.slice('/carbon'.length));
  }
  return [...pages];
}

function slugOf(path) {
  return (path.replace(/^\/|\/$/g, '').replace(/[^a-z0-9]+/gi, '_') || 'home');
}

// Checks one page at one size; returns the problems found (text).
async function check(page, role, path, size) {
  const problems = [];
  const response = await page.goto(`${baseUrl}${path}`);
  if (!response || response.status() >= 400) return [`${path}: HTTP ${response && response.status()}`];
  await page.screenshot({ path: join(artifactDir, `layout-${role}-${slugOf(path)}-${size.width}.png`), fullPage: true });
  const widths = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth }));
  if (widths.scroll > widths.inner) {
    const wide = await page.evaluate(() => Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll, .card'))
      .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className}`));
    problems.push(`${path} at ${size.width}px scrolls sideways: ${widths.scroll}px > ${widths.inner}px (${wide.join(', ')})`);
  }
  if (size.width === sizes[1].width) {   // axe once per page: the layout sizes share the markup
    const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), axeTags);
    for (const v of result.violations.filter((x) => !(knownViolations.get(path) || []).includes(x.id))) {
      problems.push(`${path}: axe ${v.id} (${v.impact}) on ${v.nodes.length}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(' | ')}`);
    }
  }
  return problems;
}

describe('every main page on a phone and a laptop, with axe', () => {
  before(async () => {
    await mkdir(artifactDir, { recursive: true });
    rundir = await mkdtemp(join(tmpdir(), 'carbon-layout-'));
    const port = await freePort();
    await run(devserver, ['start', rundir, String(port)], 90_000);
    baseUrl = `http://127.0.0.1:${port}/carbon`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
  }, { timeout: 100_000 });

  after(async () => {
    if (browser) await browser.close();
    if (rundir) {
      await run(devserver, ['stop', rundir], 20_000);
      await rm(rundir, { recursive: true, force: true });
    }
  }, { timeout: 30_000 });

  test('public pages and sign-in fit both sizes and have no axe violations', { timeout: 120_000 }, async () => {
    const problems = [];
    for (const size of sizes) {
      const { context, page } = await newPage(size);
      for (const path of ['/', '/provinces/54', '/laos/5540105', '/login']) {
        problems.push(...await check(page, 'public', path, size));
      }
      await context.close();
    }
    assert.deepEqual(problems, []);
  });

  for (const [role, user] of roles) {
    test(`${role}: every menu page and its form fit both sizes and have no axe violations`, { timeout: 300_000 }, async () => {
      const problems = [];
      let pages;
      for (const size of sizes) {
        const { context, page } = await newPage(size);
        await signIn(page, user);
        pages = pages || await mainPagesOf(page);
        for (const path of pages) problems.push(...await check(page, role, path, size));
        await context.close();
      }
      assert.ok(pages.length > 3, `menu pages of ${role}: ${pages}`);
      assert.deepEqual(problems, []);
    });
  }

  test('on a phone the menu folds behind a menu button that opens it without a script', { timeout: 60_000 }, async () => {
    const { context, page } = await newPage(sizes[0]);
    await signIn(page, 'lao.54-1');
    const menu = page.locator('nav.sidemenu');
    assert.equal(await menu.isVisible(), false, 'menu folded on a phone');
    await page.locator('label.menu-button').click();
    assert.equal(await menu.isVisible(), true, 'menu open after the menu button');
    await page.screenshot({ path: join(artifactDir, 'layout-lao-menu-open-390.png'), fullPage: false });
    await context.close();
    const wide = await newPage(sizes[1]);
    await signIn(wide.page, 'lao.54-1');
    assert.equal(await wide.page.locator('nav.sidemenu').isVisible(), true, 'menu open at 1366px');
    assert.equal(await wide.page.locator('label.menu-button').isVisible(), false, 'no menu button at 1366px');
    await wide.context.close();
  });
});
