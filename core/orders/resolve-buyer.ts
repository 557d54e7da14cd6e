/**
 * Who is buying: a partner (from the bot) or an invited client (from the web checkout). For a client
 * the invitation is locked and checked, and its earlier unpaid order is replaced rather than kept
 * beside the new one.
 */
import type { Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import type { Tier } from '../shared/types.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { validateCompanyData } from '../validation/index.js';
import { queueCheckoutSessionExpiry } from '../payments/expire-checkout-session.js';
import { romeDay } from '../shared/rome-date.js';

export type BuyerInput =
  | { kind: 'partner'; partnerId: number; partnerUserId?: number }
  | { kind: 'client'; invitationId: number; companyData: Record<string, unknown>; billingEmail: string }
  | { kind: 'renewal'; renewalLinkId: number };

export interface Buyer {
  kind: 'partner' | 'client';
  partnerId: number;
  name: string;
  email: string | null;
  invitationId: number | null;
  /** the invited client's company, validated (clients only) */
  companyData: Record<string, unknown> | null;
  /** the tier an invited client may buy (clients only) */
  invitedTier: Tier | null;
  /** a client renewing from its renewal link: the only company it may renew */
  renewalCompanyId?: number;
}

export async function resolveBuyer(ctx: Ctx, t: Transaction, input: BuyerInput, actor: Actor): Promise<Buyer> {
  const m = ctx.db.models;
  if (input.kind === 'partner') {
    if (actor.type === 'partner_user' && actor.partnerId !== input.partnerId) throw new DomainError('forbidden', 'Operazione non consentita');
    const partner = await m.Partner.findByPk(input.partnerId, { attributes: ['id', 'active', 'legalName', 'billingEmail'], transaction: t });
    if (!partner || !partner.active) throw new DomainError('not_found', 'Centro Servizi non trovato');
    return { kind: 'partner', partnerId: partner.id, name: partner.legalName, email: partner.billingEmail, invitationId: null, companyData: null, invitedTier: null };
  }

  if (input.kind === 'renewal') return renewalBuyer(ctx, t, input.renewalLinkId);

  const inv = await m.Invitation.findByPk(input.invitationId, { transaction: t, lock: t.LOCK.UPDATE });
  if (!inv) throw new DomainError('not_found', 'Invito non trovato');
  if (inv.status === 'cancelled') throw new DomainError('conflict', 'Questo invito è stato annullato');
  if (inv.status === 'purchased') throw new DomainError('already_used', 'Questo invito è già stato usato');
  if (inv.status === 'expired' || inv.expiresAt <= ctx.clock.now()) throw new DomainError('expired', 'Questo invito è scaduto');
  const checked = validateCompanyData(input.companyData);
  if (!checked.ok) throw new DomainError('validation', 'Dati aziendali non validi', { fields: checked.errors });

  // A client who comes back replaces its unpaid order instead of piling up a second one.
  const replaced = await m.Order.findAll({ where: { invitationId: inv.id, status: 'pending_payment' }, attributes: ['id', 'stripeSessionId'], transaction: t });
  for (const old of replaced) {
    const [won] = await m.Order.update({ status: 'cancelled', closedAt: ctx.clock.now() }, { where: { id: old.id, status: 'pending_payment' }, transaction: t });
    if (!won) continue;
    await recordAudit(m, t, actor, {
      action: 'order.cancelled', entityType: 'order', entityId: old.id,
      before: { status: 'pending_payment' }, after: { status: 'cancelled', reason: 'replaced by a new order from the same invitation' },
    });
    // The replaced order's checkout session must not stay payable beside the new order's.
    await queueCheckoutSessionExpiry(m, t, old.id, old.stripeSessionId ?? null);
  }
  return {
    kind: 'client',
    partnerId: inv.partnerId,
    name: checked.value.legalName,
    email: input.billingEmail,
    invitationId: inv.id,
    companyData: checked.value as unknown as Record<string, unknown>,
    invitedTier: inv.tier,
  };
}

/** A client-paid company renewed from the link its reminder carried (checked again here, under lock). */
async function renewalBuyer(ctx: Ctx, t: Transaction, renewalLinkId: number): Promise<Buyer> {
  const m = ctx.db.models;
  const link = await m.RenewalLink.findByPk(renewalLinkId, { transaction: t, lock: t.LOCK.UPDATE });
  if (!link) throw new DomainError('not_found', 'Link di rinnovo non trovato');
  const company = await m.Company.findByPk(link.companyId, { transaction: t });
  if (!company || company.payer !== 'client') throw new DomainError('not_found', 'Link di rinnovo non trovato');
  if (link.usedAt || romeDay(company.subscriptionExpiresAt) !== link.expiresOn) throw new DomainError('already_used', 'Questo abbonamento è già stato rinnovato');
  if (link.expiresAt <= ctx.clock.now()) throw new DomainError('expired', 'Questo link di rinnovo è scaduto');
  const first = company.orderId ? await m.Order.findByPk(company.orderId, { attributes: ['buyerEmail'], transaction: t }) : null;
  return {
    kind: 'client',
    partnerId: company.partnerId,
    name: company.legalName,
    email: first?.buyerEmail ?? company.email,
    invitationId: null,
    companyData: null,
    invitedTier: null,
    renewalCompanyId: company.id,
  };
}
