import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPartnerWithUser, productBySku, staffActor } from '../../test/fixtures.js';
import { makeCompany, movableClock, renewByPartner } from '../../test/renewals.js';
import { isDomainError, type ErrorCode } from '../errors.js';
import { romeDay, romeDayStart } from '../shared/rome-date.js';

const noon = (day: string) => new Date(romeDayStart(day).getTime() + 12 * 3_600_000);
const rejects = (p: Promise<unknown>, code: ErrorCode) => assert.rejects(p, (e) => isDomainError(e) && e.code === code);

describe('renewals: renewing from the bot and from the client link (integration)', function () {
  this.timeout(30_000);
  let app: TestApp;
  const clock = movableClock(noon('2027-05-01'));
  before(async () => {
    app = await createTestApp({ overrides: { clock } });
  });
  after(async () => app?.dispose());
  const m = () => app.db.models;

  it('renews many companies in one order, each from its own expiry', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const a = await makeCompany(app, partner.id, noon('2027-05-20'));
    const b = await makeCompany(app, partner.id, noon('2027-06-30'));
    const c = await makeCompany(app, partner.id, noon('2027-07-31'), { tier: 'ordinary' });
    const lite = await productBySku(app, 'renewal-lite-12m');
    const ordinary = await productBySku(app, 'renewal-ordinary-12m');
    const order = await app.useCases.placeOrder(
      {
        buyer: { kind: 'partner', partnerId: partner.id },
        items: [{ productId: lite.id, quantity: 1, companyId: a.id }, { productId: lite.id, quantity: 1, companyId: b.id }, { productId: ordinary.id, quantity: 1, companyId: c.id }],
        paymentMethod: 'bank_transfer',
      },
      actor,
    );
    assert.equal(order.lines!.length, 3);
    await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'staff' }, staffActor);
    const days = await Promise.all([a, b, c].map(async (x) => romeDay((await m().Company.findByPk(x.id))!.subscriptionExpiresAt)));
    assert.deepEqual(days, ['2028-05-20', '2028-06-30', '2028-07-31']);
    assert.equal(await m().AuditLog.count({ where: { action: 'company.renewed' } }), 3);
  });

  it('upgrades keep working with renewals: in one order the renewal is at the new tier', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const c = await makeCompany(app, partner.id, noon('2027-06-10'), { tier: 'lite' });
    const upgrade = await m().Product.findOne({ where: { kind: 'upgrade', tier: 'lite' } });
    const ordinary = await productBySku(app, 'renewal-ordinary-12m');
    const items = [{ productId: upgrade!.id, quantity: 1, companyId: c.id }, { productId: ordinary.id, quantity: 1, companyId: c.id }];
    const order = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items, paymentMethod: 'bank_transfer' }, actor);
    await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'staff' }, staffActor);
    const after = (await m().Company.findByPk(c.id))!;
    assert.deepEqual([after.tier, romeDay(after.subscriptionExpiresAt)], ['ordinary', '2028-06-10']);
    // Now at Ordinaria: a LITE renewal is refused, an Ordinaria one accepted.
    await rejects(renewByPartner(app, partner.id, actor, [c.id], { tier: 'lite', pay: false }), 'validation');
    await renewByPartner(app, partner.id, actor, [c.id], { tier: 'ordinary', pay: false });
  });

  it('a client renews from its link: company and price with VAT shown, the order paid renews it, the link is then spent', async () => {
    const { partner } = await createPartnerWithUser(app);
    const c = await makeCompany(app, partner.id, noon('2027-05-31'), { payer: 'client', email: 'cliente@example.test', tier: 'ordinary' });
    clock.set(noon('2027-05-24'));
    await app.useCases.scanRenewals({ day: '2027-05-24' });
    await app.createWorker().drain();
    const email = await m().Email.findOne({ where: { template: 'renewal_due_client', toAddress: 'cliente@example.test' } });
    const token = String((email!.data as any).link).split('/rinnovo/')[1]!;
    assert.equal(await m().RenewalLink.count({ where: { tokenHash: token } }), 0, 'only the hash is stored');
    const offer = await app.useCases.openRenewalLink(token);
    const product = await productBySku(app, 'renewal-ordinary-12m');
    assert.equal(offer.company.id, c.id);
    assert.equal(offer.netCents, product.netCents);
    assert.equal(offer.grossCents, offer.netCents + offer.vatCents);
    assert.ok(offer.vatCents > 0);
    const order = await app.useCases.placeRenewalOrder({ token, paymentMethod: 'bank_transfer' });
    assert.equal(order.buyerType, 'client');
    assert.equal(order.grossCents, offer.grossCents);
    // Placing again shows the same unpaid order instead of a second one.
    assert.equal((await app.useCases.placeRenewalOrder({ token, paymentMethod: 'bank_transfer' })).id, order.id);
    await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, staffActor);
    assert.equal(romeDay((await m().Company.findByPk(c.id))!.subscriptionExpiresAt), '2028-05-31');
    await rejects(app.useCases.openRenewalLink(token), 'already_used');
    await rejects(app.useCases.placeRenewalOrder({ token, paymentMethod: 'bank_transfer' }), 'already_used');
    await rejects(app.useCases.openRenewalLink('x'.repeat(43)), 'not_found');
  });

  it('an expired link is refused; a partner cannot renew a client-paid company', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const c = await makeCompany(app, partner.id, noon('2027-06-30'), { payer: 'client', email: 'scaduto@example.test' });
    clock.set(noon('2027-05-31'));
    await app.useCases.scanRenewals({ day: '2027-05-31' });
    await app.createWorker().drain();
    const email = await m().Email.findOne({ where: { template: 'renewal_due_client', toAddress: 'scaduto@example.test' } });
    const token = String((email!.data as any).link).split('/rinnovo/')[1]!;
    await app.useCases.openRenewalLink(token);
    clock.set(noon('2027-08-01'));
    await rejects(app.useCases.openRenewalLink(token), 'expired');
    await rejects(renewByPartner(app, partner.id, actor, [c.id], { pay: false }), 'forbidden');
  });

  it('staff extend by hand: a reason is required, audited; a suspended company is reactivated from today', async () => {
    const { partner } = await createPartnerWithUser(app);
    const c = await makeCompany(app, partner.id, noon('2027-09-10'));
    clock.set(noon('2027-09-01'));
    await rejects(app.useCases.extendSubscription({ companyId: c.id, months: 1, reason: '' }, staffActor), 'validation');
    await rejects(app.useCases.extendSubscription({ companyId: c.id, months: 1, reason: 'cortesia commerciale' }, { type: 'staff', id: 9, label: 'supporto', role: 'support' }), 'forbidden');
    const r = await app.useCases.extendSubscription({ companyId: c.id, months: 1, reason: 'cortesia commerciale' }, staffActor);
    assert.deepEqual(r, { companyId: c.id, expiresOn: '2027-10-10', reactivated: false });
    const audit = await m().AuditLog.findOne({ where: { action: 'company.subscription_extended', entityId: String(c.id) } });
    assert.equal((audit!.after as any).reason, 'cortesia commerciale');
    assert.equal(audit!.actorType, 'staff');
    await m().Company.update({ subscriptionState: 'suspended' }, { where: { id: c.id } });
    clock.set(noon('2027-12-01'));
    const again = await app.useCases.extendSubscription({ companyId: c.id, months: 2, reason: 'pagato fuori dallo sportello' }, staffActor);
    assert.deepEqual(again, { companyId: c.id, expiresOn: '2028-02-01', reactivated: true });
    assert.equal(await m().OutboxJob.count({ where: { kind: 'reactivate_company' } }) >= 1, true);
  });

  it('the renewal rate of the last 12 months is renewed ÷ due', async () => {
    const fresh = await createTestApp({ overrides: { clock } });
    try {
      clock.set(noon('2027-03-01'));
      const { partner, actor } = await createPartnerWithUser(fresh);
      const a = await makeCompany(fresh, partner.id, noon('2027-04-01'));
      const b = await makeCompany(fresh, partner.id, noon('2027-05-01'));
      await makeCompany(fresh, partner.id, noon('2027-06-01')); // lapses unpaid
      await makeCompany(fresh, partner.id, noon('2028-08-01')); // not due yet
      await renewByPartner(fresh, partner.id, actor, [a.id]); // early, before its expiry
      clock.set(noon('2027-06-15'));
      await renewByPartner(fresh, partner.id, actor, [b.id]); // late, in grace
      clock.set(noon('2027-09-01'));
      const r = await fresh.useCases.renewalRate();
      assert.deepEqual([r.renewed, r.due], [2, 3]);
      assert.equal(r.rate, 2 / 3);
    } finally {
      await fresh.dispose();
    }
  });
});
