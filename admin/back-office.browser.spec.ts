/**
 * The whole back-office in a real browser (Debian chromium + playwright-core), every page under its
 * Content-Security-Policy with no violation reported: log in; a support user
 * cannot mark paid; mark an order paid and see its coupons; import a camt.053 and a CBI file with
 * matching, partial, duplicate and unrelated lines; match one by hand; re-import and see nothing change.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowserOrSkip } from '../test/browser.js';
import { startBackOffice, STAFF_PASSWORD, type BackOffice } from '../test/back-office.js';
import { createPartnerWithUser, productBySku } from '../test/fixtures.js';
import { buildCamt053, buildCbi } from '../test/bank-statement-files.js';
import { formatPaymentReference } from '../core/orders/payment-reference.js';
import type { Order } from '../core/shared/records.js';

const IBAN = 'IT60X0542811101000000123456';

describe('back-office in a real browser', function () {
  this.timeout(180_000);
  let browser: Browser;
  let bo: BackOffice;
  let page: Page;
  let orders: Order[];

  before(async function () {
    browser = await launchBrowserOrSkip(this);
    bo = await startBackOffice();
    const { partner, actor } = await createPartnerWithUser(bo.app, 'Studio Rossi & C.');
    const p = await productBySku(bo.app, 'coupon-lite-5');
    orders = [];
    for (let i = 0; i < 6; i++) {
      orders.push(await bo.app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: p.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor));
    }
  });
  after(async () => {
    await browser?.close();
    await bo?.close();
  });
  // Every page of every test runs under the back-office's Content-Security-Policy: Chromium reports
  // each refused script, style, font or connection on the console.
  let violations: string[];
  beforeEach(async () => {
    page = await (await browser.newContext()).newPage();
    violations = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
  });
  afterEach(async function () {
    await page?.context().close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(violations, [], 'no CSP violation');
  });

  const status = async (o: Order) => (await bo.app.db.models.Order.findByPk(o.id))!.status;
  async function login(role: 'admin' | 'accounting' | 'support') {
    await page.goto(`${bo.base}/admin/login`);
    await page.fill('input[name=email]', `${role}@sportello.test`);
    await page.fill('input[name=password]', STAFF_PASSWORD);
    await Promise.all([page.waitForURL(`${bo.base}/admin`), page.press('input[name=password]', 'Enter')]);
    await page.getByTestId('dashboard').waitFor();
  }
  async function runForm(url: string, fill: () => Promise<void> = async () => {}) {
    await page.goto(url);
    await page.getByTestId('action-form').waitFor();
    await fill();
    await page.getByTestId('action-submit').click();
    await page.getByTestId('action-confirm').click();
    const result = page.getByTestId('action-result');
    await result.waitFor();
    return { type: await result.getAttribute('data-result-type'), text: await result.innerText() };
  }

  it('login, dashboard, a list, a show page and a custom action work under the CSP, with no violation', async () => {
    const first = await page.goto(`${bo.base}/admin/login`);
    assert.match(first!.headers()['content-security-policy'] ?? '', /script-src 'self' 'sha256-/, 'the login page has a CSP');
    await login('accounting');
    const dash = await page.goto(`${bo.base}/admin`);
    assert.match(dash!.headers()['content-security-policy'] ?? '', /default-src 'self'/);
    assert.equal(dash!.headers()['cache-control'], 'no-store');
    await page.getByTestId('dashboard').waitFor();
    await page.goto(`${bo.base}/admin/resources/orders`);
    await page.getByText(orders[5].number ?? String(orders[5].id)).first().waitFor();
    await page.goto(`${bo.base}/admin/resources/orders/records/${orders[5].id}/show`);
    await page.getByText(orders[5].number ?? String(orders[5].id)).first().waitFor();
    const r = await runForm(`${bo.base}/admin/resources/orders/records/${orders[5].id}/resendInstructions`);
    assert.ok(r.type === 'success' || r.type === 'error', r.text);
    const form = await runForm(`${bo.base}/admin/resources/partners/records/${(await bo.app.db.models.Partner.findOne())!.id}/issueLinkCode`);
    assert.equal(form.type, 'success', form.text);
    assert.deepEqual(violations, [], 'no CSP violation');
  });

  it('log in; a support user sees the dashboard but cannot mark paid', async () => {
    await login('support');
    assert.ok(await page.getByTestId('figure-waiting').isVisible());
    assert.equal(await page.getByTestId('figure-waiting-value').innerText(), '6');
    await page.goto(`${bo.base}/admin/resources/orders/records/${orders[0].id}/show`);
    await page.getByText(orders[0].number ?? String(orders[0].id)).first().waitFor();
    assert.equal(await page.getByRole('link', { name: /Segna pagato/ }).count(), 0);
    const r = await page.goto(`${bo.base}/admin/api/resources/orders/records/${orders[0].id}/markPaid`);
    assert.equal(r!.status(), 403);
    assert.equal(await status(orders[0]), 'pending_payment');
  });

  it('mark an order paid and see its coupons issued', async () => {
    await login('accounting');
    const r = await runForm(`${bo.base}/admin/resources/orders/records/${orders[0].id}/markPaid`, async () => {
      await page.getByTestId('field-note').fill('bonifico visto in banca');
    });
    assert.equal(r.type, 'success', r.text);
    assert.match(r.text, /Coupon emessi: 5/);
    assert.equal(await status(orders[0]), 'fulfilled');
  });

  it('import camt.053 and CBI statements, match one line by hand, re-import and see nothing change', async () => {
    const [, exact, partial, dupe, byHand, untouched] = orders;
    const camt = buildCamt053({
      version: '08', iban: IBAN, statementId: 'B1',
      entries: [
        { credit: true, amountCents: exact.grossCents, bookingDate: '2026-11-20', counterparty: 'STUDIO ROSSI', remittance: `Pagamento ${formatPaymentReference(exact.paymentReference).toLowerCase()}`, ref: 'E-1' },
        { credit: true, amountCents: partial.grossCents - 2000, bookingDate: '2026-11-20', remittance: partial.paymentReference, ref: 'E-2' },
        { credit: true, amountCents: 4321, bookingDate: '2026-11-20', counterparty: 'Altro Cliente', remittance: 'fattura 99', ref: 'E-3' },
        { credit: true, amountCents: byHand.grossCents, bookingDate: '2026-11-21', counterparty: 'Studio Rossi & C.', remittance: 'acquisto coupon', ref: 'E-4' },
      ],
    });
    const cbi = buildCbi({
      iban: IBAN, filler: 'missing',
      movements: [
        { amountCents: dupe.grossCents, credit: true, bookingDate: '2026-11-21', ref: 'C-1', remittance: `bonifico ${dupe.paymentReference.slice(0, 6)} ${dupe.paymentReference.slice(6)}` },
        { amountCents: dupe.grossCents, credit: true, bookingDate: '2026-11-21', ref: 'C-2', remittance: `bonifico ${dupe.paymentReference}` },
        { amountCents: 1500, credit: false, bookingDate: '2026-11-21', ref: 'C-3', description: 'COMMISSIONI' },
      ],
    });
    await login('accounting');
    // The upload is queued; the worker imports it (run here) and records the outcome on the import's row.
    const importFile = async (name: string, content: string) => {
      const r = await runForm(`${bo.base}/admin/resources/bank_statements/actions/importStatement`, async () => {
        await page.getByTestId('field-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(content) });
      });
      assert.equal(r.type, 'success', r.text);
      assert.match(r.text, /in background/);
      await bo.app.createWorker({ periodic: undefined }).drain();
      const done = (await bo.app.db.models.BankImport.findOne({ where: { fileName: name }, order: [['id', 'DESC']] }))!;
      assert.equal(done.status, 'done', String(done.error));
      return done;
    };

    const first = await importFile('camt.xml', camt);
    assert.equal(first.newLines, 4);
    assert.equal(await status(exact), 'fulfilled');
    assert.equal(await status(partial), 'pending_payment');
    assert.equal(await status(byHand), 'pending_payment');

    await importFile('cbi.txt', cbi);
    assert.equal(await status(dupe), 'fulfilled');
    const duplicate = (await bo.app.db.models.BankLine.findOne({ where: { bankRef: 'C-2' } }))!;
    assert.equal(duplicate.status, 'unmatched', 'the second payment of the same order waits for a person');
    assert.equal(await status(untouched), 'pending_payment');

    // by hand: the payer wrote no causale; the order is the top suggestion (same amount, payer name)
    const line = (await bo.app.db.models.BankLine.findOne({ where: { bankRef: 'E-4' } }))!;
    const manual = await runForm(`${bo.base}/admin/resources/bank_lines/records/${line.id}/matchByHand`, async () => {
      await page.getByTestId(`suggestion-${byHand.id}`).waitFor();
      await page.getByTestId(`alloc-${byHand.id}`).fill((byHand.grossCents / 100).toFixed(2).replace('.', ','));
    });
    assert.equal(manual.type, 'success', manual.text);
    assert.equal(await status(byHand), 'fulfilled');

    const lines = await bo.app.db.models.BankLine.count();
    const again = await importFile('camt-again.xml', camt);
    assert.deepEqual([again.newLines, again.duplicates, again.held], [0, 4, 0]);
    // its outcome, on the page of the import
    await page.goto(`${bo.base}/admin/resources/bank_imports/records/${again.id}/show`);
    await page.getByText('completata').first().waitFor();
    assert.equal(await bo.app.db.models.BankLine.count(), lines);
    assert.equal(await status(partial), 'pending_payment');

    // While the worker imports, the page follows it without a reload; at the end it shows the outcome.
    const I = bo.app.db.models.BankImport;
    await I.update({ status: 'running', phase: 'abbinamento agli ordini', linesRead: 4, finishedAt: null }, { where: { id: again.id } });
    await page.goto(`${bo.base}/admin/resources/bank_imports/records/${again.id}/show`);
    await page.getByTestId('import-progress').getByText('abbinamento agli ordini — 4 righe lette', { exact: false }).waitFor();
    await I.update({ linesRead: 40_000, phase: 'registrazione dei pagamenti' }, { where: { id: again.id } });
    await page.getByTestId('import-progress').getByText('registrazione dei pagamenti — 40.000 righe lette', { exact: false }).waitFor({ timeout: 10_000 });
    await I.update({ status: 'done', phase: 'completato', finishedAt: new Date() }, { where: { id: again.id } });
    await page.getByTestId('import-progress').getByText(/^completato$/).waitFor({ timeout: 10_000 });
    await page.getByText('completata').first().waitFor();

    // the unmatched list, reached from the dashboard figure
    await page.goto(`${bo.base}/admin`);
    await page.getByTestId('figure-unmatched_lines').click();
    await page.waitForURL(/bank_lines\?filters\.status=unmatched/);
    await page.getByText('fattura 99').first().waitFor();
  });
});
