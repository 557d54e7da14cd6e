import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../test-app.js';
import { buyCoupons, createPartnerWithUser, productBySku, staffActor, validCompanyData } from '../fixtures.js';
import { isDomainError, type ErrorCode } from '../../core/errors.js';
import { systemActor } from '../../core/shared/actor.js';
import { parsePaymentReference } from '../../core/orders/payment-reference.js';

const rejects = (p: Promise<unknown>, code: ErrorCode) => assert.rejects(p, (e) => isDomainError(e) && e.code === code);

describe('core use cases (integration, real database)', function () {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(async () => app?.dispose());

  const m = () => app.db.models;
  const jobs = async (kind: string) => (await m().OutboxJob.findAll({ where: { kind } })).map((j) => j.payload as any);

  describe('linking a Telegram user', () => {
    it('links once, refuses a reused or expired code', async () => {
      const partner = await app.useCases.createPartner({ kind: 'accountant', legalName: 'Studio Bianchi', vatNumber: '11111110158', billingEmail: 'b@example.test' }, systemActor());
      const { code } = await app.useCases.issueLinkCode({ partnerId: partner.id }, systemActor());
      assert.equal(await m().LinkCode.count({ where: { codeHash: code } }), 0, 'the plain code is never stored');
      const { partnerUser } = await app.useCases.linkTelegramUser({ code: code.toLowerCase().replace(/(.{4})/g, '$1 '), telegramUserId: 555, chatId: 555, displayName: 'Anna' });
      assert.equal(partnerUser.partnerId, partner.id);
      await rejects(app.useCases.linkTelegramUser({ code, telegramUserId: 556, chatId: 556 }), 'already_used');
      const expired = await app.useCases.issueLinkCode({ partnerId: partner.id }, systemActor());
      await m().LinkCode.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { usedAt: null } });
      await rejects(app.useCases.linkTelegramUser({ code: expired.code, telegramUserId: 557, chatId: 557 }), 'expired');
      await rejects(app.useCases.linkTelegramUser({ code: 'NOPE', telegramUserId: 558, chatId: 558 }), 'not_found');
      const audit = await m().AuditLog.findOne({ where: { action: 'partner_user.linked', entityId: String(partner.id) } });
      assert.equal(audit?.actorType, 'partner_user');
    });
  });

  describe('orders', () => {
    it('places an order with catalogue prices, a valid causale, a human number, audit and the email in the outbox', async () => {
      const { partner, actor } = await createPartnerWithUser(app);
      const product = await productBySku(app, 'coupon-ordinary-5');
      const order = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: product.id, quantity: 2 }], paymentMethod: 'bank_transfer' }, actor);
      assert.equal(order.netCents, 2 * 89_500);
      assert.equal(order.vatCents, 39_380);
      assert.equal(order.grossCents, order.netCents + order.vatCents);
      assert.equal(order.status, 'pending_payment');
      assert.match(order.number!, /^\d{4}-\d{6}$/);
      assert.equal(parsePaymentReference(order.paymentReference), order.paymentReference);
      const audit = await m().AuditLog.findOne({ where: { entityType: 'order', entityId: String(order.id), action: 'order.placed' } });
      assert.equal(audit?.actorId, String(actor.type === 'partner_user' && actor.id));
      const email = await m().Email.findOne({ where: { entityType: 'order', entityId: String(order.id) } });
      assert.equal(email?.template, 'bank_transfer_instructions');
      assert.ok((await jobs('send_email')).some((p) => p.emailId === email!.id));
    });

    it('refuses bad input and other partners with clear errors', async () => {
      const { partner, actor } = await createPartnerWithUser(app);
      const other = await createPartnerWithUser(app);
      const product = await productBySku(app, 'coupon-lite-1');
      await rejects(app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: product.id, quantity: 0 }], paymentMethod: 'bank_transfer' }, actor), 'validation');
      await rejects(app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: product.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, other.actor), 'forbidden');
      await rejects(app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: 99_999, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor), 'not_found');
      const pack = await productBySku(app, 'einvoice-100');
      await rejects(app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: pack.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor), 'validation');
    });

    it('marks paid once, fulfils once: coupons, notification, email, audit', async () => {
      const { partner, actor } = await createPartnerWithUser(app);
      const { order, coupons } = await buyCoupons(app, partner.id, actor, 'coupon-lite-5');
      assert.equal(coupons.length, 5);
      assert.ok(coupons.every((c) => c.status === 'available' && c.tier === 'lite' && /^KC(-[0-9A-Z]{4}){4}$/.test(c.code)));
      const again = await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'staff' }, staffActor);
      assert.equal(again.alreadyPaid, true);
      assert.equal(await m().Coupon.count({ where: { orderId: order.id } }), 5);
      assert.equal((await m().Order.findByPk(order.id))!.status, 'fulfilled');
      const notes = (await jobs('notify')).filter((p) => p.params.orderId === order.id);
      assert.deepEqual(notes.map((n) => n.event).sort(), ['coupons_issued', 'order_paid']);
      const actions = (await m().AuditLog.findAll({ where: { entityType: 'order', entityId: String(order.id) }, order: [['id', 'ASC']] })).map((a) => a.action);
      assert.deepEqual(actions, ['order.placed', 'order.paid', 'order.fulfilled']);
    });

    it('refuses an underpayment and a payment for a cancelled order', async () => {
      const { partner, actor } = await createPartnerWithUser(app);
      const product = await productBySku(app, 'coupon-lite-1');
      const order = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: product.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
      await rejects(app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents - 1, source: 'bank_transfer' }, staffActor), 'payment_mismatch');
      await app.useCases.cancelOrder(order.id, actor);
      await rejects(app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, staffActor), 'illegal_transition');
      assert.equal(await m().Coupon.count({ where: { orderId: order.id } }), 0);
    });

    it('writes the change, its audit and its outbox rows in one transaction: a failure leaves none', async () => {
      const { partner, actor } = await createPartnerWithUser(app);
      const product = await productBySku(app, 'coupon-lite-1');
      const order = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: product.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
      const auditBefore = await m().AuditLog.count();
      const jobsBefore = await m().OutboxJob.count();
      const original = m().Coupon.bulkCreate;
      m().Coupon.bulkCreate = (async () => { throw new Error('disk full'); }) as any;
      try {
        await assert.rejects(app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'staff' }, staffActor), /disk full/);
      } finally {
        m().Coupon.bulkCreate = original;
      }
      assert.equal((await m().Order.findByPk(order.id))!.status, 'pending_payment');
      assert.equal(await m().AuditLog.count(), auditBefore);
      assert.equal(await m().OutboxJob.count(), jobsBefore);
      await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'staff' }, staffActor);
      assert.equal(await m().Coupon.count({ where: { orderId: order.id } }), 1);
    });

    it('expires unpaid orders after a reminder', async () => {
      const { partner, actor } = await createPartnerWithUser(app);
      const product = await productBySku(app, 'coupon-lite-1');
      const order = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: product.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
      await m().Order.update({ expiresAt: new Date(Date.now() + 86_400_000) }, { where: { id: order.id } });
      await app.useCases.expireOrders();
      assert.ok((await m().Order.findByPk(order.id))!.reminderSentAt);
      await m().Order.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { id: order.id } });
      await app.useCases.expireOrders();
      assert.equal((await m().Order.findByPk(order.id))!.status, 'expired');
      assert.ok(await m().Email.findOne({ where: { template: 'order_expiring', entityId: String(order.id) } }));
    });
  });

  describe('activating coupons and provisioning', () => {
    it('activates a coupon into one company, provisions it through the worker, and refuses a second activation', async () => {
      const { partner, actor } = await createPartnerWithUser(app);
      const { coupons } = await buyCoupons(app, partner.id, actor, 'coupon-ordinary-1');
      const company = await app.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId: partner.id, companyData: validCompanyData() }, actor);
      assert.equal(company.provisioningState, 'provisioning');
      assert.equal(company.tier, 'ordinary');
      assert.equal(company.payer, 'partner');
      await rejects(app.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId: partner.id, companyData: validCompanyData() }, actor), 'already_used');
      const worker = app.createWorker();
      await worker.drain();
      await company.reload();
      assert.equal(company.provisioningState, 'active');
      assert.ok(company.externalAccountId);
      assert.equal(await m().CompanyAccount.count({ where: { companyId: company.id } }), 1);
      assert.ok((await jobs('notify')).some((p) => p.event === 'company_ready' && p.params.companyId === company.id));
    });

    it('rejects invalid company data with per-field Italian messages and changes nothing', async () => {
      const { partner, actor } = await createPartnerWithUser(app);
      const { coupons } = await buyCoupons(app, partner.id, actor, 'coupon-lite-1');
      await assert.rejects(
        app.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId: partner.id, companyData: validCompanyData({ vatNumber: '12345678901', cap: '123' }) }, actor),
        (e) => isDomainError(e) && e.code === 'validation' && 'vatNumber' in (e.details.fields as object) && 'cap' in (e.details.fields as object),
      );
      assert.equal((await m().Coupon.findByPk(coupons[0]!.id))!.status, 'available');
    });

    it('another partner cannot activate my coupon', async () => {
      const mine = await createPartnerWithUser(app);
      const other = await createPartnerWithUser(app);
      const { coupons } = await buyCoupons(app, mine.partner.id, mine.actor, 'coupon-lite-1');
      await rejects(app.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId: mine.partner.id, companyData: validCompanyData() }, other.actor), 'forbidden');
      await rejects(app.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId: other.partner.id, companyData: validCompanyData() }, other.actor), 'not_found');
    });

    it('fulfils company products: e-invoices, credit ledger, renewal, upgrade', async () => {
      const { partner, actor } = await createPartnerWithUser(app);
      const { coupons } = await buyCoupons(app, partner.id, actor, 'coupon-lite-1');
      const company = await app.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId: partner.id, companyData: validCompanyData() }, actor);
      const expiry = company.subscriptionExpiresAt.getTime();
      const skus = ['einvoice-500', 'credit-100', 'renewal-lite-12m', 'upgrade-lite-ordinary'];
      const items = await Promise.all(skus.map(async (sku) => ({ productId: (await productBySku(app, sku)).id, quantity: 1, companyId: company.id })));
      const order = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items, paymentMethod: 'bank_transfer' }, actor);
      await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, staffActor);
      await company.reload();
      assert.equal(company.einvoiceAllowance, 500);
      assert.equal(company.tier, 'ordinary');
      assert.ok(company.subscriptionExpiresAt.getTime() > expiry + 300 * 86_400_000);
      assert.equal(await app.useCases.creditBalance(company.id), 10_000);
    });
  });

  describe('invitations', () => {
    it('creates (hashed token, email, reminder), opens once (partner told), and a client purchase creates a client-paid company', async () => {
      const { partner, actor } = await createPartnerWithUser(app);
      const { invitation, token, link } = await app.useCases.createInvitation({ partnerId: partner.id, clientName: 'Rossi & <Figli>', clientEmail: 'Cliente@Example.test', tier: 'lite' }, actor);
      assert.ok(Buffer.from(token, 'base64url').length >= 16);
      assert.notEqual(invitation.tokenHash, token);
      assert.ok(link.endsWith(`/invito/${token}`));
      assert.equal(invitation.clientEmail, 'cliente@example.test');
      assert.ok(await m().Email.findOne({ where: { template: 'invitation', entityId: String(invitation.id) } }));
      assert.equal((await jobs('invitation_reminder')).filter((p) => p.invitationId === invitation.id).length, 1);
      await app.useCases.openInvitation(token);
      await app.useCases.openInvitation(token);
      assert.equal((await jobs('notify')).filter((p) => p.event === 'invitation_opened' && p.params.invitationId === invitation.id).length, 1);
      const product = await productBySku(app, 'coupon-lite-1');
      const order = await app.useCases.placeOrder({ buyer: { kind: 'client', invitationId: invitation.id, companyData: validCompanyData(), billingEmail: 'cliente@example.test' }, items: [{ productId: product.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, { type: 'client', label: 'cliente' });
      assert.equal(order.buyerType, 'client');
      await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, staffActor);
      const company = await m().Company.findOne({ where: { orderId: order.id } });
      assert.equal(company?.partnerId, partner.id);
      assert.equal(company?.payer, 'client');
      assert.equal((await invitation.reload()).status, 'purchased');
      await rejects(app.useCases.openInvitation(token), 'already_used');
      await app.createWorker().drain();
      assert.ok(await m().Email.findOne({ where: { template: 'company_ready', entityId: String(company!.id) } }));
    });

    it('refuses cancelled and expired invitations; the partner can cancel', async () => {
      const { partner, actor } = await createPartnerWithUser(app);
      const other = await createPartnerWithUser(app);
      const a = await app.useCases.createInvitation({ partnerId: partner.id, clientName: 'Verdi', clientEmail: 'v@example.test', tier: 'corporate' }, actor);
      await rejects(app.useCases.cancelInvitation(a.invitation.id, other.actor), 'not_found');
      await app.useCases.cancelInvitation(a.invitation.id, actor);
      await rejects(app.useCases.openInvitation(a.token), 'conflict');
      const b = await app.useCases.createInvitation({ partnerId: partner.id, clientName: 'Neri', clientEmail: 'n@example.test', tier: 'lite' }, actor);
      await m().Invitation.update({ expiresAt: new Date(Date.now() - 1) }, { where: { id: b.invitation.id } });
      await rejects(app.useCases.openInvitation(b.token), 'expired');
      assert.equal((await b.invitation.reload()).status, 'expired');
      assert.ok(await m().AuditLog.findOne({ where: { action: 'invitation.expired', entityId: String(b.invitation.id) } }));
      await rejects(app.useCases.openInvitation('x'.repeat(43)), 'not_found');
    });
  });

  describe('lists are scoped to the partner', () => {
    it('shows a partner only its own coupons, orders and companies', async () => {
      const a = await createPartnerWithUser(app);
      const b = await createPartnerWithUser(app);
      await buyCoupons(app, a.partner.id, a.actor, 'coupon-lite-5');
      const page = await app.useCases.listCoupons(b.partner.id);
      assert.equal(page.total, 0);
      const mine = await app.useCases.listCoupons(a.partner.id, { pageSize: 2 });
      assert.equal(mine.total, 5);
      assert.equal(mine.items.length, 2);
      assert.equal(mine.pages, 3);
      const orders = await app.useCases.listOrders(a.partner.id);
      await rejects(app.useCases.getOrder(orders.items[0]!.id, b.partner.id), 'not_found');
    });
  });
});
