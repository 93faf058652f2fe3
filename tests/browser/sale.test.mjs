// Browser test of the self-operated sale (การขายคาร์บอนเครดิต แบบดำเนินการเอง)
// and DLA's confirmation (ยืนยันการขาย อปท.):
//   1. an LAO user (lao.54-1) registers two buyers through the API (one with
//      a T-VER account, one without), then records a sale of 10 credits
//      through both steps of the form with real PDF and JPG files, picking
//      the buyer in the search dialog (a buyer without an account locks the
//      trade type to Cancellation Notification), going back from step 2 to
//      step 1 (nothing typed or chosen is lost), watching the total computed
//      as it types; after saving, the trade is in the in-progress list with
//      an order number, the summary moved 10 from remaining to awaiting, and
//      the view shows steps 1 and 2 only;
//   2. DLA (its own browser context) opens the queue, opens the trade, checks
//      that a document link downloads the PDF, and confirms it;
//   3. the LAO sees it among completed trades (the data-type switch) with
//      step 3, and its summary moved 10 from awaiting to sold.
//
// Same set-up as ui.test.mjs and registry.test.mjs: playwright-core drives
// Debian's chromium against a real Apache started by tools/devserver on a
// fresh SQLite database with the demo data. Full-page screenshots go to
// build/artifacts/browser/sale-<n>-<step>.png.
//
//   cd tests/browser && node --test --test-reporter=tap
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const devserver = join(repoRoot, 'tools', 'devserver');
const artifactDir = join(repoRoot, 'build', 'artifacts', 'browser');
const fixtures = join(repoRoot, 'tests', 'fixtures');
const samplePdf = join(fixtures, 'sample.pdf');
const sampleJpg = join(fixtures, 'sample.jpg');
const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic'];

const laoUser = 'lao.54-1';
const laoCode = '5540105';
const dlaUser = 'dla.admin';
const quantity = 10;
const marker = `sl${Date.now().toString(36)}`;
const phraeArea = { province_code: '54', district_code: '5401', subdistrict_code: '540101', postcode: '54000' };
const withAccount = {
  buyer_type: 'private', has_tver_account: true,
  org_name: `บริษัท แพร่คาร์บอนเขียว ${marker} จำกัด`,
  tver_account_name: `บจก. แพร่คาร์บอนเขียว ${marker}`,
  tver_account_no: `TVER-${marker}`,
  business_type: 'พลังงานและสาธารณูปโภค', address: '12 หมู่ 3', road: 'ยันตรกิจโกศล', ...phraeArea,
  phone: '0812223344', office_phone: '054511111',
  coordinator_first_name: 'วิไลวรรณ', coordinator_last_name: 'ศรีสุข',
};
const withoutAccount = {
  buyer_type: 'individual', has_tver_account: false,
  first_name: 'ประยูร', last_name: `ไร้บัญชี${marker}`, occupation: 'ค้าขาย',
  address: '5 หมู่ 1', ...phraeArea,
  phone: '0895556677', coordinator_first_name: 'ประยูร', coordinator_last_name: `ไร้บัญชี${marker}`,
};

let rundir;
let baseUrl;
let browser;
let shotNo = 0;
// Shared by the steps (they run in order).
const state = { lao: null, dla: null, tradeId: null, orderNo: null, before: null, buyerIds: {} };

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
  shotNo += 1;
  await page.screenshot({ path: join(artifactDir, `sale-${shotNo}-${step}.png`), fullPage: true });
}

// Watches a page for script errors, failed loads and 4xx/5xx answers.
function watch(page, problems) {
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    const url = response.url();
    if (response.status() >= 400 && !url.endsWith('/carbon/api/v1/me')) problems.push(`HTTP ${response.status()}: ${url}`);
  });
}

async function openAs(user) {
  const context = await browser.newContext({ locale: 'th-TH', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems = [];
  watch(page, problems);
  await page.goto(`${baseUrl}/login`);
  await page.locator('select#dev-user').selectOption(user);
  await page.locator('form#dev-login-form button[type="submit"]').click();
  await page.waitForURL(`${baseUrl}/`);
  return { context, page, problems };
}

// A whole number as shown ("1,234").
function shownNumber(text) {
  const n = Number(text.replace(/[,\s]/g, ''));
  assert.ok(Number.isInteger(n), `a number: ${text}`);
  return n;
}

async function summary(page) {
  return {
    remaining: shownNumber(await page.locator('#stat-remaining').innerText()),
    awaiting: shownNumber(await page.locator('#stat-awaiting').innerText()),
    sold: shownNumber(await page.locator('#stat-sold').innerText()),
  };
}

async function balance(page) {
  const r = await page.request.get(`${baseUrl}/api/v1/laos/${laoCode}/balance`);
  assert.equal(r.status(), 200);
  return r.json();
}

async function registerBuyer(page, fields) {
  const me = await (await page.request.get(`${baseUrl}/api/v1/me`)).json();
  const r = await page.request.post(`${baseUrl}/api/v1/buyers`, {
    headers: { 'X-CSRF-Token': me.csrf_token },
    data: { registered_on: new Date().toISOString().slice(0, 10), ...fields },
  });
  assert.equal(r.status(), 201, await r.text());
  return (await r.json()).id;
}

// Picks a buyer in the registry dialog by a search term.
async function pickBuyer(page, term, id) {
  const dialog = page.locator('dialog#buyer-dialog');
  await page.locator('#open-buyer-dialog').click();
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('#buyer-q').fill(term);
  // Opening the dialog lists the newest buyers; the typed term narrows it (after a pause).
  await page.waitForFunction(() => document.querySelector('#buyer-status').textContent.startsWith('พบ 1 ราย')
    && document.querySelectorAll('#buyer-results tbody tr').length === 1);
  const pick = dialog.locator(`#buyer-results button[data-buyer-id="${id}"]`);
  await pick.waitFor({ state: 'visible' });
  return { dialog, pick };
}

describe('self-operated sale and DLA confirmation in chromium', () => {
  before(async () => {
    await mkdir(artifactDir, { recursive: true });
    rundir = await mkdtemp(join(tmpdir(), 'carbon-sale-'));
    const port = await freePort();
    await run(devserver, ['start', rundir, String(port)], 90_000);
    baseUrl = `http://127.0.0.1:${port}/carbon`;
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  }, { timeout: 100_000 });

  after(async () => {
    for (const who of [state.lao, state.dla]) if (who) await who.context.close();
    if (browser) await browser.close();
    if (rundir) {
      await run(devserver, ['stop', rundir], 20_000);
      await rm(rundir, { recursive: true, force: true });
    }
  }, { timeout: 30_000 });

  test('LAO user records a sale of 10 credits through both steps, with the buyer dialog and real files', { timeout: 120_000 }, async () => {
    state.lao = await openAs(laoUser);
    const { page } = state.lao;

    // The LAO has credits to sell; the page's summary agrees with the ledger.
    const ledger = await balance(page);
    assert.ok(ledger.remaining_tco2e >= quantity, `lao.54-1 has ${ledger.remaining_tco2e} credits left`);
    state.buyerIds.with = await registerBuyer(page, withAccount);
    state.buyerIds.without = await registerBuyer(page, withoutAccount);

    await page.locator('nav.sidemenu a[href$="/sales/self"]').click();
    await page.waitForURL(/\/sales\/self$/);
    state.before = await summary(page);
    assert.deepEqual(state.before, { remaining: ledger.remaining_tco2e, awaiting: ledger.awaiting_tco2e, sold: ledger.sold_tco2e });
    await shot(page, 'lao-page');

    await page.locator('a#add-sale').click();
    await page.waitForURL(/\/sales\/self\/new$/);
    const form = page.locator('form#sale-form');
    const step1 = form.locator('#step-1');
    const step2 = form.locator('#step-2');
    assert.ok(await step1.isVisible(), 'step 1 shown first');
    assert.ok(await step2.isHidden(), 'step 2 hidden at first');
    assert.match(await form.locator('#ordered_on').inputValue(), /^\d\d\/\d\d\/25\d\d$/, 'order date prefilled in BE');
    assert.notEqual(await form.locator('#project_registrant').inputValue(), '', 'the default project\'s registrant shown');
    assert.equal(await form.locator('#available').innerText(), ledger.remaining_tco2e.toLocaleString('en-US'));

    // A buyer without a T-VER account: the trade type is locked to Cancellation Notification.
    let { dialog, pick } = await pickBuyer(page, withoutAccount.last_name, state.buyerIds.without);
    assert.match(await dialog.locator('#buyer-results tbody tr').first().innerText(), /ไม่มีบัญชี T-VER/);
    await shot(page, 'buyer-dialog');
    await pick.click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await form.locator('#buyer_id').inputValue(), String(state.buyerIds.without));
    assert.equal(await form.locator('#buyer_name').inputValue(), `${withoutAccount.first_name} ${withoutAccount.last_name}`);
    assert.ok(await form.locator('#trade_type_transfer').isDisabled(), 'transfer disabled without an account');
    assert.ok(await form.locator('#trade_type_cancellation').isChecked(), 'cancellation chosen without an account');
    await form.locator('#trade-type-locked').waitFor({ state: 'visible' });
    assert.equal(await form.locator('#buyer_tver_no').inputValue(), '-');
    await shot(page, 'no-account-locked');

    // The buyer with an account (found by its T-VER account number): transfer possible again.
    ({ dialog, pick } = await pickBuyer(page, withAccount.tver_account_no, state.buyerIds.with));
    await pick.click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await form.locator('#buyer_id').inputValue(), String(state.buyerIds.with));
    assert.equal(await form.locator('#buyer_name').inputValue(), withAccount.org_name);
    assert.equal(await form.locator('#buyer_tver_name').inputValue(), withAccount.tver_account_name);
    assert.equal(await form.locator('#buyer_tver_no').inputValue(), withAccount.tver_account_no);
    assert.ok(await form.locator('#trade_type_transfer').isEnabled(), 'transfer possible with an account');
    assert.ok(await form.locator('#trade-type-locked').isHidden());
    await form.locator('#trade_type_transfer').check();

    // The total follows the typing.
    await form.locator('#quantity_tco2e').pressSequentially(String(quantity));
    assert.equal(await form.locator('#total_baht').inputValue(), '', 'no total before a price');
    await form.locator('#unit_price_baht').pressSequentially('1');
    assert.equal(await form.locator('#total_baht').inputValue(), '10.00');
    await form.locator('#unit_price_baht').pressSequentially(',250.5');
    assert.equal(await form.locator('#total_baht').inputValue(), '12,505.00');
    await form.locator('#quantity_tco2e').fill('999999');
    await form.locator('#quantity-over').waitFor({ state: 'visible' });
    await form.locator('#quantity_tco2e').fill(String(quantity));
    assert.ok(await form.locator('#quantity-over').isHidden(), 'no warning for 10');
    assert.equal(await form.locator('#total_baht').inputValue(), '12,505.00');

    await form.locator('#f-intent_letter').setInputFiles(samplePdf);
    await form.locator('#f-related_docs').setInputFiles([sampleJpg, samplePdf]);
    await shot(page, 'step-1-filled');

    // Step 2, then back to step 1: nothing lost.
    await form.locator('#to-step-2').click();
    await step2.waitFor({ state: 'visible' });
    assert.ok(await step1.isHidden(), 'step 1 hidden on step 2');
    await form.locator('#f-payment_evidence').setInputFiles(sampleJpg);
    await form.locator('#f-receipt').setInputFiles(samplePdf);
    await form.locator('#f-other_docs').setInputFiles(sampleJpg);
    assert.ok(await form.locator('[data-contract-req]').isHidden(), 'no contract needed for 12,505 baht');
    await shot(page, 'step-2-filled');
    await form.locator('#back-to-step-1').click();
    await step1.waitFor({ state: 'visible' });
    assert.ok(await step2.isHidden());
    assert.equal(await form.locator('#buyer_id').inputValue(), String(state.buyerIds.with));
    assert.equal(await form.locator('#buyer_name').inputValue(), withAccount.org_name);
    assert.ok(await form.locator('#trade_type_transfer').isChecked(), 'trade type kept');
    assert.equal(await form.locator('#quantity_tco2e').inputValue(), String(quantity));
    assert.equal(await form.locator('#unit_price_baht').inputValue(), '1,250.5');
    assert.equal(await form.locator('#total_baht').inputValue(), '12,505.00');
    const fileCount = (id) => form.locator(id).evaluate((input) => input.files.length);
    assert.equal(await fileCount('#f-intent_letter'), 1);
    assert.equal(await fileCount('#f-related_docs'), 2);
    assert.equal(await fileCount('#f-payment_evidence'), 1, 'step 2 files kept too');
    assert.equal(await fileCount('#f-receipt'), 1);
    await shot(page, 'back-to-step-1');

    await form.locator('#to-step-2').click();
    await step2.waitFor({ state: 'visible' });
    await form.locator('#save-sale').click();
    await page.waitForURL(/\/sales\/self\/\d+\?saved=1$/);
    state.tradeId = page.url().match(/\/sales\/self\/(\d+)\?/)[1];
    state.orderNo = (await page.locator('#order-no').innerText()).trim();
    assert.match(state.orderNo, /^25\d\d-\d{5}$/, `order number ${state.orderNo}`);
    assert.equal((await page.locator('#trade-status').innerText()).trim(), 'ระหว่างดำเนินการ');
    assert.equal(await page.locator('.steps-static .step').count(), 2, 'steps 1 and 2 only');
    assert.equal(await page.locator('#step-3').count(), 0, 'no step 3 before DLA confirms');
    assert.equal((await page.locator('#total').innerText()).trim(), '12,505.00');
    assert.match(await page.locator('#step-1').innerText(), new RegExp(withAccount.org_name));
    assert.match(await page.locator('#step-1').innerText(), /T-VER Transfer/);
    assert.equal(await page.locator('#step-1 a.doc-link').count(), 3, 'intent letter + 2 related documents');
    assert.equal(await page.locator('#step-2 a.doc-link').count(), 3, 'payment evidence, receipt, other document');
    assert.ok(await page.locator('a#edit-sale').isVisible(), 'still editable');
    await shot(page, 'saved-view');

    // The list: in progress with its order number; 10 moved remaining -> awaiting.
    await page.goto(`${baseUrl}/sales/self`);
    const row = page.locator(`#in-progress-trades tr[data-trade-id="${state.tradeId}"]`);
    await row.waitFor({ state: 'visible' });
    assert.match(await row.innerText(), new RegExp(state.orderNo));
    assert.match(await row.innerText(), /12,505\.00/);
    assert.ok(await row.locator('a[data-action="edit"]').isVisible());
    assert.deepEqual(await summary(page), {
      remaining: state.before.remaining - quantity, awaiting: state.before.awaiting + quantity, sold: state.before.sold,
    });
    await shot(page, 'in-progress-list');
    assert.deepEqual(state.lao.problems, [], 'the LAO pages loaded cleanly');
  });

  test('DLA opens the queue, checks a document and confirms the trade', { timeout: 60_000 }, async () => {
    assert.ok(state.tradeId, 'the sale was recorded');
    state.dla = await openAs(dlaUser);
    const { page } = state.dla;
    await page.locator('nav.sidemenu a[href$="/admin/confirm"]').click();
    await page.waitForURL(/\/admin\/confirm$/);
    const row = page.locator(`#queue-table tr[data-trade-id="${state.tradeId}"]`);
    await row.waitFor({ state: 'visible' });
    assert.match(await row.innerText(), new RegExp(state.orderNo));
    assert.match(await row.innerText(), /แบบดำเนินการเอง/);
    await shot(page, 'dla-queue');

    await row.locator('a.order-no').click();
    await page.waitForURL(new RegExp(`/admin/confirm/${state.tradeId}(\\?|$)`));
    assert.match(await page.locator('h1.page-title').innerText(), new RegExp(state.orderNo));
    assert.equal(await page.locator('#step-3').count(), 0, 'no step 3 yet');
    // A document link downloads the very file the LAO sent.
    const link = page.locator('#step-1-documents tr[data-kind="intent_letter"] a.doc-link');
    assert.equal((await link.innerText()).trim(), 'sample.pdf');
    const file = await page.request.get(new URL(await link.getAttribute('href'), page.url()).href);
    assert.equal(file.status(), 200);
    assert.match(file.headers()['content-type'], /application\/pdf/);
    assert.deepEqual(Buffer.from(await file.body()), await readFile(samplePdf), 'the same bytes');
    assert.match(await page.locator('label[for="c-ref"]').innerText(), /เลขที่อ้างอิงการโอน \(T-VER\)/);
    assert.match(await page.locator('#c-date').inputValue(), /^\d\d\/\d\d\/25\d\d$/, 'today prefilled');
    await page.locator('#c-ref').fill(`TVER-TR-${marker}`);
    await page.locator('#c-note').fill('ตรวจสอบเอกสารครบถ้วน โอนเข้าบัญชีผู้ซื้อแล้ว');
    await page.locator('#c-doc').setInputFiles(samplePdf);
    await shot(page, 'dla-trade');
    await page.locator('#confirm-submit').click();
    await page.waitForURL(new RegExp(`/admin/confirm\\?(.*&)?confirmed=${state.tradeId}$`));
    await page.locator('#action-notice').waitFor({ state: 'visible' });
    assert.match(await page.locator('#action-notice').innerText(), new RegExp(`${state.orderNo}.*เรียบร้อยแล้ว`));
    assert.equal(await page.locator(`#queue-table tr[data-trade-id="${state.tradeId}"]`).count(), 0, 'no longer waiting');
    await shot(page, 'dla-confirmed');
    assert.deepEqual(state.dla.problems, [], 'the DLA pages loaded cleanly');
  });

  test('LAO sees the trade among completed trades with step 3 and 10 more sold', { timeout: 60_000 }, async () => {
    assert.ok(state.lao && state.tradeId);
    const { page } = state.lao;
    await page.goto(`${baseUrl}/sales/self`);
    assert.equal(await page.locator(`#in-progress-trades tr[data-trade-id="${state.tradeId}"]`).count(), 0,
      'no longer in progress');
    assert.deepEqual(await summary(page), {
      remaining: state.before.remaining - quantity, awaiting: state.before.awaiting, sold: state.before.sold + quantity,
    });
    await Promise.all([page.waitForURL(/data=completed/), page.locator('select#data-type').selectOption('completed')]);
    const row = page.locator(`#completed-trades tr[data-trade-id="${state.tradeId}"]`);
    await row.waitFor({ state: 'visible' });
    assert.match(await row.innerText(), new RegExp(state.orderNo));
    assert.match(await row.innerText(), /ดำเนินการเสร็จสิ้น \(สถ\.\)/);
    assert.equal(await row.locator('a[data-action="edit"]').count(), 0, 'no edit once completed');
    await shot(page, 'lao-completed');

    await row.locator('a[data-action="view"]').click();
    await page.waitForURL(new RegExp(`/sales/self/${state.tradeId}$`));
    await page.locator('#step-3').waitFor({ state: 'visible' });
    assert.equal(await page.locator('.steps-static .step').count(), 3);
    assert.match(await page.locator('#step-3').innerText(), new RegExp(`TVER-TR-${marker}`));
    assert.match(await page.locator('#step-3').innerText(), /ตรวจสอบเอกสารครบถ้วน/);
    assert.equal(await page.locator('#step-3 a.doc-link').count(), 1, 'DLA\'s confirmation document');
    assert.equal(await page.locator('a#edit-sale').count(), 0, 'not editable');
    await shot(page, 'lao-completed-view');
    const ledger = await balance(page);
    assert.equal(ledger.sold_tco2e, state.before.sold + quantity);
    assert.deepEqual(state.lao.problems, [], 'the LAO pages loaded cleanly');
  });
});
