/** "Esporta CSV" from a filtered list in Chromium: the file holds the rows the list shows, for Italian Excel; support may not export. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchBrowserOrSkip } from '../test/browser.js';
import { startBackOffice, STAFF_PASSWORD, type BackOffice } from '../test/back-office.js';
import { createPartnerWithUser, productBySku, staffActor } from '../test/fixtures.js';

describe('CSV exports from the lists (Chromium)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let bo: BackOffice;
  let page: Page;

  before(async function () {
    browser = await launchBrowserOrSkip(this);
    bo = await startBackOffice();
    const { partner, actor } = await createPartnerWithUser(bo.app, 'Studio Neri');
    const lite = await productBySku(bo.app, 'coupon-lite-5');
    for (let i = 0; i < 3; i++) {
      const o = await bo.app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: lite.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
      if (i === 0) await bo.app.useCases.markOrderPaid({ orderId: o.id, amountCents: o.grossCents, source: 'staff' }, staffActor);
    }
  });
  after(async () => {
    await browser?.close();
    await bo?.close();
  });
  beforeEach(async () => {
    page = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 900 } })).newPage();
  });
  afterEach(async () => page?.context().close());

  async function login(role: string) {
    await page.goto(`${bo.base}/admin/login`);
    await page.fill('input[name=email]', `${role}@sportello.test`);
    await page.fill('input[name=password]', STAFF_PASSWORD);
    await Promise.all([page.waitForURL(`${bo.base}/admin`), page.press('input[name=password]', 'Enter')]);
  }

  it('exports the filtered orders: BOM, “;”, decimal comma, Italian words, and the export is audited', async () => {
    await login('accounting');
    await page.goto(`${bo.base}/admin/resources/orders?filters.status=pending_payment`);
    await page.getByTestId('badge-status').first().waitFor();
    await page.getByRole('link', { name: /Esporta CSV/ }).or(page.getByRole('button', { name: /Esporta CSV/ })).first().click();
    await page.getByTestId('export-csv').waitFor();
    assert.match(page.url(), /filters\.status=pending_payment/, 'the export page keeps the list’s filters');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()]);
    assert.match(download.suggestedFilename(), /^ordini-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile((await download.path())!);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    assert.equal(lines.length, 1 + 2, 'the two orders waiting, not the paid one');
    assert.ok(lines.slice(1).every((l) => l.includes(';In attesa di pagamento;') && l.includes(';Bonifico;') && /;\d+,\d{2};/.test(l)), lines.join('\n'));
    await page.getByTestId('export-done').waitFor();
    assert.equal(await bo.app.db.models.AuditLog.count({ where: { action: 'orders.exported' } }), 1);
  });

  it('support may not export: no button, and the API refuses (audited)', async () => {
    const before = await bo.app.db.models.AuditLog.count({ where: { action: 'orders.exported' } });
    await login('support');
    await page.goto(`${bo.base}/admin/resources/orders`);
    await page.getByTestId('badge-status').first().waitFor();
    assert.equal(await page.getByText('Esporta CSV').count(), 0);
    const status = await page.evaluate(async () => (await fetch('/admin/api/resources/orders/actions/exportCsv', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    assert.equal(status, 403);
    assert.equal(await bo.app.db.models.AuditLog.count({ where: { action: 'orders.exported' } }), before, 'nothing more exported');
    const refusal = await bo.app.db.models.AuditLog.findOne({ where: { action: 'access.denied', entityType: 'orders' }, order: [['id', 'DESC']] });
    assert.equal((refusal?.after as any)?.action, 'exportCsv', 'the refusal is audited');
  });
});
