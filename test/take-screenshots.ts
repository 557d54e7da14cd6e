/**
 * The back-office pictures in docs/screenshots/ (1366 px wide, Chromium): the dashboard, the orders
 * list, a partner's page, the companies list. Seeds a month of varied sales on a throw-away database.
 *   npx tsx test/take-screenshots.ts
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './browser.js';
import { startBackOffice, STAFF_PASSWORD } from './back-office.js';
import { createPartnerWithUser, productBySku, staffActor } from './fixtures.js';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });

const bo = await startBackOffice();
const app = bo.app;
const m = app.db.models;
const partners = [await createPartnerWithUser(app, 'Studio Rossi & C. S.r.l.'), await createPartnerWithUser(app, 'CS Lombardia Servizi S.p.A.'), await createPartnerWithUser(app, 'Dott.ssa Bianchi Commercialista')];
const skus = ['coupon-lite-1', 'coupon-lite-5', 'coupon-ordinary-1', 'coupon-ordinary-5', 'coupon-corporate-1'];
const products = await Promise.all(skus.map((s) => productBySku(app, s)));
let seed = 7;
const rnd = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
const DAY = 86_400_000;

for (let day = 29; day >= 0; day--) {
  const count = 1 + rnd(4);
  for (let k = 0; k < count; k++) {
    const { partner, actor } = partners[rnd(partners.length)];
    const method = rnd(3) === 0 ? 'sandbox' : 'bank_transfer';
    const o = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: products[rnd(products.length)].id, quantity: 1 + rnd(2) }], paymentMethod: method }, actor);
    const at = new Date(Date.now() - day * DAY - rnd(8) * 3600_000);
    await m.Order.update({ createdAt: at } as any, { where: { id: o.id } });
    if (day > 0 || k > 0) await app.useCases.markOrderPaid({ orderId: o.id, amountCents: o.grossCents, source: 'staff', paidAt: at }, staffActor);
  }
}
// transfers waiting: young, due, late
for (const hours of [2, 5, 15, 30, 50]) {
  const { partner, actor } = partners[rnd(partners.length)];
  const o = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: products[1].id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
  await m.Order.update({ createdAt: new Date(Date.now() - hours * 3600_000) } as any, { where: { id: o.id } });
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
await page.goto(`${bo.base}/admin/login`);
await page.screenshot({ path: `${OUT}login.png` });
await page.fill('input[name=email]', 'admin@sportello.test');
await page.fill('input[name=password]', STAFF_PASSWORD);
await Promise.all([page.waitForURL(`${bo.base}/admin`), page.press('input[name=password]', 'Enter')]);
await page.getByTestId('chart-sales').waitFor();
await page.screenshot({ path: `${OUT}dashboard.png` });
// the page scrolls inside AdminJS's layout: the charts below get their own picture
await page.getByTestId('chart-waiting').scrollIntoViewIfNeeded();
await page.screenshot({ path: `${OUT}dashboard-charts.png` });
await page.goto(`${bo.base}/admin/resources/orders`);
await page.getByTestId('badge-status').first().waitFor();
await page.screenshot({ path: `${OUT}orders.png` });
await page.goto(`${bo.base}/admin/resources/partners/records/${partners[0].partner.id}/show`);
await page.getByTestId('chart-partner-purchases').waitFor();
await page.getByTestId('chart-partner-purchases').scrollIntoViewIfNeeded();
await page.screenshot({ path: `${OUT}partner.png` });
await page.goto(`${bo.base}/admin/resources/orders/actions/exportCsv?filters.status=pending_payment`);
await page.getByTestId('export-csv').waitFor();
await page.screenshot({ path: `${OUT}export.png` });
await browser.close();
await bo.close();
console.log(`screenshots written to ${OUT}`);
