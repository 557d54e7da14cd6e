/** Staff refunds: what is still unused is taken back, what is not is flagged; idempotent; told to partner and buyer. */
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { buyCoupons, createPartnerWithUser, productBySku, staffActor, validCompanyData } from '../../test/fixtures.js';

describe('refundOrder', function () {
  this.timeout(30_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(async () => {
    await app?.dispose();
  });

  it('revokes unactivated coupons, flags the activated ones, notifies and emails; a second call changes nothing', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const { order, coupons } = await buyCoupons(app, partner.id, actor, 'coupon-lite-5');
    await app.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId: partner.id, companyData: validCompanyData() }, actor);

    const r = await app.useCases.refundOrder({ orderId: order.id, source: 'staff', reason: 'test' }, staffActor);
    assert.equal(r.alreadyRefunded, false);
    assert.equal(r.couponsRevoked, 4);
    const m = app.db.models;
    const fresh = (await m.Order.findByPk(order.id))!;
    assert.equal(fresh.status, 'refunded');
    assert.match(fresh.flag!, /1 coupon già attivati/);
    assert.match(fresh.flag!, /bonifico: restituire/);
    assert.equal(await m.Coupon.count({ where: { orderId: order.id, status: 'revoked' } }), 4);
    assert.equal(await m.Coupon.count({ where: { orderId: order.id, status: 'activated' } }), 1);
    const notify = (await m.OutboxJob.findAll({ where: { kind: 'notify' } })).filter((j) => j.payload.event === 'order_refunded');
    assert.equal(notify.length, 1);
    assert.equal(await m.Email.count({ where: { template: 'order_refunded', entityId: String(order.id) } }), 1);

    const again = await app.useCases.refundOrder({ orderId: order.id, source: 'staff' }, staffActor);
    assert.equal(again.alreadyRefunded, true);
    assert.equal(await m.AuditLog.count({ where: { action: 'order.refunded', entityId: String(order.id) } }), 1);
  });

  it('takes back unused credit only, and flags what was spent', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const { coupons } = await buyCoupons(app, partner.id, actor, 'coupon-lite-1');
    const company = await app.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId: partner.id, companyData: validCompanyData() }, actor);
    const credit = await productBySku(app, 'credit-50');
    const order = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: credit.id, quantity: 1, companyId: company.id }], paymentMethod: 'bank_transfer' }, actor);
    await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'staff' }, staffActor);
    // The company spends € 20 of its € 50.
    await app.db.models.CreditEntry.create({ partnerId: partner.id, companyId: company.id, orderId: null, amountCents: -2000, kind: 'spend', note: 'uso' });

    const r = await app.useCases.refundOrder({ orderId: order.id, source: 'staff' }, staffActor);
    assert.equal(r.creditRevokedCents, 3000);
    assert.equal(await app.useCases.creditBalance(company.id), 0);
    assert.match((await app.db.models.Order.findByPk(order.id))!.flag!, /credito già speso: 20,00 €/);
  });

  it('refuses an order that was never paid', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const p = await productBySku(app, 'coupon-lite-1');
    const order = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: p.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
    await assert.rejects(app.useCases.refundOrder({ orderId: order.id, source: 'staff' }, staffActor), { code: 'illegal_transition' });
  });
});
