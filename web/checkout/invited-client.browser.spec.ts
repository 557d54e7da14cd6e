/**
 * What an invited client reads, in Chromium: the codice fiscale left empty for a company, the success
 * page saying what they bought and what happens next with their order's page, client wording of the
 * order, the reused link's way forward, and a second company with the same Partita IVA asked and flagged.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowserOrSkip } from '../../test/browser.js';
import { validCompanyData } from '../../test/fixtures.js';
import { startCheckoutServer, type CheckoutServer } from './checkout-server.test-helper.js';
import { mountPayments } from '../payments/mount-payments.js';

const PLATFORM = 'https://app.keycontabilita.example/';

describe('invited client wording (Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let s: CheckoutServer;
  let page: Page;

  before(async function () {
    browser = await launchBrowserOrSkip(this);
    s = await startCheckoutServer({ env: { PLATFORM_URL: PLATFORM }, extraMounts: [mountPayments] });
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });
  beforeEach(async () => {
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'it-IT' })).newPage();
  });
  afterEach(async () => page?.context().close());

  async function fill(data: Record<string, unknown>) {
    for (const [k, v] of Object.entries(data)) {
      if (k === 'legalForm') await page.selectOption('#f-legalForm', String(v));
      else await page.fill(`#f-${k}`, v == null ? '' : String(v));
    }
    await page.check('input[name=paymentMethod][value=sandbox]');
  }

  it('buys with the codice fiscale left empty, reads what was bought and where to go next; the reused link leads on', async () => {
    const inv = await s.invite({ clientName: 'Anna Neri' });
    await page.goto(inv.link);
    assert.match((await page.locator('label[for=f-taxCode]').innerText()) ?? '', /uguale alla Partita IVA/);
    assert.equal(await page.getAttribute('#f-taxCode', 'required'), null, 'not required in the browser');
    const data = validCompanyData({ taxCode: '' });
    await fill(data);
    await Promise.all([page.waitForURL(/sandbox\/checkout/), page.click('button[type=submit]')]);
    const order = (await s.app.db.models.Order.findOne({ where: { invitationId: inv.invitationId }, include: ['lines'] as any }))!;
    assert.equal((order.companyData as any).taxCode, data.vatNumber, 'the codice fiscale is the Partita IVA');
    const sandbox = await page.locator('main').innerText();
    assert.ok(!/coupon/i.test(sandbox), `no “coupon” on the client’s pages: ${sandbox}`);
    assert.match(sandbox, /Account aziendale KeyContabilità Ordinaria \(12 mesi\)/);
    assert.ok(!/1 × /.test(sandbox));

    await Promise.all([page.waitForURL(/\/success/), page.getByTestId('sandbox-pay').click()]);
    const success = await page.getByTestId('success-client').innerText();
    assert.match(success, /account aziendale KeyContabilità per Rossi Impianti S\.r\.l\./);
    assert.match(success, /pochi minuti/);
    assert.ok(!/bot/i.test(await page.locator('main').innerText()), 'no bot for a client');
    await Promise.all([page.waitForURL(/\/ordine\//), page.getByRole('link', { name: 'Vedi lo stato dell’ordine' }).click()]);
    const status = await page.locator('main').innerText();
    assert.match(status, /Account aziendale KeyContabilità Ordinaria/);
    assert.ok(!/coupon/i.test(status), status);

    const res = await page.goto(inv.link);
    assert.equal(res!.status(), 410);
    assert.match((await page.getByTestId('see-order').getAttribute('href')) ?? '', /^\/ordine\//);
    assert.equal(await page.getByTestId('open-platform').getAttribute('href'), PLATFORM);
    await s.app.createWorker().drain(); // the company is created
    await Promise.all([page.waitForURL(/\/ordine\//), page.getByTestId('see-order').click()]);
    await page.getByTestId('order-status').waitFor();
    assert.equal(await page.getByTestId('open-platform').getAttribute('href'), PLATFORM, 'the ready company: the platform’s address');
  });

  it('a second company with the same Partita IVA: the buyer is asked, then staff see a flag', async () => {
    const first = await s.invite({ clientName: 'Primo Cliente' });
    const data = validCompanyData();
    await page.goto(first.link);
    await fill(data);
    await Promise.all([page.waitForURL(/sandbox\/checkout/), page.click('button[type=submit]')]);
    await Promise.all([page.waitForURL(/\/success/), page.getByTestId('sandbox-pay').click()]);
    await s.app.createWorker().drain();
    assert.equal(await s.app.db.models.Company.count({ where: { vatNumber: data.vatNumber } }), 1);

    const second = await s.invite({ clientName: 'Secondo Cliente' });
    await page.goto(second.link);
    await fill(data);
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    assert.match(await page.locator('#err-vatNumber').innerText(), /Esiste già un account KeyContabilità per questa Partita IVA/);
    assert.equal(await page.inputValue('#f-vatNumber'), data.vatNumber, 'the typed value kept');
    assert.equal(await s.app.db.models.Order.count({ where: { invitationId: second.invitationId } }), 0, 'nothing ordered yet');
    await page.check('#f-paymentMethod input[value=sandbox]').catch(() => page.check('input[name=paymentMethod][value=sandbox]'));
    await page.getByTestId('confirm-same-vat').check();
    await Promise.all([page.waitForURL(/sandbox\/checkout/), page.click('button[type=submit]')]);
    const order = (await s.app.db.models.Order.findOne({ where: { invitationId: second.invitationId } }))!;
    assert.match(order.flag ?? '', /Partita IVA già presente: azienda n\. \d+ \(Rossi Impianti S\.r\.l\.\)/);
  });
});
