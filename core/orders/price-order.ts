/**
 * The lines of an order, priced from the catalogue (never from the caller): each item's product is
 * checked (active; for an invited client exactly one account of its tier; for renewals and upgrades
 * a company of the partner's of the right tier), then VAT and totals are computed per line.
 */
import type { Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import { DomainError } from '../errors.js';
import { companyProductKinds, type Tier } from '../shared/types.js';
import type { Product } from '../db/models.js';
import { computeTotals } from './totals.js';
import type { Buyer } from './resolve-buyer.js';

export interface ItemInput {
  productId: number;
  quantity: number;
  companyId?: number;
}

export interface PricedLine {
  product: Product;
  quantity: number;
  companyId: number | null;
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export interface PricedOrder {
  lines: PricedLine[];
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export async function priceOrder(ctx: Ctx, t: Transaction, buyer: Buyer, items: ItemInput[]): Promise<PricedOrder> {
  const m = ctx.db.models;
  const products = await m.Product.findAll({ where: { id: items.map((i) => i.productId) }, transaction: t });
  const byId = new Map(products.map((p) => [p.id, p]));
  const chosen: { product: Product; quantity: number; companyId: number | null }[] = [];
  /** An upgrade earlier in the same order: the company's renewal is then bought at the new tier (fulfilled in line order). */
  const upgradedTo = new Map<number, Tier>();
  for (const it of items) {
    const product = byId.get(it.productId);
    if (!product || !product.active) throw new DomainError('not_found', 'Prodotto non disponibile', { productId: it.productId });
    let companyId: number | null = null;
    if (buyer.renewalCompanyId) {
      // A client's renewal link buys exactly one renewal of its own company, at the company's tier.
      const company = await m.Company.findByPk(buyer.renewalCompanyId, { transaction: t });
      if (product.kind !== 'renewal' || product.tier !== company?.tier || it.quantity !== 1 || items.length !== 1 || (it.companyId ?? company.id) !== company.id) {
        throw new DomainError('validation', 'Prodotto non acquistabile con questo link di rinnovo', { fields: { productId: 'renewal' } });
      }
      companyId = company.id;
    } else if (buyer.invitedTier) {
      // An invited client buys exactly its own company account of the tier it was invited to.
      if (product.kind !== 'coupon' || product.tier !== buyer.invitedTier || product.quantity !== 1 || it.quantity !== 1 || items.length !== 1) {
        throw new DomainError('validation', 'Prodotto non acquistabile con questo invito', { fields: { productId: 'invitation' } });
      }
    } else if (companyProductKinds.includes(product.kind)) {
      companyId = await checkCompanyProduct(ctx, t, product, buyer.partnerId, it.companyId, upgradedTo);
      if (product.kind === 'upgrade' && product.toTier) upgradedTo.set(companyId, product.toTier);
    }
    chosen.push({ product, quantity: it.quantity, companyId });
  }
  const totals = computeTotals(chosen.map((l) => ({ unitNetCents: l.product.netCents, quantity: l.quantity, vatRateBp: l.product.vatRateBp })));
  return {
    lines: chosen.map((l, i) => {
      const { netCents, vatCents, grossCents } = totals.lines[i]!;
      return { ...l, netCents, vatCents, grossCents };
    }),
    netCents: totals.netCents,
    vatCents: totals.vatCents,
    grossCents: totals.grossCents,
  };
}

/** A renewal or upgrade is bought for one of the partner's own companies, of the tier it starts from. */
async function checkCompanyProduct(ctx: Ctx, t: Transaction, product: Product, partnerId: number, companyId: number | undefined, upgradedTo: Map<number, Tier>): Promise<number> {
  if (!companyId) throw new DomainError('validation', 'Scegli l’azienda a cui si riferisce il prodotto', { fields: { companyId: 'required' } });
  const company = await ctx.db.models.Company.findOne({ where: { id: companyId, partnerId }, transaction: t });
  if (!company) throw new DomainError('not_found', 'Azienda non trovata');
  if (company.payer !== 'partner') {
    throw new DomainError('forbidden', 'Questa azienda acquista da sé i propri prodotti (invito all’acquisto)');
  }
  if (product.kind === 'renewal' && product.tier !== (upgradedTo.get(company.id) ?? company.tier)) {
    throw new DomainError('validation', 'Il rinnovo deve essere della stessa tipologia dell’azienda', { fields: { productId: 'tier' } });
  }
  if (product.kind === 'upgrade' && product.tier !== company.tier) {
    throw new DomainError('validation', 'Questo upgrade non parte dalla tipologia attuale dell’azienda', { fields: { productId: 'tier' } });
  }
  return company.id;
}
