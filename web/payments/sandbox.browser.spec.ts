/**
 * The sandbox (no Stripe key) in a real browser: the pay link opens the clearly labelled local
 * checkout; "pay" goes through the signed-webhook path and fulfils the order; "fail" and "cancel"
 * leave it to pay, and the pay link then works again.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowserOrSkip } from '../../test/browser.js';
import { startPaymentsServer, type PaymentsServer } from './payments.test-helper.js';


describe('sandbox checkout in a real browser', function () {
  this.timeout(60_000);
  let s: PaymentsServer;
  let browser: Browser;
  let page: Page;
  /** Console errors and uncaught page errors (a Content-Security-Policy violation is one): none expected. */
  let consoleErrors: string[];

  before(async function () {
    browser = await launchBrowserOrSkip(this);
    s = await startPaymentsServer({ sandbox: true });
  });
  beforeEach(async () => {
    page = await browser.newPage();
    consoleErrors = [];
    // Status pages the test asks for (422, 404, 410…) are logged by Chromium as failed loads: those are expected.
    page.on('console', (m) => void (m.type() === 'error' && !m.text().startsWith('Failed to load resource: the server responded with a status of') && consoleErrors.push(m.text())));
    page.on('response', (r) => void (r.status() === 404 && consoleErrors.push(`404 ${new URL(r.url()).pathname}`)));
    page.on('pageerror', (e) => void consoleErrors.push(e.message));
  });
  afterEach(async function () {
    await page?.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(consoleErrors, [], 'no console errors (CSP violations included)');
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  it('pay: the labelled sandbox page → signed event → order fulfilled → success page', async () => {
    const o = await s.placeOrder({ method: 'stripe' }); // no key: placeOrder makes it a sandbox order
    assert.equal((await s.app.db.models.Order.findByPk(o.id))!.paymentMethod, 'sandbox');
    await page.goto(`${s.base}${o.payPath}`);
    assert.match(page.url(), /\/sandbox\/checkout\/cs_sandbox_/);
    assert.match((await page.getByTestId('sandbox-banner').textContent())!, /AMBIENTE DI PROVA/);
    assert.ok((await page.getByTestId('order-total').textContent())!.includes(','));
    await page.getByTestId('sandbox-pay').click();
    await page.waitForURL(/\/success\?session_id=cs_sandbox_/);
    assert.match((await page.getByTestId('success-fulfilled').textContent())!, /pagato ed evaso/);
    const order = (await s.app.db.models.Order.findByPk(o.id))!;
    assert.equal(order.status, 'fulfilled');
    assert.equal(await s.app.db.models.Coupon.count({ where: { orderId: o.id } }), 5);
    const ev = await s.app.db.models.StripeEvent.findOne({ where: { orderId: o.id } });
    assert.equal(ev!.source, 'sandbox');
    assert.equal(ev!.type, 'checkout.session.completed');
    // Going back to the (now closed) sandbox page or the pay link shows the state, not a new payment.
    await page.goto(`${s.base}${o.payPath}`);
    assert.equal(await page.getByTestId('order-state').getAttribute('data-state'), 'fulfilled');
  });

  it('fail, then cancel, then pay again from the same link', async () => {
    const o = await s.placeOrder({ language: 'en' });
    await page.goto(`${s.base}${o.payPath}`);
    assert.match((await page.getByTestId('sandbox-banner').textContent())!, /TEST ENVIRONMENT/);
    await page.getByTestId('sandbox-fail').click();
    await page.waitForURL(/\/cancel\?failed=1/);
    assert.match((await page.getByTestId('payment-failed').textContent())!, /did not go through/);
    assert.equal((await s.app.db.models.Order.findByPk(o.id))!.status, 'pending_payment');

    await page.getByRole('link', { name: 'Back to payment' }).click();
    await page.waitForURL(/\/sandbox\/checkout\//);
    await page.getByTestId('sandbox-cancel').click();
    await page.waitForURL(/\/cancel$/);
    assert.match((await page.getByTestId('payment-cancelled').textContent())!, /Nothing has been charged/);

    await page.getByRole('link', { name: 'Back to payment' }).click();
    await page.getByTestId('sandbox-pay').click();
    await page.waitForURL(/\/success/);
    assert.equal((await s.app.db.models.Order.findByPk(o.id))!.status, 'fulfilled');
    assert.equal(await s.app.db.models.AuditLog.count({ where: { action: 'order.fulfilled', entityId: String(o.id) } }), 1);
  });
});
