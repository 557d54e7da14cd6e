/**
 * A client in a real browser (Debian chromium + playwright-core): the emailed link, wrong data,
 * the fix, payment, the company created and linked to the partner; an expired and a reused link.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowserOrSkip } from '../../test/browser.js';
import { startSmtpSink, type SmtpSink } from '../../fakes/smtp-sink.js';
import { validCompanyData } from '../../test/fixtures.js';
import { startCheckoutServer, type CheckoutServer } from './checkout-server.test-helper.js';
import { mountPayments } from '../payments/mount-payments.js';

const linkIn = (text: string, path: string) => new RegExp(`https?://\\S+${path}/\\S+`).exec(text)?.[0];

describe('client checkout in a real browser', function () {
  let browser: Browser;
  let s: CheckoutServer;
  let sink: SmtpSink;
  let page: Page;
  /** Console errors and uncaught page errors (a Content-Security-Policy violation is one): none expected. */
  let consoleErrors: string[];

  before(async function () {
    browser = await launchBrowserOrSkip(this);
    sink = await startSmtpSink();
    // No Stripe key: the pay link leads to the clearly labelled sandbox checkout (issue "Payments").
    s = await startCheckoutServer({ env: { SMTP_URL: sink.url }, extraMounts: [mountPayments] });
    await s.app.emails.ready();
  });
  after(async () => {
    await browser?.close();
    await s?.close();
    await sink?.stop();
  });
  beforeEach(async () => {
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'it-IT' })).newPage();
    consoleErrors = [];
    // Status pages the test asks for (422, 404, 410…) are logged by Chromium as failed loads: those are expected.
    page.on('console', (m) => void (m.type() === 'error' && !m.text().startsWith('Failed to load resource: the server responded with a status of') && consoleErrors.push(m.text())));
    page.on('response', (r) => void (r.status() === 404 && consoleErrors.push(`404 ${new URL(r.url()).pathname}`)));
    page.on('pageerror', (e) => void consoleErrors.push(e.message));
  });
  afterEach(async function () {
    await page.context().close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(consoleErrors, [], 'no console errors (CSP violations included)');
  });

  async function emailedLink(clientName: string) {
    const inv = await s.invite({ partnerName: `Studio Bianchi ${clientName}`, clientName });
    await s.app.createWorker().drain();
    const mail = (await sink.waitFor(1)).find((m) => m.text?.includes(`Gentile ${clientName}`));
    assert.ok(mail, 'invitation email received');
    const link = linkIn(mail.text!, '/invito');
    assert.equal(link, inv.link);
    return { ...inv, link };
  }

  async function fillCompany(data: Record<string, unknown>) {
    for (const [k, v] of Object.entries(data)) {
      if (k === 'legalForm') await page.selectOption('#f-legalForm', String(v));
      else await page.fill(`#f-${k}`, v == null ? '' : String(v));
    }
  }

  it('opens the emailed link, sees its mistakes, fixes them, pays, and gets its company linked to the partner', async () => {
    const inv = await emailedLink('Mario Rossi');
    await page.goto(inv.link);
    assert.equal(await page.locator('h1').textContent(), 'Acquista il tuo account KeyContabilità');
    assert.match((await page.locator('main').textContent()) ?? '', /Studio Bianchi Mario Rossi ti invita/);

    // Inline browser validation: an empty required field is flagged in place, nothing is sent.
    await page.fill('#f-legalName', '');
    await page.click('button[type=submit]');
    assert.equal(await page.locator('#err-legalName').textContent(), 'Questo campo è obbligatorio.');
    assert.equal(await page.getAttribute('#f-legalName', 'aria-invalid'), 'true');
    assert.equal(await s.app.db.models.Order.count(), 0);

    // A Partita IVA with a wrong check digit is caught in the browser already: nothing is sent.
    const good = validCompanyData();
    await fillCompany({ ...good, vatNumber: '12345678901', repTaxCode: 'RSSMRA85T10A562X' });
    await page.check('input[name=paymentMethod][value=sandbox]');
    await page.click('button[type=submit]');
    assert.match((await page.locator('#err-vatNumber').textContent()) ?? '', /cifra di controllo/);
    assert.equal(await page.getAttribute('#f-vatNumber', 'aria-invalid'), 'true');
    assert.equal(await s.app.db.models.Order.count(), 0);

    // Wrong data the browser does not check (a personal tax code's check character): the server's message, values kept.
    await page.fill('#f-vatNumber', good.vatNumber);
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    await page.waitForSelector('#error-summary');
    const summary = (await page.locator('#error-summary').textContent()) ?? '';
    assert.match(summary, /C’è un dato da correggere/);
    assert.match(summary, /Codice fiscale/i);
    assert.ok(((await page.locator('#err-repTaxCode').textContent()) ?? '').length > 5);
    assert.equal(await page.inputValue('#f-repTaxCode'), 'RSSMRA85T10A562X');
    assert.equal(await page.inputValue('#f-legalName'), good.legalName, 'other values kept');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary', 'focus moved to the errors');

    // Fixed → the pay link.
    await page.fill('#f-vatNumber', good.vatNumber);
    await page.fill('#f-repTaxCode', good.repTaxCode);
    await Promise.all([page.waitForURL(/\/(pay|sandbox\/checkout)\//), page.click('button[type=submit]')]);
    const order = (await s.app.db.models.Order.findOne({ where: { invitationId: inv.invitationId } }))!;
    assert.equal(order.status, 'pending_payment');

    assert.match((await page.getByTestId('sandbox-banner').textContent()) ?? '', /PROVA|TEST/, 'the stand-in says what it is');
    await Promise.all([page.waitForLoadState('load'), page.getByTestId('sandbox-pay').click()]);
    await s.app.createWorker().drain(); // provisioning + emails

    await order.reload();
    assert.equal(order.status, 'fulfilled');
    const company = (await s.app.db.models.Company.findByPk(order.companyId!))!;
    assert.equal(company.partnerId, inv.partnerId, 'linked to the inviting partner');
    assert.equal(company.payer, 'client');
    assert.equal(company.provisioningState, 'active');
    assert.equal(company.vatNumber, good.vatNumber);
    const ready = sink.messages.find((m) => m.subject?.includes('è pronta'));
    assert.ok(ready, '"company ready" email delivered');
    assert.match(ready.text ?? '', /\/ordine\//, 'the "company ready" email links the order’s page');
    assert.equal((await s.app.db.models.Invitation.findByPk(inv.invitationId))!.status, 'purchased');
    const told = (await s.app.db.models.OutboxJob.findAll({ where: { kind: 'notify' } })).map((j) => (j.payload as { event: string }).event);
    assert.ok(told.includes('invitation_opened') && told.includes('invitation_purchased'), `partner told on open and purchase: ${told}`);

    // The status link from the emails tells the same story.
    const paid = sink.messages.find((m) => m.text?.includes('/ordine/'));
    assert.ok(paid);
    await page.goto(linkIn(paid.text!, '/ordine')!);
    assert.equal(await page.getByTestId('order-status').textContent(), 'Pagato ed evaso');
    assert.match((await page.getByTestId('company-state').textContent()) ?? '', /pronta/);

    // The same link again: used.
    await page.goto(inv.link);
    assert.equal(await page.locator('h1').textContent(), 'Questo link non è più valido');
    assert.match((await page.locator('main').textContent()) ?? '', /già stato usato/);
  });

  it('an expired link shows a clear page offering to contact the partner', async () => {
    const inv = await emailedLink('Giulia Verdi');
    s.clock.shift(31);
    try {
      await page.goto(`${inv.link}?lang=en`);
      assert.equal(await page.locator('h1').textContent(), 'This link is no longer valid');
      assert.match((await page.locator('main').textContent()) ?? '', /expired/);
      const mail = page.locator('main a[href^="mailto:"]');
      assert.match((await mail.getAttribute('href')) ?? '', /^mailto:billing/);
      assert.equal(await page.locator('form').count(), 0);
    } finally {
      s.clock.shift(-31);
    }
  });

  it('works on a phone: no horizontal scrolling, labels on every field', async () => {
    const inv = await s.invite();
    await page.goto(inv.link);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page wider than the phone by ${overflow}px`);
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll('input:not([type=hidden]), select')).filter((el) => !(el as HTMLInputElement).labels?.length).map((el) => (el as HTMLInputElement).name),
    );
    assert.deepEqual(unlabelled, []);
  });
});
