/**
 * What one order line gives, one function per product kind, inside the fulfilling transaction
 * (fulfil-in-tx.ts has already won the paid → fulfilled update).
 */
import type { Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import type { Order, OrderLine } from '../db/models.js';
import type { ProductKind, Tier } from '../shared/types.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueNotification } from '../notifications/queue-notification.js';
import { enqueueJob } from '../outbox/enqueue-job.js';
import { randomCode } from '../shared/tokens.js';
import { formatCouponCode } from '../coupons/coupon.rules.js';
import { addRomeMonths } from '../shared/rome-date.js';
import { expiresOn, renewedExpiry } from '../renewals/renewal-rules.js';
import { queueReactivation } from '../renewals/suspend-company.js';

export interface LineOutcome {
  /** coupons issued (an invited client's coupon counts one: its company) */
  coupons?: number;
  /** the codes of the coupons issued to a partner */
  codes?: string[];
  /** the company an invited client's purchase created */
  companyId?: number;
}

type FulfilLine = (ctx: Ctx, t: Transaction, order: Order, line: OrderLine, actor: Actor) => Promise<LineOutcome>;

const units = (line: OrderLine) => line.unitQuantity * line.quantity;

/** Coupons to the partner's stock; bought by an invited client, the client's company instead. */
const coupon: FulfilLine = async (ctx, t, order, line, actor) => {
  if (order.buyerType === 'client') return { coupons: 1, companyId: await createClientCompany(ctx, t, order, line.tier as Tier, actor) };
  const rows = Array.from({ length: units(line) }, () => ({
    code: formatCouponCode(randomCode(16)),
    tier: line.tier as Tier,
    partnerId: order.partnerId,
    orderId: order.id,
    status: 'available' as const,
    companyId: null,
    activatedAt: null,
    revokedAt: null,
  }));
  await ctx.db.models.Coupon.bulkCreate(rows, { transaction: t });
  return { coupons: rows.length, codes: rows.map((r) => r.code) };
};

const einvoicePack: FulfilLine = async (ctx, t, _order, line) => {
  await ctx.db.models.Company.increment('einvoiceAllowance', { by: units(line), where: { id: line.companyId! }, transaction: t });
  return {};
};

const creditTopup: FulfilLine = async (ctx, t, order, line) => {
  await ctx.db.models.CreditEntry.create(
    { partnerId: order.partnerId, companyId: line.companyId, orderId: order.id, amountCents: units(line), kind: 'topup', note: `Ordine ${order.number}` },
    { transaction: t },
  );
  return {};
};

/**
 * A paid renewal: the new period runs from the old expiry, or from today when the company had been
 * suspended (renewals/renewal-rules.ts); the company is active again and its open renewal links are spent.
 */
const renewal: FulfilLine = async (ctx, t, order, line, actor) => {
  const m = ctx.db.models;
  const now = ctx.clock.now();
  const company = (await m.Company.findByPk(line.companyId!, { transaction: t, lock: t.LOCK.UPDATE }))!;
  const before = { subscriptionExpiresAt: company.subscriptionExpiresAt.toISOString(), subscriptionState: company.subscriptionState };
  const oldExpiry = expiresOn(company);
  const { expiresAt, reactivate } = renewedExpiry(company, now, units(line));
  company.subscriptionExpiresAt = expiresAt;
  company.subscriptionState = 'active';
  company.suspendedAt = null;
  await company.save({ transaction: t });
  await m.RenewalLink.update({ usedAt: now }, { where: { companyId: company.id, usedAt: null }, transaction: t });
  if (reactivate) await queueReactivation(m, t, company.id, oldExpiry);
  await recordAudit(m, t, actor, {
    action: 'company.renewed', entityType: 'company', entityId: company.id, before,
    after: { subscriptionExpiresAt: expiresAt.toISOString(), subscriptionState: 'active', orderId: order.id, reactivated: reactivate },
  });
  return {};
};

const upgrade: FulfilLine = async (ctx, t, order, line) => {
  const company = (await ctx.db.models.Company.findByPk(line.companyId!, { transaction: t, lock: t.LOCK.UPDATE }))!;
  if (company.tier !== line.tier) {
    // Paid for, but the company moved meanwhile: a person decides, nothing silently happens.
    await ctx.db.models.Order.update({ flag: `Upgrade da ${line.tier}: l'azienda è ora ${company.tier}` }, { where: { id: order.id }, transaction: t });
    return {};
  }
  company.tier = line.toTier as Tier;
  await company.save({ transaction: t });
  return {};
};

export const fulfilLine: Record<ProductKind, FulfilLine> = {
  coupon,
  einvoice_pack: einvoicePack,
  credit_topup: creditTopup,
  renewal,
  upgrade,
};

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
      subscriptionExpiresAt: addRomeMonths(now, 12),
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
