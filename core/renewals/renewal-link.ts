/**
 * A client's renewal link (`/rinnovo/<token>`, sent by the client reminder): the token is random and
 * only its hash is stored; it works until it expires and for one paid renewal (a payment spends
 * every open link of the company). Opening shows the company and the price; placing goes through
 * placeOrder with the link as buyer, so prices, VAT and payment are the same as everywhere else.
 */
import type { Ctx } from '../shared/context.js';
import { DomainError } from '../errors.js';
import { hashToken } from '../shared/tokens.js';
import { computeTotals } from '../orders/totals.js';
import { placeOrder } from '../orders/place-order.js';
import type { Company, Order, Partner, Product } from '../db/models.js';
import type { RenewalLink } from '../db/renewal-models.js';
import { expiresOn, graceEndsOn, renewalProductFor } from './renewal-rules.js';

export interface RenewalOffer {
  link: RenewalLink;
  company: Company;
  partner: Partner;
  product: Product;
  netCents: number;
  vatCents: number;
  grossCents: number;
  expiresOn: string;
  graceEndsOn: string;
  /** a renewal already placed from a link of this company and not yet paid */
  pendingOrder: Order | null;
}

export function openRenewalLink(ctx: Ctx) {
  const m = ctx.db.models;
  return async (token: string): Promise<RenewalOffer> => {
    if (typeof token !== 'string' || token.length < 20 || token.length > 100) throw new DomainError('not_found', 'Link di rinnovo non trovato');
    const link = await m.RenewalLink.findOne({ where: { tokenHash: hashToken(token) } });
    const company = link ? await m.Company.findByPk(link.companyId) : null;
    if (!link || !company) throw new DomainError('not_found', 'Link di rinnovo non trovato');
    const partner = (await m.Partner.findByPk(company.partnerId))!;
    if (link.usedAt || expiresOn(company) !== link.expiresOn) {
      throw new DomainError('already_used', 'Questo abbonamento è già stato rinnovato', { partnerName: partner.legalName, partnerEmail: partner.billingEmail });
    }
    if (link.expiresAt <= ctx.clock.now()) throw new DomainError('expired', 'Questo link di rinnovo è scaduto', { partnerName: partner.legalName, partnerEmail: partner.billingEmail });
    const product = await renewalProductFor(m, company.tier);
    if (!product) throw new DomainError('not_found', 'Il rinnovo di questa tipologia non è in vendita: scrivi al supporto');
    const totals = computeTotals([{ unitNetCents: product.netCents, quantity: 1, vatRateBp: product.vatRateBp }]);
    const pendingLine = await m.OrderLine.findOne({
      where: { companyId: company.id, productKind: 'renewal' },
      include: [{ model: m.Order, where: { status: 'pending_payment', buyerType: 'client' }, attributes: ['id'] }],
      order: [['id', 'DESC']],
    });
    const pendingOrder = pendingLine ? await m.Order.findByPk(pendingLine.orderId) : null;
    return {
      link, company, partner, product,
      netCents: totals.netCents, vatCents: totals.vatCents, grossCents: totals.grossCents,
      expiresOn: link.expiresOn, graceEndsOn: graceEndsOn(link.expiresOn, ctx.config.RENEWAL_GRACE_DAYS),
      pendingOrder,
    };
  };
}

export function placeRenewalOrder(ctx: Ctx) {
  const open = openRenewalLink(ctx);
  const place = placeOrder(ctx);
  return async (input: { token: string; paymentMethod: 'stripe' | 'sandbox' | 'bank_transfer'; language?: 'it' | 'en' }): Promise<Order> => {
    const offer = await open(input.token);
    // One unpaid renewal at a time: the client pays the one it placed rather than a second.
    if (offer.pendingOrder) return offer.pendingOrder;
    const order = await place(
      {
        buyer: { kind: 'renewal', renewalLinkId: offer.link.id },
        items: [{ productId: offer.product.id, quantity: 1, companyId: offer.company.id }],
        paymentMethod: input.paymentMethod,
        language: input.language ?? 'it',
      },
      { type: 'client', label: `rinnovo ${offer.company.legalName}`.slice(0, 200) },
    );
    await ctx.db.models.RenewalLink.update({ orderId: order.id }, { where: { id: offer.link.id } });
    return order;
  };
}
