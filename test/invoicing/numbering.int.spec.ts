/**
 * Gapless numbering: 20 payments at once (on MariaDB: real row locks, retried deadlocks), a
 * transaction rolled back after taking a number, and the year boundary at midnight in Europe/Rome
 * (not UTC): 31 December 23:59 Rome is still the old year, 00:00 the new one.
 */
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../test-app.js';
import { staffActor } from '../fixtures.js';
import { billedPartner, partnerPaidOrder } from './invoicing-fixtures.js';
import { takeNumber } from '../../core/invoicing/numbering.js';
import { romeDate, romeYear } from '../../core/invoicing/rome-date.js';

describe('invoice numbering', function () {
  this.timeout(120_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(async () => {
    await app?.dispose();
  });
  const m = () => app.db.models;

  it('20 concurrent payments: 20 invoices numbered 1..20 of the year, no gap, no duplicate', async () => {
    const { partner, actor } = await billedPartner(app);
    const product = (await m().Product.findOne({ where: { sku: 'coupon-lite-1' } }))!;
    const orders = [];
    for (let i = 0; i < 20; i++) {
      orders.push(await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: product.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor));
    }
    const base = (await m().Invoice.max('sequence', { where: { year: romeYear(new Date()) } })) as number | null;
    // Each order paid twice at once as well: a duplicate payment must not take a number.
    await Promise.all(orders.flatMap((o) => [0, 1].map(() => app.useCases.markOrderPaid({ orderId: o.id, amountCents: o.grossCents, source: 'bank_transfer' }, staffActor))));
    const invoices = await m().Invoice.findAll({ where: { orderId: orders.map((o) => o.id) }, order: [['sequence', 'ASC']] });
    assert.equal(invoices.length, 20);
    const start = (base ?? 0) + 1;
    assert.deepEqual(invoices.map((i) => i.sequence), Array.from({ length: 20 }, (_, i) => start + i));
    assert.equal(new Set(invoices.map((i) => i.orderId)).size, 20);
    const counter = (await m().InvoiceCounter.findOne({ where: { year: romeYear(new Date()), series: 'SP' } }))!;
    assert.equal(counter.lastNumber, start + 19);
  });

  it('a transaction rolled back after taking a number gives it back', async () => {
    const year = 2031;
    await app.db.tx((t) => takeNumber(m(), t, year, 'SP', '2031-03-01'));
    await assert.rejects(
      app.db.tx(async (t) => {
        await takeNumber(m(), t, year, 'SP', '2031-03-02');
        throw new Error('boom');
      }),
      /boom/,
    );
    const next = await app.db.tx((t) => takeNumber(m(), t, year, 'SP', '2031-03-02'));
    assert.equal(next.sequence, 2);
  });

  it('dates never run backwards against numbers within a year', async () => {
    const a = await app.db.tx((t) => takeNumber(m(), t, 2032, 'SP', '2032-05-10'));
    const b = await app.db.tx((t) => takeNumber(m(), t, 2032, 'SP', '2032-05-08'));
    assert.deepEqual([a, b], [{ sequence: 1, issueDate: '2032-05-10' }, { sequence: 2, issueDate: '2032-05-10' }]);
  });

  it('the year is Rome’s: 31/12 23:59 Rome (22:59 UTC) in the old year, 00:00 Rome (23:00 UTC) in the new one', async () => {
    assert.equal(romeDate(new Date('2027-12-31T22:59:59Z')), '2027-12-31');
    assert.equal(romeDate(new Date('2027-12-31T23:00:00Z')), '2028-01-01');
    const { partner, actor } = await billedPartner(app);
    const late = await partnerPaidOrder(app, partner.id, actor, [{ sku: 'coupon-lite-1' }], { paidAt: new Date('2027-12-31T22:59:00Z') });
    const early = await partnerPaidOrder(app, partner.id, actor, [{ sku: 'coupon-lite-1' }], { paidAt: new Date('2027-12-31T23:00:00Z') });
    const a = (await m().Invoice.findByPk(late.invoiceId!))!;
    const b = (await m().Invoice.findByPk(early.invoiceId!))!;
    assert.deepEqual([a.year, a.issueDate, a.number], [2027, '2027-12-31', '2027/SP/000001']);
    assert.deepEqual([b.year, b.issueDate, b.number], [2028, '2028-01-01', '2028/SP/000001']);
  });
});
