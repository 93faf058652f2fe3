// Browser test of the sale delegated to DLA (การขายคาร์บอนเครดิต อปท. มอบ สถ. ขาย):
//   1. DLA adds a sale through its form (buyer picked in the registry dialog,
//      a real PDF intent letter); the sale waits for the provinces;
//   2. Phrae's provincial office adds two of its LAOs (lao.54-1's 5540105 and
//      lao.54-2's 6540302) with their quantities; their credits move to awaiting;
//   3. each LAO opens the sale from its to-do list, sees the receipt step
//      waiting for DLA, and saves-and-consents;
//   4. DLA uploads payment evidence, one transfer slip per LAO;
//   5. each LAO uploads its receipt;
//   6. DLA confirms it in its queue; each LAO sees step 3 and its credits sold.
// Same set-up as sale.test.mjs; screenshots: build/artifacts/browser/delegated-<n>-<step>.png.
//
//   cd tests/browser && node --test delegated_sale.test.mjs
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
const laoUsers = [['lao.54-1', '5540105'], ['lao.54-2', '6540302']];
const quantity = 7;
const marker = `dl${Date.now().toString(36)}`;
const buyerFields = {
  buyer_type: 'private', has_tver_account: true,
  org_name: `บริษัท มอบขายคาร์บอน ${marker} จำกัด`, tver_account_name: `บจก. มอบขาย ${marker}`,
  tver_account_no: `TVER-${marker}`, business_type: 'energy', address: '1 หมู่ 1', road: '',
  province_code: '54', district_code: '5401', subdistrict_code: '540101', postcode: '54000',
  phone: '0812223344', office_phone: '', coordinator_first_name: 'สมใจ', coordinator_last_name: 'ขายดี',
};

let rundir;
let baseUrl;
let browser;
let shotNo = 0;
// Shared by the steps (they run in order).
const state = { dla: null, prov: null, laos: [], tradeId: null, orderNo: null, buyerId: null, before: {} };

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
  await page.screenshot({ path: join(artifactDir, `delegated-${shotNo}-${step}.png`), fullPage: true });
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

function awaitingOf(b, projectId) {
  return b.projects.find((p) => p.project_id === projectId) || { awaiting_tco2e: 0, sold_tco2e: 0 };
}

describe('sale delegated to DLA in chromium: DLA, a province and two LAOs in turn', () => {
  before(async () => {
    await mkdir(artifactDir, { recursive: true });
    rundir = await mkdtemp(join(tmpdir(), 'carbon-delegated-'));
    const port = await freePort();
    await run(devserver, ['start', rundir, String(port)], 90_000);
    baseUrl = `http://127.0.0.1:${port}/carbon`;
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  }, { timeout: 100_000 });

  after(async () => {
    for (const who of [state.dla, state.prov, ...state.laos]) if (who) await who.context.close();
    if (browser) await browser.close();
    if (rundir) {
      await run(devserver, ['stop', rundir], 20_000);
      await rm(rundir, { recursive: true, force: true });
    }
  }, { timeout: 30_000 });

  test('DLA adds a delegated sale with the buyer dialog and an intent letter', { timeout: 90_000 }, async () => {
    state.dla = await openAs(dlaUser);
    const { page } = state.dla;
    state.buyerId = await registerBuyer(page, buyerFields);
    await page.locator('nav.sidemenu a[href$="/sales/delegated"]').click();
    await page.locator('#add-delegated').click();
    await shot(page, 'dla-form');
    const { dialog, pick } = await pickBuyer(page, marker, state.buyerId);
    await pick.click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.locator('#buyer_id').inputValue(), String(state.buyerId));
    await page.locator('#trade_type_transfer').check();
    await page.locator('#unit_price_baht').fill('300');
    await page.locator('#f-intent_letter').setInputFiles(samplePdf);
    await page.locator('#save-delegated').click();
    await page.waitForURL(/\/sales\/delegated\/\d+\?done=created/);
    state.tradeId = Number(page.url().match(/delegated\/(\d+)/)[1]);
    assert.match(await page.locator('#no-participants').innerText(), /ยังไม่มี อปท./);
    await shot(page, 'dla-created');
    for (const [, code] of laoUsers) {
      state.before[code] = awaitingOf(await balance(page, code), 1);
    }
  });

  test('Phrae adds two of its LAOs; their credits wait for the sale', { timeout: 60_000 }, async () => {
    state.prov = await openAs(provUser);
    const { page } = state.prov;
    await page.locator(`#todo-items tr[data-id="${state.tradeId}"] a`).click();
    for (const [, code] of laoUsers) await page.locator(`#qty-${code}`).fill(String(quantity));
    await shot(page, 'province-form');
    await page.locator('#save-participants').click();
    await page.waitForURL(/done=participants/);
    for (const [, code] of laoUsers) {
      assert.match(await page.locator(`#participant-lines tr[data-lao="${code}"]`).innerText(), /รอการยินยอม/);
      const after = awaitingOf(await balance(page, code), 1);
      assert.equal(after.awaiting_tco2e, state.before[code].awaiting_tco2e + quantity);
    }
    await shot(page, 'province-added');
  });

  test('each LAO checks the documents and consents; the receipt waits for DLA', { timeout: 60_000 }, async () => {
    for (const [user] of laoUsers) {
      const who = await openAs(user);
      state.laos.push(who);
      const { page } = who;
      await page.locator(`#todo-items tr[data-id="${state.tradeId}"] a`).click();
      assert.ok(await page.locator('#step-1-documents a.doc-link').count() >= 1);
      await shot(page, `${user}-step1`);
      await page.locator('#consent-yes').click();
      await page.waitForURL(/done=consent/);
      await page.locator('#receipt-wait').waitFor();
      await shot(page, `${user}-waiting`);
    }
  });

  test('DLA uploads its documents, one transfer slip per LAO', { timeout: 60_000 }, async () => {
    const { page } = state.dla;
    await page.goto(`${baseUrl}/sales/delegated/${state.tradeId}`);
    await page.locator('#f-payment_evidence').setInputFiles(sampleJpg);
    for (const [, code] of laoUsers) await page.locator(`#f-slip-${code}`).setInputFiles(samplePdf);
    await shot(page, 'dla-documents');
    await page.locator('#save-dla-documents').click();
    await page.waitForURL(/done=trade/);
    await page.locator('#missing-receipts').waitFor();
  });

  test('each LAO uploads its receipt', { timeout: 60_000 }, async () => {
    for (const who of state.laos) {
      const { page } = who;
      await page.goto(`${baseUrl}/sales/delegated/${state.tradeId}`);
      await page.locator('#f-receipt').setInputFiles(samplePdf);
      await page.locator('#save-receipt').click();
      await page.waitForURL(/done=receipt/);
      await shot(page, 'lao-receipt');
    }
  });

  test('DLA confirms in its queue; every LAO sees step 3 and its credits sold', { timeout: 60_000 }, async () => {
    const { page } = state.dla;
    await page.goto(`${baseUrl}/admin/confirm?kind=delegated`);
    assert.ok((await page.content()).includes(`/admin/confirm/${state.tradeId}`), 'the queue lists the sale');
    await page.goto(`${baseUrl}/sales/delegated/${state.tradeId}`);
    await page.locator('#go-confirm').click();
    await page.locator('#trade-lines').waitFor();
    await page.locator('#c-ref').fill(`TVER-TR-${marker}`);
    await shot(page, 'dla-confirm');
    await page.locator('#confirm-submit').click();
    await page.waitForURL(/confirmed=/);
    for (const [i, [, code]] of laoUsers.entries()) {
      const lao = state.laos[i].page;
      await lao.goto(`${baseUrl}/sales/delegated/${state.tradeId}`);
      await lao.locator('#step-3').waitFor();
      assert.match(await lao.locator('#trade-status').innerText(), /ดำเนินการเสร็จสิ้น/);
      const after = awaitingOf(await balance(lao, code), 1);
      assert.equal(after.sold_tco2e, state.before[code].sold_tco2e + quantity);
      assert.equal(after.awaiting_tco2e, state.before[code].awaiting_tco2e);
    }
    await shot(state.laos[0].page, 'lao-completed');
    for (const who of [state.dla, state.prov, ...state.laos]) assert.deepEqual(who.problems, []);
  });
});
