// Browser test of the group sale (การขายคาร์บอนเครดิต แบบรวมกลุ่ม): four users
// in turn, each in its own browser context, take one sale from creation to
// completed through the HTML pages only:
//   1. Phrae's provincial office (phrae.province) adds the sale: buyer picked
//      in the registry dialog, lao.54-1's 5540105 as representative and
//      lao.54-2's 6540302 as participant with their quantities (the totals
//      computed as it types), a real PDF intent letter; both LAOs' credits
//      move to awaiting;
//   2. the representative checks the documents, uploads its power of
//      attorney and saves-and-consents;
//   3. the participant saves-and-consents; the sale goes to step 2;
//   4. the representative records step 2 (payment evidence, receipt and the
//      contract, required: the total is above 100,000 baht) and step 3 (one
//      transfer slip per LAO);
//   5. each LAO uploads its receipt (the representative cannot submit while
//      the participant's is missing), then the representative submits;
//   6. DLA confirms it in its queue (/admin/confirm?kind=group); both LAOs
//      see the confirmation and their credits sold.
// The demo users on the devserver's own fresh database (so the test depends
// on no other test); the buyer is registered through DLA's API with a marker.
// Screenshots: build/artifacts/browser/group-<n>-<step>.png.
//
//   cd tests/browser && node --test group_sale.test.mjs
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

const dlaUser = 'dla.admin';
const provUser = 'phrae.province';
const rep = { user: 'lao.54-1', code: '5540105', qty: 6 };
const part = { user: 'lao.54-2', code: '6540302', qty: 4 };
const unitBaht = '12,500';              // 10 credits x 12,500 = 125,000.00 baht: the contract is required
const projectId = 1;                    // the default (wet-waste-bin) project
const marker = `gs${Date.now().toString(36)}`;
const buyerFields = {
  buyer_type: 'private', has_tver_account: true,
  org_name: `บริษัท รวมกลุ่มคาร์บอน ${marker} จำกัด`, tver_account_name: `บจก. รวมกลุ่ม ${marker}`,
  tver_account_no: `TVER-${marker}`, business_type: 'energy', address: '1 หมู่ 1', road: '',
  province_code: '54', district_code: '5401', subdistrict_code: '540101', postcode: '54000',
  phone: '0812223344', office_phone: '', coordinator_first_name: 'สมใจ', coordinator_last_name: 'ขายดี',
};

let rundir;
let baseUrl;
let browser;
let shotNo = 0;
// Shared by the steps (they run in order).
const state = { dla: null, prov: null, rep: null, part: null, tradeId: null, orderNo: null, buyerId: null, before: {} };

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
  await page.screenshot({ path: join(artifactDir, `group-${shotNo}-${step}.png`), fullPage: true });
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

async function balance(page, laoCode) {
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

function ledgerOf(b) {
  const p = b.projects.find((x) => x.project_id === projectId);
  return { awaiting: p ? p.awaiting_tco2e : 0, sold: p ? p.sold_tco2e : 0 };
}

// The line of an LAO in the sale's table of LAOs.
function lineOf(page, lao) {
  return page.locator(`#lines-table tr[data-lao="${lao.code}"]`);
}

// Opens the sale from the signed-in LAO's group-sale list (the menu item).
async function openFromList(page) {
  await page.locator('nav.sidemenu a[href$="/sales/group"]').click();
  await page.waitForURL(/\/sales\/group$/);
  const row = page.locator(`#group-sales-table tr[data-trade-id="${state.tradeId}"]`);
  await row.waitFor({ state: 'visible' });
  assert.match(await row.innerText(), new RegExp(state.orderNo));
  await row.locator('a').click();
  await page.waitForURL(new RegExp(`/sales/group/${state.tradeId}$`));
}

async function stepOf(page) {
  return page.locator('#trade-step').getAttribute('data-step');
}

describe('group sale in chromium: a province, the representative, a participant and DLA in turn', () => {
  before(async () => {
    await mkdir(artifactDir, { recursive: true });
    rundir = await mkdtemp(join(tmpdir(), 'carbon-group-'));
    const port = await freePort();
    await run(devserver, ['start', rundir, String(port)], 90_000);
    baseUrl = `http://127.0.0.1:${port}/carbon`;
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  }, { timeout: 100_000 });

  after(async () => {
    for (const who of [state.dla, state.prov, state.rep, state.part]) if (who) await who.context.close();
    if (browser) await browser.close();
    if (rundir) {
      await run(devserver, ['stop', rundir], 20_000);
      await rm(rundir, { recursive: true, force: true });
    }
  }, { timeout: 30_000 });

  test('the province adds a group sale: buyer dialog, two LAOs with quantities, intent letter', { timeout: 90_000 }, async () => {
    state.dla = await openAs(dlaUser);
    state.buyerId = await registerBuyer(state.dla.page, buyerFields);
    state.prov = await openAs(provUser);
    const { page } = state.prov;
    for (const lao of [rep, part]) state.before[lao.code] = ledgerOf(await balance(page, lao.code));
    await page.locator('nav.sidemenu a[href$="/sales/group"]').click();
    await page.locator('#add-group-sale').click();
    await page.waitForURL(/\/sales\/group\/new$/);
    const { dialog, pick } = await pickBuyer(page, marker, state.buyerId);
    await pick.click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.locator('#buyer_id').inputValue(), String(state.buyerId));
    await page.locator('#trade_type_transfer').check();
    await page.locator('#unit_price_baht').fill(unitBaht);
    await page.locator(`#rep_${rep.code}`).check();
    await page.locator(`#qty_${rep.code}`).fill(String(rep.qty));
    await page.locator(`#qty_${part.code}`).fill(String(part.qty));
    // The totals as typed: each LAO's and the sale's.
    assert.equal(await page.locator(`#participants-table tr[data-lao="${rep.code}"] [data-line-total]`).innerText(), '75,000.00');
    assert.equal(await page.locator(`#participants-table tr[data-lao="${part.code}"] [data-line-total]`).innerText(), '50,000.00');
    assert.equal(await page.locator('#group_total').inputValue(), '125,000.00');
    await page.locator('#intent_letter').setInputFiles(samplePdf);
    await shot(page, 'province-form');
    await page.locator('#save-group').click();
    await page.waitForURL(/\/sales\/group\/\d+\?saved=1$/);
    state.tradeId = Number(page.url().match(/group\/(\d+)/)[1]);
    state.orderNo = (await page.locator('h1.page-title').innerText()).match(/\d{4}-\d{5}/)[0];
    assert.equal(await stepOf(page), 'consent');
    assert.equal(await page.locator('#total-baht').innerText(), '125,000.00');
    for (const lao of [rep, part]) {
      assert.equal(await lineOf(page, lao).getAttribute('data-consent'), 'pending');
      const after = ledgerOf(await balance(page, lao.code));
      assert.equal(after.awaiting, state.before[lao.code].awaiting + lao.qty, `${lao.code}'s credits reserved`);
    }
    assert.equal((await page.locator('#step-1-documents tr[data-kind="intent_letter"] a.doc-link').innerText()).trim(), 'sample.pdf');
    await shot(page, 'province-created');
  });

  test('the representative checks the documents, uploads its power of attorney and consents', { timeout: 60_000 }, async () => {
    assert.ok(state.tradeId, 'the sale was created');
    state.rep = await openAs(rep.user);
    const { page } = state.rep;
    await openFromList(page);
    // The intent letter downloads as the very file the province sent.
    const link = page.locator('#step-1-documents tr[data-kind="intent_letter"] a.doc-link');
    const file = await page.request.get(new URL(await link.getAttribute('href'), page.url()).href);
    assert.equal(file.status(), 200);
    assert.deepEqual(Buffer.from(await file.body()), await readFile(samplePdf));
    await page.locator('#f-power_of_attorney').setInputFiles(samplePdf);
    await shot(page, 'rep-consent');
    await page.locator('#consent-button').click();
    await page.waitForURL(/saved=1$/);
    assert.equal(await lineOf(page, rep).getAttribute('data-consent'), 'consented');
    assert.equal(await lineOf(page, part).getAttribute('data-consent'), 'pending');
    assert.match(await lineOf(page, rep).innerText(), /sample\.pdf/, 'its power of attorney on its line');
    assert.equal(await page.locator('#step-1-documents tr[data-kind="power_of_attorney"] a.doc-link').count(), 1,
      'and among the documents of step 1');
    assert.equal(await stepOf(page), 'consent');
    assert.equal(await page.locator('#consent-form').count(), 0, 'nothing more to consent');
  });

  test('the participant consents; the sale goes to step 2', { timeout: 60_000 }, async () => {
    state.part = await openAs(part.user);
    const { page } = state.part;
    await openFromList(page);
    assert.equal(await page.locator('#f-power_of_attorney').count(), 0, 'no power of attorney for a participant');
    await shot(page, 'part-consent');
    await page.locator('#consent-button').click();
    await page.waitForURL(/saved=1$/);
    assert.equal(await lineOf(page, part).getAttribute('data-consent'), 'consented');
    assert.equal(await stepOf(page), 'trade');
    assert.equal(await page.locator('#trade-form').count(), 0, 'step 2 is the representative\'s');
  });

  test('the representative records step 2 (with the contract) and one transfer slip per LAO', { timeout: 60_000 }, async () => {
    const { page } = state.rep;
    await page.goto(`${baseUrl}/sales/group/${state.tradeId}`);
    assert.equal(await stepOf(page), 'trade');
    assert.equal(await page.locator('label[for="f-contract"] .req').count(), 1, 'the contract is required');
    await page.locator('#f-payment_evidence').setInputFiles(sampleJpg);
    await page.locator('#f-receipt').setInputFiles(samplePdf);
    await page.locator('#f-contract').setInputFiles(samplePdf);
    await shot(page, 'rep-step2');
    await page.locator('#trade-button').click();
    await page.waitForURL(/saved=1$/);
    assert.equal(await stepOf(page), 'transfer');
    for (const kind of ['payment_evidence', 'receipt', 'contract']) {
      assert.equal(await page.locator(`#step-2-documents tr[data-kind="${kind}"] a.doc-link`).count(), 1, kind);
    }
    // One slip per LAO is the default mode; the combined slip's input shows only when chosen.
    assert.ok(await page.locator('#slips-combined').isHidden());
    await page.locator('#mode-combined').check();
    assert.ok(await page.locator('#slips-per_lao').isHidden());
    await page.locator('#mode-per-lao').check();
    assert.ok(await page.locator('#slips-combined').isHidden());
    await page.locator(`#slip-${rep.code}`).setInputFiles(samplePdf);
    await page.locator(`#slip-${part.code}`).setInputFiles(sampleJpg);
    await shot(page, 'rep-step3');
    await page.locator('#transfer-button').click();
    await page.waitForURL(/saved=1$/);
    assert.equal(await stepOf(page), 'receipts');
    assert.match(await lineOf(page, rep).innerText(), /sample\.pdf/);
    assert.match(await lineOf(page, part).innerText(), /sample\.jpg/, 'each LAO\'s own slip on its line');
    assert.equal(await page.locator('#step-3-documents tr[data-kind="lao_transfer_slip"] a.doc-link').count(), 2,
      'both slips among the documents of step 3');
  });

  test('each LAO uploads its receipt; the representative submits only when all are in', { timeout: 60_000 }, async () => {
    const { page } = state.rep;
    await page.locator('#f-lao_receipt').setInputFiles(samplePdf);
    await page.locator('#receipt-button').click();
    await page.waitForURL(/saved=1$/);
    assert.match(await page.locator('#receipt-progress').innerText(), /1 จาก 2/);
    await page.locator('#receipts-missing').waitFor({ state: 'visible' });
    assert.ok(await page.locator('#submit-button').isDisabled(), 'cannot submit before every receipt');
    await shot(page, 'rep-receipt');

    const other = state.part.page;
    await other.goto(`${baseUrl}/sales/group/${state.tradeId}`);
    await other.locator('#f-lao_receipt').setInputFiles(samplePdf);
    await other.locator('#receipt-button').click();
    await other.waitForURL(/saved=1$/);
    assert.match(await other.locator('#receipt-progress').innerText(), /2 จาก 2/);
    assert.equal(await other.locator('#submit-form').count(), 0, 'submitting is the representative\'s');
    await shot(other, 'part-receipt');

    await page.goto(`${baseUrl}/sales/group/${state.tradeId}`);
    assert.equal(await page.locator('#receipts-missing').count(), 0);
    await page.locator('#submit-button').click();
    await page.waitForURL(/saved=1$/);
    assert.equal(await stepOf(page), 'awaiting_dla');
    assert.equal(await page.locator('#step-5').count(), 0, 'no confirmation before DLA');
    await shot(page, 'rep-submitted');
  });

  test('DLA confirms it in its queue; both LAOs see the confirmation and their credits sold', { timeout: 60_000 }, async () => {
    const { page } = state.dla;
    await page.locator('nav.sidemenu a[href$="/admin/confirm"]').click();
    await page.waitForURL(/\/admin\/confirm$/);
    await page.locator('#f-kind').selectOption('group');
    await Promise.all([page.waitForURL(/kind=group/), page.locator('#queue-filters button[type="submit"]').first().click()]);
    const row = page.locator(`#queue-table tr[data-trade-id="${state.tradeId}"]`);
    await row.waitFor({ state: 'visible' });
    assert.match(await row.innerText(), new RegExp(state.orderNo));
    await shot(page, 'dla-queue');
    await row.locator('a.order-no').click();
    await page.waitForURL(new RegExp(`/admin/confirm/${state.tradeId}(\\?|$)`));
    for (const lao of [rep, part]) {
      await page.locator(`#group-lines-table tr[data-lao="${lao.code}"]`).waitFor({ state: 'visible' });
    }
    await page.locator('#c-ref').fill(`TVER-TR-${marker}`);
    await page.locator('#c-doc').setInputFiles(samplePdf);
    await shot(page, 'dla-trade');
    await page.locator('#confirm-submit').click();
    await page.waitForURL(new RegExp(`/admin/confirm\\?(.*&)?confirmed=${state.tradeId}$`));
    await page.locator('#action-notice').waitFor({ state: 'visible' });
    assert.match(await page.locator('#action-notice').innerText(), new RegExp(`${state.orderNo}.*เรียบร้อยแล้ว`));
    await shot(page, 'dla-confirmed');

    for (const [who, lao] of [[state.rep, rep], [state.part, part]]) {
      const p = who.page;
      await p.goto(`${baseUrl}/sales/group/${state.tradeId}`);
      await p.locator('#step-5').waitFor({ state: 'visible' });
      assert.equal(await p.locator('#confirmation-ref').innerText(), `TVER-TR-${marker}`);
      assert.equal(await stepOf(p), 'completed');
      assert.equal(await p.locator('form.step-actions, #consent-form').count(), 0, 'read-only once completed');
      const after = ledgerOf(await balance(p, lao.code));
      assert.deepEqual(after, { awaiting: state.before[lao.code].awaiting, sold: state.before[lao.code].sold + lao.qty });
    }
    await shot(state.part.page, 'part-completed');
    for (const who of [state.dla, state.prov, state.rep, state.part]) assert.deepEqual(who.problems, []);
  });
});
