/** The active products (of a kind, and tier, when given), in catalogue order: what the bot offers. */
import type { Ctx } from '../shared/context.js';
import type { ProductKind, Tier } from '../shared/types.js';
import { DomainError } from '../errors.js';

export function listProducts(ctx: Ctx) {
  return async (filter: { kind?: ProductKind; tier?: Tier } = {}) =>
    ctx.db.models.Product.findAll({
      where: { active: true, ...(filter.kind ? { kind: filter.kind } : {}), ...(filter.tier ? { tier: filter.tier } : {}) },
      order: [['sort', 'ASC'], ['id', 'ASC']],
    });
}

export function getProduct(ctx: Ctx) {
  return async (productId: number) => {
    const p = await ctx.db.models.Product.findByPk(productId);
    if (!p || !p.active) throw new DomainError('not_found', 'Prodotto non disponibile');
    return p;
  };
}
