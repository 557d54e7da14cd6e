/**
 * placeOrder on the database the environment selects: everything it writes is read back through the
 * models; a clash of the random causale with an
 * existing one is retried (forced deterministically by replacing crypto.randomInt for the draw).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { UniqueConstraintError, type CreationAttributes } from 'sequelize';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPartnerWithUser } from '../../test/fixtures.js';
import { isDomainError } from '../errors.js';
import type { Order, Product } from '../db/models.js';
import { generatePaymentReference, parsePaymentReference } from './payment-reference.js';

/** generatePaymentReference draws one randomInt(2 ** 35); nothing else in the app draws that range. */
const REFERENCE_RANGE = 2 ** 35;

/**
 * Runs `fn` with the causale's random draws taken from `draws` (then real ones again). payment-reference.ts
 * imports `randomInt` from node:crypto as an ESM binding of a builtin, which syncBuiltinESMExports
 * updates — no source change needed. Returns how many draws were used.
 */
async function withReferenceDraws<T>(draws: number[], fn: () => Promise<T> | T): Promise<{ result: T; used: number }> {
  const real = crypto.randomInt;
  const queue = [...draws];
  (crypto as any).randomInt = (...args: any[]) => (args[0] === REFERENCE_RANGE && queue.length ? queue.shift() : (real as any)(...args));
  syncBuiltinESMExports();
  try {
    const result = await fn();
    return { result, used: draws.length - queue.length };
  } finally {
    (crypto as any).randomInt = real;
    syncBuiltinESMExports();
  }
}

describe('placeOrder (raw SQL rows, read back through the models)', function () {
  this.timeout(60_000);
  let app: TestApp;
  let coupon: Product;
  before(async () => {
    app = await createTestApp();
    coupon = (await app.db.models.Product.findAll()).find((p) => p.kind === 'coupon')!;
    assert.ok(coupon, 'the seeded catalogue has a coupon product');
  });
  after(async () => app?.dispose());

  const m = () => app.db.models;

  it('stores the order with its number, one line with the right totals, one audit row, one email and its send_email job', async () => {
    const { partner, partnerUser, actor } = await createPartnerWithUser(app);
    const placed = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: coupon.id, quantity: 3 }], paymentMethod: 'bank_transfer' }, actor);

    const order = (await m().Order.findByPk(placed.id))!;
    assert.ok(order, 'the order is in the database under the returned id');
    const year = app.clock.now().getUTCFullYear();
    assert.equal(order.number, `${year}-${String(order.id).padStart(6, '0')}`);
    assert.equal(placed.number, order.number, 'the returned order carries the stored number');
    assert.equal(order.paymentReference, placed.paymentReference);
    assert.equal(parsePaymentReference(order.paymentReference), order.paymentReference, 'a valid causale');
    assert.equal(order.status, 'pending_payment');
    assert.equal(order.partnerId, partner.id);
    assert.equal(order.createdByPartnerUserId, partnerUser.id);
    assert.equal(order.buyerName, partner.legalName);
    assert.equal(order.buyerEmail, partner.billingEmail);
    assert.equal(order.receivedCents, 0);
    assert.equal(order.currency, 'EUR');
    assert.equal(order.companyData, null);
    assert.ok(order.createdAt instanceof Date && Math.abs(order.createdAt.getTime() - Date.now()) < 60_000);

    const net = coupon.netCents * 3;
    const vat = Math.floor((net * coupon.vatRateBp + 5000) / 10000);
    assert.deepEqual([order.netCents, order.vatCents, order.grossCents], [net, vat, net + vat]);

    const lines = await m().OrderLine.findAll({ where: { orderId: order.id } });
    assert.equal(lines.length, 1);
    const line = lines[0]!;
    assert.deepEqual(
      {
        productId: line.productId, productKind: line.productKind, tier: line.tier, toTier: line.toTier, unitQuantity: line.unitQuantity, description: line.description,
        quantity: line.quantity, unitNetCents: line.unitNetCents, netCents: line.netCents, vatRateBp: line.vatRateBp, vatCents: line.vatCents, grossCents: line.grossCents, companyId: line.companyId,
      },
      {
        productId: coupon.id, productKind: 'coupon', tier: coupon.tier, toTier: null, unitQuantity: coupon.quantity, description: coupon.nameIt,
        quantity: 3, unitNetCents: coupon.netCents, netCents: net, vatRateBp: coupon.vatRateBp, vatCents: vat, grossCents: net + vat, companyId: null,
      },
    );
    assert.deepEqual(placed.lines?.map((l) => l.id), [line.id], 'the returned lines are the stored ones');

    const audits = await m().AuditLog.findAll({ where: { entityType: 'order', entityId: String(order.id) } });
    assert.equal(audits.length, 1);
    const audit = audits[0]!;
    assert.equal(audit.action, 'order.placed');
    assert.equal(audit.actorType, 'partner_user');
    assert.equal(audit.actorId, String(partnerUser.id));
    assert.equal(audit.actorLabel, actor.label);
    assert.equal(audit.before, null);
    assert.deepEqual(audit.after, { number: order.number, status: 'pending_payment', grossCents: net + vat, paymentMethod: 'bank_transfer', paymentReference: order.paymentReference });

    const emails = await m().Email.findAll({ where: { entityType: 'order', entityId: String(order.id) } });
    assert.equal(emails.length, 1);
    const email = emails[0]!;
    assert.equal(email.template, 'bank_transfer_instructions');
    assert.equal(email.toAddress, partner.billingEmail);
    assert.equal(email.status, 'queued');
    assert.equal(email.attempts, 0);
    assert.equal(email.language, 'it');
    assert.equal(email.data.orderId, order.id);
    assert.equal(email.data.orderNumber, order.number);
    assert.equal(email.data.grossCents, net + vat);
    assert.equal(parsePaymentReference(String(email.data.paymentReference)), order.paymentReference);

    const jobs = (await m().OutboxJob.findAll({ where: { kind: 'send_email' } })).filter((j) => j.payload.emailId === email.id);
    assert.equal(jobs.length, 1, 'one send_email job names the email row');
    assert.equal(jobs[0]!.status, 'pending');
    assert.equal(jobs[0]!.attempts, 0);
    assert.ok(jobs[0]!.maxAttempts > 0);
  });

  // The email's facts are captured while its row is written beside the order lines (one round trip): they
  // must still list the lines (the order_confirmation email renders its "Articolo" line from them).
  it('a request key places one order: the same key again returns that order; another buyer\'s key is refused', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const input = { buyer: { kind: 'partner' as const, partnerId: partner.id }, items: [{ productId: coupon.id, quantity: 2 }], paymentMethod: 'bank_transfer' as const, requestKey: 'tg:request-key-test-1' };
    const first = await app.useCases.placeOrder(input, actor);
    const again = await app.useCases.placeOrder(input, actor);
    assert.equal(again.id, first.id);
    assert.equal(again.lines?.length, 1, 'returned with its lines');
    assert.equal(await m().Order.count({ where: { partnerId: partner.id } }), 1);
    assert.equal(await m().AuditLog.count({ where: { action: 'order.placed', entityId: String(first.id) } }), 1, 'audited once');
    const other = await createPartnerWithUser(app);
    await assert.rejects(
      app.useCases.placeOrder({ ...input, buyer: { kind: 'partner', partnerId: other.partner.id } }, other.actor),
      (e: unknown) => isDomainError(e) && e.code === 'conflict',
    );
    const withoutKey = await app.useCases.placeOrder({ ...input, requestKey: undefined }, actor);
    assert.notEqual(withoutKey.id, first.id, 'without a key every call places an order');
  });

  it('queues the confirmation email with the order lines in its data', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const placed = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: coupon.id, quantity: 2 }], paymentMethod: 'stripe' }, actor);
    const email = (await m().Email.findOne({ where: { entityType: 'order', entityId: String(placed.id) } }))!;
    assert.equal(email.template, 'order_confirmation');
    const lines = await m().OrderLine.findAll({ where: { orderId: placed.id } });
    assert.deepEqual(email.data.lines, lines.map((l) => ({ description: l.description, quantity: l.quantity, grossCents: l.grossCents })));
  });

  describe('a causale that clashes with an existing one', () => {
    let firstReference: string;
    let partnerId: number;
    let actor: Awaited<ReturnType<typeof createPartnerWithUser>>['actor'];
    const place = () => app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId }, items: [{ productId: coupon.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);

    before(async () => {
      ({ actor, partner: { id: partnerId } } = await createPartnerWithUser(app));
      const { result: order, used } = await withReferenceDraws([5], place);
      assert.equal(used, 1);
      firstReference = order.paymentReference;
      assert.equal(firstReference, (await withReferenceDraws([5], generatePaymentReference)).result, 'the forced draw decides the causale');
    });

    it('is drawn again: the order gets the next causale and everything else as usual', async () => {
      const { result: order, used } = await withReferenceDraws([5, 5, 6], place);
      assert.equal(used, 3, 'two clashes, then a free causale');
      const expected = (await withReferenceDraws([6], generatePaymentReference)).result;
      assert.notEqual(expected, firstReference);
      assert.equal(order.paymentReference, expected);
      const stored = (await m().Order.findByPk(order.id))!;
      assert.equal(stored.paymentReference, expected);
      assert.equal(stored.number, order.number);
      assert.equal(await m().Order.count({ where: { paymentReference: firstReference } }), 1, 'the first order keeps its causale, alone');
      assert.equal(await m().OrderLine.count({ where: { orderId: order.id } }), 1);
      assert.equal(await m().AuditLog.count({ where: { action: 'order.placed', entityId: String(order.id) } }), 1);
      const email = (await m().Email.findOne({ where: { entityType: 'order', entityId: String(order.id) } }))!;
      assert.equal(parsePaymentReference(String(email.data.paymentReference)), expected);
      assert.equal((await m().OutboxJob.findAll({ where: { kind: 'send_email' } })).filter((j) => j.payload.emailId === email.id).length, 1);
    });

    it('gives up after five clashes with a conflict, writing nothing', async () => {
      const counts = async () => ({ orders: await m().Order.count(), lines: await m().OrderLine.count(), audits: await m().AuditLog.count(), emails: await m().Email.count(), jobs: await m().OutboxJob.count() });
      const before = await counts();
      const { result: error, used } = await withReferenceDraws([5, 5, 5, 5, 5, 5], () => place().then(() => null, (e: unknown) => e));
      assert.ok(isDomainError(error) && error.code === 'conflict', `a conflict, got ${String(error)}`);
      assert.equal(used, 5);
      assert.deepEqual(await counts(), before);
    });

    it('is refused by the database with the error placeOrder recognises (payment_reference, UNIQUE/Duplicate), the transaction going on', async () => {
      const existing = (await m().Order.findOne({ where: { paymentReference: firstReference } }))!;
      const values = {
        ...existing.get({ plain: true }),
        id: undefined,
        number: null,
        createdAt: undefined,
        updatedAt: undefined,
      } as unknown as CreationAttributes<Order>;
      const outcome = await app.db.tx(async (t) => {
        const clash = await m().Order.create(values, { transaction: t }).then(
          () => null,
          (e: UniqueConstraintError) => e,
        );
        // The refused statement is undone alone: the transaction can still write and commit.
        const other = await m().Order.create({ ...values, paymentReference: 'SPNOCLASH1' }, { transaction: t });
        return { clash, other };
      });
      assert.ok(outcome.clash, 'the duplicate causale was refused');
      assert.ok(outcome.clash instanceof UniqueConstraintError);
      assert.match(String(outcome.clash.parent?.message), /payment_reference/);
      assert.equal(await m().Order.count({ where: { paymentReference: firstReference } }), 1);
      assert.equal((await m().Order.findByPk(outcome.other.id))?.paymentReference, 'SPNOCLASH1');
    });
  });
});
