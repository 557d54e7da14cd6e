/**
 * What staff read, in Chromium: a login page with the vendor's name and no AdminJS text; lists in
 * Italian with coloured state badges, one money format (right-aligned, one line) and compact dates;
 * detail pages titled in Italian.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowserOrSkip } from '../test/browser.js';
import { startBackOffice, STAFF_PASSWORD, type BackOffice } from '../test/back-office.js';
import { createPartnerWithUser, productBySku } from '../test/fixtures.js';
import type { Order } from '../core/db/models.js';

const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32"><rect width="120" height="32" fill="#0a5"/></svg>';

describe('back-office in Italian (Chromium)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let bo: BackOffice;
  let page: Page;
  let order: Order;

  before(async function () {
    browser = await launchBrowserOrSkip(this);
    const dir = mkdtempSync(join(tmpdir(), 'logo-'));
    writeFileSync(join(dir, 'logo.svg'), LOGO);
    bo = await startBackOffice({ env: { VENDOR_NAME: 'Contabilità Esempio S.p.A.', VENDOR_LOGO_FILE: join(dir, 'logo.svg') } });
    const { partner, actor } = await createPartnerWithUser(bo.app, 'Studio Bianchi');
    const p = await productBySku(bo.app, 'coupon-lite-5');
    // enough coupons for a total over a thousand euro: the thousands dot must show
    order = await bo.app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: p.id, quantity: 3 }], paymentMethod: 'bank_transfer' }, actor);
  });
  after(async () => {
    await browser?.close();
    await bo?.close();
  });
  beforeEach(async () => {
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  });
  afterEach(async () => page?.context().close());

  async function login() {
    await page.goto(`${bo.base}/admin/login`);
    await page.fill('input[name=email]', 'admin@sportello.test');
    await page.fill('input[name=password]', STAFF_PASSWORD);
    await Promise.all([page.waitForURL(`${bo.base}/admin`), page.press('input[name=password]', 'Enter')]);
    await page.getByTestId('dashboard').waitFor();
  }

  it('the login page shows the vendor’s name and logo and no AdminJS text', async () => {
    await page.goto(`${bo.base}/admin/login`);
    await page.locator('input[name=email]').waitFor();
    const text = await page.locator('body').innerText();
    assert.doesNotMatch(text, /adminjs/i);
    assert.doesNotMatch(await page.title(), /adminjs/i);
    const logo = page.locator('img[alt="Contabilità Esempio S.p.A. · Sportello"]');
    await logo.waitFor();
    assert.ok(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the logo loads from our own origin');
    assert.match(text, /Accesso riservato al personale/);
    assert.match(text, /Accedi/);
  });

  it('a wrong password is told in Italian', async () => {
    await page.goto(`${bo.base}/admin/login`);
    await page.fill('input[name=email]', 'admin@sportello.test');
    await page.fill('input[name=password]', 'sbagliata-sbagliata');
    await page.press('input[name=password]', 'Enter');
    await page.getByText('Email o password errate').waitFor();
  });

  it('the orders list reads in Italian: state badges by meaning, one money format, compact dates', async () => {
    await login();
    await page.goto(`${bo.base}/admin/resources/orders`);
    const badge = page.getByTestId('badge-status').first();
    await badge.waitFor();
    assert.equal((await badge.innerText()).trim(), 'In attesa di pagamento');
    assert.equal((await page.getByTestId('badge-paymentMethod').first().innerText()).trim(), 'Bonifico');
    const body = await page.locator('section, main, body').first().innerText();
    for (const english of ['Pending Payment', 'Bank Transfer', 'Payment Method', 'Created At']) assert.ok(!body.includes(english), `no “${english}”`);

    const money = page.getByTestId('cell-grossEur').first();
    const amount = (await money.innerText()).trim();
    assert.match(amount, /^\d{1,3}(\.\d{3})+,\d{2} €$/, amount);
    assert.equal(amount, (await import('./money.js')).euro(order.grossCents));
    const style = await money.evaluate((el) => ({ ws: getComputedStyle(el).whiteSpace, align: getComputedStyle(el).textAlign, h: el.getBoundingClientRect().height }));
    assert.equal(style.ws, 'nowrap');
    assert.equal(style.align, 'right');
    const date = (await page.getByTestId('cell-createdAt').first().innerText()).trim();
    assert.match(date, /^\d{2}\/\d{2}\/\d{2} \d{2}:\d{2}$/, date);

    // a badge's colour says what the state means: pending is not the colour of fulfilled or failed
    const colour = await badge.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(colour, 'rgba(0, 0, 0, 0)');
  });

  it('the detail page is titled in Italian, with Italian field names', async () => {
    await login();
    await page.goto(`${bo.base}/admin/resources/orders/records/${order.id}/show`);
    await page.getByTestId('badge-status').first().waitFor();
    // innerText follows CSS text-transform (field names are upper-cased): compare without case
    const text = (await page.locator('body').innerText()).toLowerCase();
    assert.ok(!/\bmostra\b/.test(text), 'no “Mostra” title');
    assert.match(text, /dettagli/);
    for (const italian of ['Causale', 'Chi paga', 'Totale', 'Creato il', 'In attesa di pagamento']) assert.ok(text.includes(italian.toLowerCase()), italian);
    assert.ok(!text.includes('buyer type') && !text.includes('gross'), 'no English field names');
  });

  it('yes/no fields read “Sì”', async () => {
    await login();
    const partner = (await bo.app.db.models.Partner.findOne())!;
    await page.goto(`${bo.base}/admin/resources/partners/records/${partner.id}/show`);
    await page.getByText('Studio Bianchi').first().waitFor();
    const text = await page.locator('section, main, body').first().innerText();
    assert.match(text, /(^|\n)Sì(\n|$)/);
    assert.doesNotMatch(text, /\bYes\b/);
  });
});
