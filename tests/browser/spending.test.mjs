// Browser test of spending the revenue (การใช้จ่ายรายได้จากการขายคาร์บอนเครดิต)
// and its report: the LAO user lao.54-1 (demo income from its confirmed sales) adds a
// request, fills step 1 (the total is computed and the credit budget checked
// against the available budget as it types), completes step 2 with a real
// PDF, sees the record completed, and downloads the report; the report's
// first page, turned into PNG with pdftoppm, is kept as an artifact.
// Same set-up as sale.test.mjs: playwright-core drives Debian's chromium
// against a real Apache (tools/devserver, fresh SQLite with demo data).
// Screenshots: build/artifacts/browser/spending-<n>-<step>.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const devserver = join(repoRoot, 'tools', 'devserver');
const artifactDir = join(repoRoot, 'build', 'artifacts', 'browser');
const samplePdf = join(repoRoot, 'tests', 'fixtures', 'sample.pdf');
const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

let rundir;
let baseUrl;
let browser;
let context;
let shotNo = 0;

function run(file, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: repoRoot, timeout: timeoutMs, encoding: 'buffer', maxBuffer: 1 << 26 },
      (error, stdout, stderr) => {
        if (error) { error.message += `\nstderr:\n${stderr}`; reject(error); } else resolve(stdout);
      });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
  });
}

async function shot(page, step) {
  shotNo += 1;
  await page.screenshot({ path: join(artifactDir, `spending-${shotNo}-${step}.png`), fullPage: true });
}

describe('spending the revenue in chromium', () => {
  before(async () => {
    await mkdir(artifactDir, { recursive: true });
    rundir = await mkdtemp(join(tmpdir(), 'carbon-spending-'));
    const port = await freePort();
    await run(devserver, ['start', rundir, String(port)], 90_000);
    baseUrl = `http://127.0.0.1:${port}/carbon`;
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  }, { timeout: 100_000 });

  after(async () => {
    if (context) await context.close();
    if (browser) await browser.close();
    if (rundir) {
      await run(devserver, ['stop', rundir], 20_000);
      await rm(rundir, { recursive: true, force: true });
    }
  }, { timeout: 30_000 });

  test('LAO user records a request through both steps and downloads the report', { timeout: 120_000 }, async () => {
    context = await browser.newContext({ locale: 'th-TH', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = [];
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    await page.goto(`${baseUrl}/login`);
    await page.locator('select#dev-user').selectOption('lao.54-1');
    await page.locator('form#dev-login-form button[type="submit"]').click();
    await page.waitForURL(`${baseUrl}/`);

    await page.locator('nav.sidemenu a[href$="/carbon/spending"]').first().click();
    await page.waitForURL(/\/spending$/);
    /* the page shows the LAO's income as the budget API computes it from its sales of every kind */
    const budget = await (await page.request.get(`${baseUrl}/api/v1/laos/5540105/budget`)).json();
    const baht = (satang) => (Number(satang) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    assert.ok(budget.income_satang > 0);
    assert.equal(await page.locator('#budget-income').innerText(), baht(budget.income_satang));
    const available = await page.locator('#budget-available').innerText();
    await shot(page, 'lao-page');

    await page.locator('#status').selectOption('request');
    await page.locator('#save-spending').click();
    await page.waitForURL(/\/spending\/\d+\?saved=1$/);
    const form = page.locator('form#item-form');
    await form.locator('#started_on').fill('01/10/2569');
    await form.locator('#name').fill('โครงการคัดแยกขยะในโรงเรียน');
    await form.locator('#project_type').selectOption('environment');
    await form.locator('#details').fill('จัดซื้อถังคัดแยกขยะให้โรงเรียนในตำบล 3 แห่ง');
    await form.locator('#budget_credit_baht').fill('99,999');
    await page.locator('#error-budget_credit').waitFor({ state: 'visible' });
    assert.match(await page.locator('#error-budget_credit').innerText(), /เกินกว่างบประมาณที่มีอยู่/);
    await shot(page, 'over-budget');
    await form.locator('#budget_credit_baht').fill('1,500.50');
    await form.locator('#budget_other_baht').fill('500');
    assert.equal(await form.locator('#budget_total').inputValue(), '2,000.50');
    await form.locator('#f-budget_request_doc').setInputFiles(samplePdf);
    await form.locator('#save-item').click();
    await page.waitForURL(/\/spending\/\d+\?saved=1$/);
    assert.equal(await page.locator('#view-total').innerText(), '2,000.50');
    await shot(page, 'step-1-done');

    const done = page.locator('form#complete-form');
    await done.locator('#f-spending_doc').setInputFiles(samplePdf);
    await done.locator('#save-complete').click();
    await page.waitForURL(/\/spending\/\d+\?saved=1$/);
    assert.equal(await page.locator('#spending-status').innerText(), 'ดำเนินการเสร็จสิ้น (สถ.)');
    assert.equal(await page.locator('form#complete-form').count(), 0, 'view only once completed');
    await shot(page, 'completed');

    await page.goto(`${baseUrl}/spending`);
    assert.notEqual(await page.locator('#budget-available').innerText(), available);

    await page.goto(`${baseUrl}/reports/spending`);
    assert.equal(await page.locator('#r-form').inputValue(), 'แบบ อปท.');
    await page.locator('#fiscal_year').selectOption('2570');
    await shot(page, 'report-form');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-report').click()]);
    const pdfPath = join(artifactDir, 'spending-report.pdf');
    await download.saveAs(pdfPath);
    const text = (await run('pdftotext', ['-layout', pdfPath, '-'], 30_000)).toString('utf8');
    assert.match(text, /รายงานข้อมูลบัญชีการขอใช้จ่ายรายได้จากการขายคาร์บอนเครดิต/);
    assert.match(text, /2570/);
    assert.match(text, /1,500\.50/);
    await run('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdfPath,
      join(artifactDir, 'spending-report-page-1')], 30_000);
    assert.deepEqual(problems, []);
  });
});
