/** The back-office chart figures, read from a real database: each sale on its Italian day, tier and method; transfers by age. */
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPartnerWithUser, productBySku, staffActor } from '../../test/fixtures.js';
import { romeDay, romeDayStart, lastRomeDays, nextRomeDay } from './rome-time.js';
import { sqlDate } from '../db/sql-date.js';

describe('back-office charts (use case)', function () {
  this.timeout(60_000);
  let app: TestApp;
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
  // createdAt is the database's own timestamp: a test ages an order by rewriting it
  const age = (id: number, h: number) =>
    app.db.sequelize.query('UPDATE orders SET created_at = :at WHERE id = :id', { replacements: { at: sqlDate(app.db.dialect, hoursAgo(h)), id } });

  before(async () => {
    app = await createTestApp();
  });
  after(async () => app?.dispose());

  it('Rome days: midnight in Italy, summer and winter', () => {
    assert.equal(romeDayStart('2026-12-06').toISOString(), '2026-12-05T23:00:00.000Z');
    assert.equal(romeDayStart('2026-07-01').toISOString(), '2026-06-30T22:00:00.000Z');
    assert.equal(romeDay(new Date('2026-12-05T23:30:00Z')), '2026-12-06');
    assert.equal(nextRomeDay('2026-12-31'), '2027-01-01');
    const days = lastRomeDays(new Date('2026-03-30T10:00:00Z'), 30);
    assert.equal(days.length, 30);
    assert.equal(days[29], '2026-03-30');
    assert.equal(days[0], '2026-03-01');
  });

  it('counts paid sales by day, tier and method; waiting transfers by age; refuses non-staff', async () => {
    const { partner, actor } = await createPartnerWithUser(app, 'Studio Grafici');
    const lite = await productBySku(app, 'coupon-lite-5');
    const ordinary = await productBySku(app, 'coupon-ordinary-1');
    const place = (p: { id: number }, method: 'bank_transfer' | 'sandbox') =>
      app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: p.id, quantity: 1 }], paymentMethod: method }, actor);

    // 30 hours ago: one transfer left waiting (late), one paid on that day
    const late = await place(lite, 'bank_transfer');
    await age(late.id, 30);
    const paidEarlier = await place(ordinary, 'bank_transfer');
    await app.useCases.markOrderPaid({ orderId: paidEarlier.id, amountCents: paidEarlier.grossCents, source: 'staff', paidAt: hoursAgo(30) }, staffActor);
    // 18 hours ago: waiting, within the promise but past 12 h
    const due = await place(ordinary, 'bank_transfer');
    await age(due.id, 18);
    const young = await place(lite, 'bank_transfer');
    const card = await place(lite, 'sandbox');
    await app.useCases.markOrderPaid({ orderId: card.id, amountCents: card.grossCents, source: 'staff' }, staffActor);
    await place(lite, 'bank_transfer').then((o) => app.useCases.cancelOrder(o.id, staffActor));

    const c = await app.useCases.backOfficeCharts(staffActor);
    const today = c.sales.days.length - 1;
    assert.equal(c.sales.days.length, 30);
    assert.equal(c.sales.days[today].day, romeDay(new Date()));
    const earlierDay = c.sales.days.findIndex((d) => d.day === romeDay(new Date(Date.now() - 30 * 3600_000)));
    assert.ok(earlierDay >= 0);
    assert.equal(c.sales.cents.card.lite[today], card.grossCents);
    assert.equal(c.sales.orders.card[today], 1);
    assert.equal(c.sales.cents.bank_transfer.ordinary[earlierDay], paidEarlier.grossCents);
    const total = (['card', 'bank_transfer'] as const).reduce((s, mt) => s + Object.values(c.sales.cents[mt]).flat().reduce((a, b) => a + b, 0), 0);
    assert.equal(total, card.grossCents + paidEarlier.grossCents, 'only paid orders count, cancelled and waiting ones do not');

    const bucket = (k: string) => c.waiting.find((b) => b.key === k)!;
    assert.deepEqual([bucket('0-12h').count, bucket('12-24h').count, bucket('over-24h').count], [1, 1, 1]);
    assert.equal(bucket('0-12h').cents, young.grossCents);
    assert.equal(bucket('12-24h').cents, due.grossCents);
    assert.equal(bucket('over-24h').cents, late.grossCents);

    await assert.rejects(app.useCases.backOfficeCharts(actor), /riservata al personale/);
  });

  it('a partner’s purchases per month', async () => {
    const { partner, actor } = await createPartnerWithUser(app, 'Studio Mesi');
    const lite = await productBySku(app, 'coupon-lite-5');
    const o = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: lite.id, quantity: 2 }], paymentMethod: 'bank_transfer' }, actor);
    await app.useCases.markOrderPaid({ orderId: o.id, amountCents: o.grossCents, source: 'staff' }, staffActor);
    const r = await app.useCases.partnerPurchases({ partnerId: partner.id }, staffActor);
    assert.equal(r.months.length, 12);
    assert.deepEqual(r.months.slice(-1).map((m) => [m.orders, m.cents]), [[1, o.grossCents]]);
    assert.equal(r.months.slice(0, -1).reduce((s, m) => s + m.orders, 0), 0);
    assert.ok(new Date(r.months[11].from) <= new Date() && new Date() <= new Date(r.months[11].to));
  });
});
