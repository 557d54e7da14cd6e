/**
 * What an invited client can buy: exactly one company account of the invitation's tier (the
 * single-coupon product), with its price. Read-only; the checkout page shows it and places it.
 */
import type { Ctx } from '../shared/context.js';
import { DomainError } from '../errors.js';
import { computeTotals } from '../orders/totals.js';
import type { Product } from '../db/models.js';
import type { Tier } from '../shared/types.js';

export interface InvitationOffer {
  product: Product;
  netCents: number;
  vatCents: number;
  grossCents: number;
  vatRateBp: number;
}

export function invitationOffer(ctx: Ctx) {
  return async (tier: Tier): Promise<InvitationOffer> => {
    const product = await ctx.db.models.Product.findOne({ where: { kind: 'coupon', tier, quantity: 1, active: true }, order: [['sort', 'ASC']] });
    if (!product) throw new DomainError('not_found', 'Prodotto non disponibile', { tier });
    const totals = computeTotals([{ unitNetCents: product.netCents, quantity: 1, vatRateBp: product.vatRateBp }]);
    return { product, netCents: totals.netCents, vatCents: totals.vatCents, grossCents: totals.grossCents, vatRateBp: product.vatRateBp };
  };
}
