// Browser test of the buyer registry (ข้อมูลพื้นฐาน > ทะเบียนผู้ซื้อคาร์บอนเครดิต):
// an LAO user registers a private company with a T-VER account through the
// form (cascading province / district / subdistrict lists, postcode filled
// in), finds it with the search filters, exports the result to Excel and
// opens the printable report.
//
// Same set-up as ui.test.mjs: playwright-core drives Debian's chromium
// against a real Apache started by tools/devserver on a fresh SQLite
// database with the demo data. Screenshots go to
// build/artifacts/browser/registry-<step>.png, the downloaded workbook to
// build/artifacts/browser/registry-export.xlsx and the report printed to
// PDF to build/artifacts/browser/registry-report.pdf.
//
//   cd tests/browser && node --test --test-reporter=tap
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const devserver = join(repoRoot, 'tools', 'devserver');
const artifactDir = join(repoRoot, 'build', 'artifacts', 'browser');
const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic'];

const laoUser = 'lao.54-1';
const marker = `br${Date.now().toString(36)}`;
const buyer = {
  orgName: `บริษัท น่านพลังงานหมุนเวียน ${marker} จำกัด`,
  tverName: `บจก. น่านพลังงานหมุนเวียน ${marker}`,
  tverNo: `TVER-${marker}`,
  province: { code: '55', name: 'น่าน' },
  district: { code: '5501', name: 'เมืองน่าน' },
  subdistrict: { code: '550101', name: 'ในเวียง' },
  postcode: '55000',
};

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

async function shot(page, step) {
  await page.screenshot({ path: join(artifactDir, `registry-${step}.png`), fullPage: true });
}

// Watches a page for script errors, failed loads and 4xx/5xx answers.
function watch(page, problems) {
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A download is "aborted" as a navigation: not a failure.
    if (!/\.xlsx(\?|$)/.test(request.url())) problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    const url = response.url();
    if (response.status() >= 400 && !url.endsWith('/carbon/api/v1/me')) problems.push(`HTTP ${response.status()}: ${url}`);
  });
}

// Picks an option once the list has it (the cascade fills lists by fetch).
async function pick(select, value) {
  await select.locator(`option[value="${value}"]`).waitFor({ state: 'attached' });
  await select.selectOption(value);
}

// The title, subtitle, header and data rows of a workbook, read with Debian's openpyxl.
async function readWorkbook(path) {
  const script = [
    'import json, sys, openpyxl',
    'ws = openpyxl.load_workbook(sys.argv[1]).active',
    'rows = [list(r) for r in ws.iter_rows(values_only=True)]',
    'print(json.dumps(rows, ensure_ascii=False, default=str))',
  ].join('\n');
  return JSON.parse(await run('/usr/bin/python3', ['-c', script, path], 30_000));
}

describe('buyer registry in chromium', () => {
  before(async () => {
    await mkdir(artifactDir, { recursive: true });
    rundir = await mkdtemp(join(tmpdir(), 'carbon-registry-'));
    const port = await freePort();
    await run(devserver, ['start', rundir, String(port)], 90_000);
    baseUrl = `http://127.0.0.1:${port}/carbon`;
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  }, { timeout: 100_000 });

  after(async () => {
    if (browser) await browser.close();
    if (rundir) {
      await run(devserver, ['stop', rundir], 20_000);
      await rm(rundir, { recursive: true, force: true });
    }
  }, { timeout: 30_000 });

  test('LAO user registers a company with a T-VER account, finds it with the filters, exports it and prints the report', { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ locale: 'th-TH', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = [];
    watch(page, problems);

    // Sign in.
    await page.goto(`${baseUrl}/login`);
    await page.locator('select#dev-user').selectOption(laoUser);
    await page.locator('form#dev-login-form button[type="submit"]').click();
    await page.waitForURL(`${baseUrl}/`);

    // The registry from the menu, then the add form.
    await page.locator('nav.sidemenu').getByRole('link', { name: 'ทะเบียนผู้ซื้อคาร์บอนเครดิต', exact: true }).click();
    await page.waitForURL(/\/registry\/buyers$/);
    await page.locator('#buyer-export-xlsx').waitFor({ state: 'visible' });
    await page.locator('#buyer-print').waitFor({ state: 'visible' });
    await shot(page, '1-search');
    await page.locator('a#buyer-add').click();
    await page.waitForURL(/\/registry\/buyers\/new$/);

    const form = page.locator('form#buyer-form');
    const today = await form.locator('#i-registered_on').inputValue();
    assert.match(today, /^\d\d\/\d\d\/25\d\d$/, `registration date prefilled in BE: ${today}`);
    assert.ok(await form.locator('fieldset[data-show-when="tver"]').isHidden(), 'T-VER fields hidden before the choice');
    await form.locator('input[name="buyer_type"][value="private"]').check();
    await form.locator('input[name="has_tver_account"][value="1"]').check();
    await form.locator('fieldset[data-show-when="tver"]').waitFor({ state: 'visible' });
    assert.ok(await form.locator('fieldset[data-show-when="person"]').isHidden(), 'no person fields for a company');
    await form.locator('#i-tver_account_name').fill(buyer.tverName);
    await form.locator('#i-tver_account_no').fill(buyer.tverNo);
    await form.locator('#i-org_name').fill(buyer.orgName);
    // The business type is typed text; DLA's code list comes as suggestions
    // (a <datalist>, no script needed).
    assert.equal(await form.locator('#i-business_type').getAttribute('list'), 'business-type-list');
    const suggestions = await form.locator('#business-type-list option').evaluateAll(
      (options) => options.map((o) => o.value));
    assert.ok(suggestions.includes('พลังงานและสาธารณูปโภค'), `suggestions: ${suggestions}`);
    await form.locator('#i-business_type').fill('พลังงานและสาธารณูปโภค');
    await form.locator('#i-address').fill('88/8 หมู่ 1 อาคารพลังงาน');
    await form.locator('#i-road').fill('สุมนเทวราช');
    // Cascade: the districts come after the province, the subdistricts
    // after the district, and the postcode of a one-postcode subdistrict
    // fills itself in.
    await form.locator('#i-province_code').selectOption(buyer.province.code);
    await pick(form.locator('#i-district_code'), buyer.district.code);
    await pick(form.locator('#i-subdistrict_code'), buyer.subdistrict.code);
    await page.waitForFunction(() => document.querySelector('#i-postcode').value !== '');
    assert.equal(await form.locator('#i-postcode').inputValue(), buyer.postcode, 'postcode filled in from the subdistrict');
    await form.locator('#i-phone').fill('081-555-1234');
    await form.locator('#i-office_phone').fill('054-710-123 ต่อ 9');
    await form.locator('#i-coordinator_first_name').fill('ปวีณา');
    await form.locator('#i-coordinator_last_name').fill('รักษ์ป่า');
    await shot(page, '2-form');
    await form.locator('#buyer-save').click();
    await page.waitForURL(/\/registry\/buyers\/\d+\?saved=1$/);
    await page.locator('#buyer-saved').waitFor({ state: 'visible' });
    assert.equal((await page.locator('h1#buyer-name').innerText()).trim(), buyer.orgName);
    await shot(page, '3-saved');

    // Find it: the page opens on the current fiscal year; add the area, the type and the name.
    await page.goto(`${baseUrl}/registry/buyers`);
    const search = page.locator('form#buyer-search');
    assert.notEqual(await search.locator('#f-fiscal_year').inputValue(), '', 'opens on the current fiscal year');
    await search.locator('#f-province_code').selectOption(buyer.province.code);
    await pick(search.locator('#f-district_code'), buyer.district.code);
    await pick(search.locator('#f-subdistrict_code'), buyer.subdistrict.code);
    await search.locator('#f-buyer_type').selectOption('private');
    await search.locator('#f-q').fill(marker);
    await search.locator('#buyer-search-submit').click();
    await page.waitForURL(/\/registry\/buyers\?.*q=/);
    const rows = page.locator('table#buyer-results tbody tr');
    assert.equal(await rows.count(), 1, 'one buyer found');
    assert.equal((await rows.first().locator('td.name').innerText()).trim(), buyer.orgName);
    assert.match(await rows.first().locator('td.tver').innerText(), new RegExp(buyer.tverNo));
    await shot(page, '4-found');

    // Export: the download is a real workbook holding exactly that buyer.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#buyer-export-xlsx').click(),
    ]);
    assert.match(download.url(), /\/registry\/buyers\.xlsx\?.*province_code=55.*buyer_type=private.*q=/);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const saved = join(artifactDir, 'registry-export.xlsx');
    await download.saveAs(saved);
    const size = (await stat(saved)).size;
    assert.ok(size > 4096, `workbook size ${size} > 4 KB`);
    assert.equal((await readFile(saved)).subarray(0, 2).toString('latin1'), 'PK', 'a zip (xlsx) file');
    const sheet = await readWorkbook(saved);
    assert.match(sheet[0][0], /^ทะเบียนผู้ซื้อคาร์บอนเครดิต — ปีงบประมาณ 25\d\d, จังหวัดน่าน, อำเภอเมืองน่าน, ตำบลในเวียง, ประเภทผู้ซื้อ: เอกชน, /);
    assert.equal(sheet[3][3], 'ชื่อผู้ซื้อ/หน่วยงาน');
    const data = sheet.slice(4, -1);
    assert.equal(data.length, 1, JSON.stringify(sheet));
    assert.deepEqual(data[0].slice(2, 8), ['เอกชน', buyer.orgName, 'พลังงานและสาธารณูปโภค', 'มี', buyer.tverName, buyer.tverNo]);
    assert.equal(data[0][8], '88/8 หมู่ 1 อาคารพลังงาน ถนนสุมนเทวราช ตำบลในเวียง อำเภอเมืองน่าน จังหวัดน่าน 55000');
    assert.equal(sheet.at(-1)[0], 'รวม 1 ราย');
    await shot(page, '5-exported');

    // The printable report opens in a new tab with the same filters.
    const [report] = await Promise.all([
      context.waitForEvent('page'),
      page.locator('#buyer-print').click(),
    ]);
    watch(report, problems);
    await report.waitForLoadState();
    assert.match(report.url(), /\/registry\/buyers\/print\?.*q=/);
    assert.equal((await report.locator('h1#report-title').innerText()).trim(), 'รายงานทะเบียนผู้ซื้อคาร์บอนเครดิต');
    assert.match(await report.locator('#report-filters').innerText(), /จังหวัดน่าน, อำเภอเมืองน่าน, ตำบลในเวียง, ประเภทผู้ซื้อ: เอกชน/);
    assert.match(await report.locator('#report-meta').innerText(), /^พิมพ์เมื่อ \d{1,2} \S+ 25\d\d \d\d:\d\d น\. · จำนวน 1 ราย$/);
    const printed = report.locator('table#report-rows tbody tr');
    assert.equal(await printed.count(), 1);
    assert.equal((await printed.first().locator('td.name').innerText()).trim(), buyer.orgName);
    await shot(report, '6-report');

    // "พิมพ์" calls window.print() (from buyers_print.js).
    await report.evaluate(() => { window.print = () => { window.printCalled = true; }; });
    await report.locator('#report-print').click();
    assert.equal(await report.evaluate(() => window.printCalled), true, 'the print button prints');

    // In print: no menu, no buttons; A4 landscape pages.
    await report.emulateMedia({ media: 'print' });
    assert.ok(await report.locator('#report-print').isHidden(), 'print button hidden when printing');
    assert.ok(await report.locator('nav.sidemenu').isHidden(), 'menu hidden when printing');
    assert.ok(await report.locator('table#report-rows').isVisible());
    await shot(report, '7-print-media');
    const pdfPath = join(artifactDir, 'registry-report.pdf');
    await report.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
    const pdf = (await readFile(pdfPath)).toString('latin1');
    const box = pdf.match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
    assert.ok(box, 'the PDF has a page box');
    const [w, h] = [Number(box[1]), Number(box[2])];
    assert.ok(Math.abs(w - 841.89) < 2 && Math.abs(h - 595.28) < 2, `A4 landscape page: ${w} x ${h} pt`);

    await context.close();
    assert.deepEqual(problems, [], 'the pages loaded cleanly');
  });
});
