/**
 * Issuing what an order bought, inside the caller's transaction. The conditional status update
 * (paid → fulfilled) is the guard: of any number of concurrent callers exactly one gets a row
 * back and issues anything; the others see "already fulfilled" and do nothing.
 */
import type { Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import type { Order } from '../db/models.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueEmail } from '../outbox/queue-email.js';
import { queueNotification } from '../notifications/queue-notification.js';
import { enqueueJob } from '../outbox/enqueue-job.js';
import { randomCode } from '../shared/tokens.js';
import { formatCouponCode } from '../coupons/coupon.rules.js';
import { addMonths } from '../shared/clock.js';
import { assertOrderTransition } from './order.rules.js';
import type { Tier } from '../shared/types.js';

export interface FulfilResult {
  fulfilled: boolean;
  couponsIssued: number;
  companyId?: number;
}

export async function fulfilInTx(ctx: Ctx, t: Transaction, orderId: number, actor: Actor): Promise<FulfilResult> {
  const m = ctx.db.models;
  const now = ctx.clock.now();
  const current = await m.Order.findByPk(orderId, { transaction: t });
  if (!current) throw new DomainError('not_found', 'Ordine non trovato');
  if (current.status === 'fulfilled') return { fulfilled: false, couponsIssued: 0 };
  assertOrderTransition(current.status, 'fulfilled');
  const [won] = await m.Order.update({ status: 'fulfilled', fulfilledAt: now }, { where: { id: orderId, status: 'paid' }, transaction: t });
  if (won !== 1) return { fulfilled: false, couponsIssued: 0 };

  const order = (await m.Order.findByPk(orderId, { include: [{ model: m.OrderLine, as: 'lines' }], transaction: t }))!;
  let couponsIssued = 0;
  let companyId: number | undefined;
  const issued: string[] = [];

  for (const line of order.lines ?? []) {
    const units = line.unitQuantity * line.quantity;
    switch (line.productKind) {
      case 'coupon': {
        if (order.buyerType === 'client') {
          companyId = await createClientCompany(ctx, t, order, line.tier as Tier, actor);
          couponsIssued += 1;
          break;
        }
        const rows = Array.from({ length: units }, () => ({
          code: formatCouponCode(randomCode(16)),
          tier: line.tier as Tier,
          partnerId: order.partnerId,
          orderId: order.id,
          status: 'available' as const,
          companyId: null,
          activatedAt: null,
          revokedAt: null,
        }));
        await m.Coupon.bulkCreate(rows, { transaction: t });
        issued.push(...rows.map((r) => r.code));
        couponsIssued += units;
        break;
      }
      case 'einvoice_pack':
        await m.Company.increment('einvoiceAllowance', { by: units, where: { id: line.companyId! }, transaction: t });
        break;
      case 'credit_topup':
        await m.CreditEntry.create(
          { partnerId: order.partnerId, companyId: line.companyId, orderId: order.id, amountCents: units, kind: 'topup', note: `Ordine ${order.number}` },
          { transaction: t },
        );
        break;
      case 'renewal': {
        const company = (await m.Company.findByPk(line.companyId!, { transaction: t, lock: t.LOCK.UPDATE }))!;
        const from = company.subscriptionExpiresAt > now ? company.subscriptionExpiresAt : now;
        company.subscriptionExpiresAt = addMonths(from, units);
        await company.save({ transaction: t });
        break;
      }
      case 'upgrade': {
        const company = (await m.Company.findByPk(line.companyId!, { transaction: t, lock: t.LOCK.UPDATE }))!;
        if (company.tier !== line.tier) {
          // Paid for, but the company moved meanwhile: a person decides, nothing silently happens.
          await m.Order.update({ flag: `Upgrade da ${line.tier}: l'azienda è ora ${company.tier}` }, { where: { id: order.id }, transaction: t });
          break;
        }
        company.tier = line.toTier as Tier;
        await company.save({ transaction: t });
        break;
      }
    }
  }

  await recordAudit(m, t, actor, {
    action: 'order.fulfilled',
    entityType: 'order',
    entityId: order.id,
    before: { status: 'paid' },
    after: { status: 'fulfilled', couponsIssued, companyId: companyId ?? null },
  });

  if (order.buyerType === 'partner') {
    const available = await m.Coupon.count({ where: { partnerId: order.partnerId, status: 'available' }, transaction: t });
    await queueNotification(m, t, order.partnerId, couponsIssued ? 'coupons_issued' : 'order_fulfilled', {
      orderId: order.id,
      orderNumber: order.number,
      couponsIssued,
      couponsAvailable: available,
    });
    if (couponsIssued && order.buyerEmail) {
      await queueEmail(m, t, {
        template: 'coupons_issued',
        language: order.language,
        to: order.buyerEmail,
        data: { orderId: order.id, orderNumber: order.number, buyerName: order.buyerName, couponsIssued, couponsAvailable: available, codes: issued.slice(0, 50) },
        entity: { type: 'order', id: order.id },
      });
    }
  }
  return { fulfilled: true, couponsIssued, companyId };
}

/** An invited client's purchase: its company is created, linked to the inviting partner, client-paying. */
async function createClientCompany(ctx: Ctx, t: Transaction, order: Order, tier: Tier, actor: Actor): Promise<number> {
  const m = ctx.db.models;
  const now = ctx.clock.now();
  const data = order.companyData as Record<string, any> | null;
  if (!data) throw new DomainError('conflict', 'Mancano i dati aziendali dell’ordine');
  const company = await m.Company.create(
    {
      partnerId: order.partnerId,
      payer: 'client',
      tier,
      legalName: data.legalName,
      legalForm: data.legalForm,
      vatNumber: data.vatNumber,
      taxCode: data.taxCode,
      address: data.address,
      cap: data.cap,
      city: data.city,
      province: data.province,
      repFirstName: data.repFirstName,
      repLastName: data.repLastName,
      repTaxCode: data.repTaxCode,
      atecoCode: data.atecoCode,
      pec: data.pec ?? null,
      sdiCode: data.sdiCode,
      email: data.email,
      phone: data.phone ?? null,
      couponId: null,
      orderId: order.id,
      provisioningState: 'provisioning',
      provisioningError: null,
      externalAccountId: null,
      subscriptionExpiresAt: addMonths(now, 12),
    },
    { transaction: t },
  );
  await m.Order.update({ companyId: company.id }, { where: { id: order.id }, transaction: t });
  await recordAudit(m, t, actor, { action: 'company.created', entityType: 'company', entityId: company.id, after: { payer: 'client', tier, orderId: order.id } });
  await enqueueJob(m, t, 'provision_company', { companyId: company.id }, { dedupKey: `provision-company-${company.id}` });
  if (order.invitationId) {
    const [changed] = await m.Invitation.update(
      { status: 'purchased', purchasedAt: now, orderId: order.id },
      { where: { id: order.invitationId }, transaction: t },
    );
    if (changed) {
      await recordAudit(m, t, actor, { action: 'invitation.purchased', entityType: 'invitation', entityId: order.invitationId, after: { orderId: order.id } });
      await queueNotification(m, t, order.partnerId, 'invitation_purchased', { invitationId: order.invitationId, clientName: data.legalName, orderNumber: order.number });
    }
  }
  return company.id;
}
