/**
 * The dashboard's charts in Chromium: drawn (pixels on the canvas), their numbers readable as text,
 * a bar opening the filtered list it counts; a partner's page with its purchases per month.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowserOrSkip } from '../test/browser.js';
import { startBackOffice, STAFF_PASSWORD, type BackOffice } from '../test/back-office.js';
import { createPartnerWithUser, productBySku, staffActor } from '../test/fixtures.js';
import { sqlDate } from '../core/db/sql-date.js';
import { euro } from './money.js';

describe('dashboard charts (Chromium)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let bo: BackOffice;
  let page: Page;
  let partnerId: number;
  let paidCents = 0;
  let violations: string[];

  before(async function () {
    browser = await launchBrowserOrSkip(this);
    bo = await startBackOffice();
    const { partner, actor } = await createPartnerWithUser(bo.app, 'Studio Verdi');
    partnerId = partner.id;
    const lite = await productBySku(bo.app, 'coupon-lite-5');
    const place = () => bo.app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: lite.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
    for (let i = 0; i < 2; i++) {
      const o = await place();
      await bo.app.useCases.markOrderPaid({ orderId: o.id, amountCents: o.grossCents, source: 'staff' }, staffActor);
      paidCents += o.grossCents;
    }
    // one transfer waiting for 30 hours: past the promise
    const late = await place();
    await bo.app.db.sequelize.query('UPDATE orders SET created_at = :at WHERE id = :id', { replacements: { at: sqlDate(bo.app.db.dialect, new Date(Date.now() - 30 * 3600_000)), id: late.id } });
  });
  after(async () => {
    await browser?.close();
    await bo?.close();
  });
  beforeEach(async () => {
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    violations = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
  });
  afterEach(async () => page?.context().close());

  async function login(role = 'support') {
    await page.goto(`${bo.base}/admin/login`);
    await page.fill('input[name=email]', `${role}@sportello.test`);
    await page.fill('input[name=password]', STAFF_PASSWORD);
    await Promise.all([page.waitForURL(`${bo.base}/admin`), page.press('input[name=password]', 'Enter')]);
    await page.getByTestId('dashboard').waitFor();
  }
  const painted = (testId: string) =>
    page.getByTestId(testId).evaluate((c: HTMLCanvasElement) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    });

  it('draws the charts, with their numbers as text and the same money format', async () => {
    await login();
    for (const key of ['sales', 'waiting', 'provisioning', 'failing']) await page.getByTestId(`chart-${key}`).waitFor();
    assert.ok((await painted('chart-sales-canvas')) > 500, 'the sales chart is drawn');
    assert.ok((await painted('chart-waiting-canvas')) > 500, 'the waiting chart is drawn');
    const aria = await page.getByTestId('chart-sales-canvas').getAttribute('aria-label');
    assert.match(aria ?? '', new RegExp(`bonifico ${euro(paidCents).replace('.', '\\.')}`));
    await page.getByTestId('chart-waiting-details').locator('summary').click();
    const rows = await page.getByTestId('chart-waiting-table').locator('tbody tr').allInnerTexts();
    assert.deepEqual(rows.map((r) => r.split('\t').slice(0, 2)), [['0–12 ore', '0'], ['12–24 ore', '0'], ['Oltre 24 ore', '1']]);
    assert.deepEqual(violations, [], 'no CSP violation');
  });

  it('a bar opens the filtered list it counts', async () => {
    await login();
    const canvas = page.getByTestId('chart-waiting-canvas');
    await canvas.waitFor();
    const box = (await canvas.boundingBox())!;
    // three categories across the plot (after the y axis); the third ("over 24 h", the only one with an order) fills the height
    await Promise.all([page.waitForURL(/resources\/orders\?/), canvas.click({ position: { x: 20 + ((box.width - 20) * 5) / 6, y: box.height * 0.45 } })]);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('filters.status'), 'pending_payment');
    assert.equal(url.searchParams.get('filters.paymentMethod'), 'bank_transfer');
    assert.ok(url.searchParams.get('filters.createdAt~~to'));
    const rows = page.locator('[data-testid="badge-status"]');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1, 'the list shows the one late transfer');
  });

  it('a partner’s page shows its purchases per month', async () => {
    await login();
    await page.goto(`${bo.base}/admin/resources/partners/records/${partnerId}/show`);
    await page.getByTestId('chart-partner-purchases').waitFor();
    assert.ok((await painted('chart-partner-purchases-canvas')) > 200);
    const summary = await page.getByTestId('chart-partner-purchases-summary').innerText();
    assert.match(summary, new RegExp(`2 ordini, ${euro(paidCents).replace('.', '\\.')}`));
    assert.deepEqual(violations, [], 'no CSP violation');
  });
});
