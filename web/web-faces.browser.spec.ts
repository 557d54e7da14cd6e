/**
 * The web faces' security headers in Chromium: the client form, submitted with card payment, goes
 * through our pay link to the hosted checkout (a fake Stripe on another origin) — the form-action
 * of the CSP must allow that redirect — and error pages are styled under the same nonce policy.
 * Any console error (a CSP violation is one) fails the test.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowserOrSkip } from '../test/browser.js';
import { validCompanyData } from '../test/fixtures.js';
import { startFakeStripe, type FakeStripe } from '../fakes/stripe-api.js';
import { startCheckoutServer, type CheckoutServer } from './checkout/checkout-server.test-helper.js';
import { mountPayments } from './payments/mount-payments.js';

describe('web faces under their Content-Security-Policy (Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let fake: FakeStripe;
  let s: CheckoutServer;
  let page: Page;
  let consoleErrors: string[];

  before(async function () {
    browser = await launchBrowserOrSkip(this);
    fake = await startFakeStripe();
    s = await startCheckoutServer({
      env: { STRIPE_SECRET_KEY: fake.apiKey, STRIPE_WEBHOOK_SECRET: fake.webhookSecret, STRIPE_API_HOST: fake.host, STRIPE_API_PORT: String(fake.port), STRIPE_API_PROTOCOL: 'http' },
      extraMounts: [mountPayments],
    });
  });
  after(async () => {
    await browser?.close();
    await s?.close();
    await fake?.stop();
  });
  beforeEach(async () => {
    page = await browser.newPage();
    consoleErrors = [];
    // Status pages the test asks for are logged by Chromium as failed loads: those are expected.
    page.on('console', (m) => void (m.type() === 'error' && !m.text().startsWith('Failed to load resource: the server responded with a status of') && consoleErrors.push(m.text())));
    page.on('pageerror', (e) => void consoleErrors.push(e.message));
  });
  afterEach(async () => {
    await page.close();
  });

  it('the client form with card payment reaches the hosted checkout on another origin, with no CSP violation', async () => {
    const inv = await s.invite();
    await page.goto(`${s.base}${inv.path}`);
    for (const [k, v] of Object.entries(validCompanyData())) {
      if (k === 'legalForm') await page.selectOption('#f-legalForm', String(v));
      else await page.fill(`#f-${k}`, String(v));
    }
    await page.check('input[name=paymentMethod][value=stripe]');
    await Promise.all([page.waitForURL(`${fake.url}/pay/**`), page.click('button[type=submit]')]);
    const order = (await s.app.db.models.Order.findOne({ where: { invitationId: inv.invitationId } }))!;
    assert.equal(order.paymentMethod, 'stripe');
    assert.ok(fake.sessions.has(new URL(page.url()).pathname.split('/').pop()!), 'a real session of the fake Stripe');
    assert.deepEqual(consoleErrors, []);
  });

  it('an error page is styled by its nonce’d stylesheet and shows the request id, with no CSP violation', async () => {
    const res = await page.goto(`${s.base}/pay/%E0%A4%A`);
    assert.equal(res!.status(), 400);
    assert.equal(await page.locator('h1').textContent(), 'Richiesta non valida');
    assert.equal(await page.getByTestId('request-id').textContent(), res!.headers()['x-request-id']);
    // The layout's stylesheet applied (body background): the nonce matched.
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(242, 244, 247)');
    assert.deepEqual(consoleErrors, []);
  });
});
