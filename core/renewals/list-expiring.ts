/**
 * Companies expiring soon, for the partner's "⏳ In scadenza" in the bot and its page in the
 * back-office: the next `days` days (and those in grace or suspended, which need renewing most),
 * soonest first, a page at a time, with the totals of the whole list (count, and the price of
 * renewing every one of the partner's own companies).
 */
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Payer, SubscriptionState, Tier } from '../shared/types.js';
import { addRomeDays, romeDay, romeDayStart } from '../shared/rome-date.js';
import { computeTotals } from '../orders/totals.js';
import { renewalsAwaitingTransfer } from './renewal-rules.js';

export interface ExpiringCompany {
  id: number;
  legalName: string;
  tier: Tier;
  payer: Payer;
  state: SubscriptionState;
  expiresOn: string;
  /** a renewal order waiting for its bank transfer */
  awaitingOrderNumber: string | null;
}

export interface ExpiringPage {
  items: ExpiringCompany[];
  total: number;
  page: number;
  pages: number;
  /** the partner's own companies in the whole list (the ones it can renew) and what renewing them all costs, VAT included */
  renewable: number;
  renewAllGrossCents: number;
}

export function listExpiring(ctx: Ctx) {
  const m = ctx.db.models;
  return async (input: { partnerId: number; days?: number; page?: number; pageSize?: number }): Promise<ExpiringPage> => {
    const pageSize = Math.min(Math.max(input.pageSize ?? 8, 1), 50);
    const until = romeDayStart(addRomeDays(romeDay(ctx.clock.now()), (input.days ?? 90) + 1));
    const where = { partnerId: input.partnerId, subscriptionExpiresAt: { [Op.lt]: until } };
    const all = await m.Company.findAll({
      where,
      attributes: ['id', 'legalName', 'tier', 'payer', 'subscriptionState', 'subscriptionExpiresAt'],
      order: [['subscriptionExpiresAt', 'ASC'], ['id', 'ASC']],
    });
    const pages = Math.max(1, Math.ceil(all.length / pageSize));
    const page = Math.min(Math.max(input.page ?? 1, 1), pages);
    const slice = all.slice((page - 1) * pageSize, page * pageSize);
    const awaiting = await renewalsAwaitingTransfer(m, slice.map((c) => c.id));
    const own = all.filter((c) => c.payer === 'partner');
    const products = await m.Product.findAll({ where: { kind: 'renewal', active: true }, order: [['quantity', 'DESC'], ['netCents', 'ASC'], ['id', 'ASC']] });
    const price = new Map<Tier, (typeof products)[number]>();
    for (const p of products) if (p.tier && !price.has(p.tier)) price.set(p.tier, p);
    const lines = own.flatMap((c) => {
      const p = price.get(c.tier);
      return p ? [{ unitNetCents: p.netCents, quantity: 1, vatRateBp: p.vatRateBp }] : [];
    });
    return {
      items: slice.map((c) => ({
        id: c.id, legalName: c.legalName, tier: c.tier, payer: c.payer, state: c.subscriptionState,
        expiresOn: romeDay(c.subscriptionExpiresAt), awaitingOrderNumber: awaiting.get(c.id) ?? null,
      })),
      total: all.length,
      page,
      pages,
      renewable: own.length,
      renewAllGrossCents: lines.length ? computeTotals(lines).grossCents : 0,
    };
  };
}

/** The partner's own companies in the list, to renew all in one order (ids, soonest first). */
export function renewableCompanyIds(ctx: Ctx) {
  return async (input: { partnerId: number; days?: number }): Promise<number[]> => {
    const until = romeDayStart(addRomeDays(romeDay(ctx.clock.now()), (input.days ?? 90) + 1));
    const rows = await ctx.db.models.Company.findAll({
      where: { partnerId: input.partnerId, payer: 'partner', subscriptionExpiresAt: { [Op.lt]: until } },
      attributes: ['id'],
      order: [['subscriptionExpiresAt', 'ASC'], ['id', 'ASC']],
      limit: 100,
    });
    return rows.map((r) => r.id);
  };
}

export interface RenewalQuote {
  lines: { companyId: number; legalName: string; productId: number; description: string; netCents: number }[];
  netCents: number;
  vatCents: number;
  grossCents: number;
}

/** What renewing these of the partner's own companies costs (the catalogue's renewal of each one's tier); the order itself is placed by placeOrder. */
export function quoteRenewal(ctx: Ctx) {
  const m = ctx.db.models;
  return async (input: { partnerId: number; companyIds: number[]; language?: 'it' | 'en' }): Promise<RenewalQuote> => {
    const companies = await m.Company.findAll({ where: { id: input.companyIds.slice(0, 100), partnerId: input.partnerId, payer: 'partner' }, order: [['subscriptionExpiresAt', 'ASC'], ['id', 'ASC']] });
    const products = await m.Product.findAll({ where: { kind: 'renewal', active: true }, order: [['quantity', 'DESC'], ['netCents', 'ASC'], ['id', 'ASC']] });
    const byTier = new Map<Tier, (typeof products)[number]>();
    for (const p of products) if (p.tier && !byTier.has(p.tier)) byTier.set(p.tier, p);
    const chosen = companies.flatMap((c) => {
      const p = byTier.get(c.tier);
      return p ? [{ c, p }] : [];
    });
    const totals = computeTotals(chosen.map(({ p }) => ({ unitNetCents: p.netCents, quantity: 1, vatRateBp: p.vatRateBp })));
    return {
      lines: chosen.map(({ c, p }) => ({ companyId: c.id, legalName: c.legalName, productId: p.id, description: input.language === 'en' ? p.nameEn : p.nameIt, netCents: p.netCents })),
      netCents: totals.netCents,
      vatCents: totals.vatCents,
      grossCents: totals.grossCents,
    };
  };
}

/** The back-office dashboard's subscription counts: expiring within 30 days (still active), in grace, suspended. */
export function subscriptionFigures(ctx: Ctx) {
  const m = ctx.db.models;
  return async () => {
    const expiringBefore = new Date(ctx.clock.now().getTime() + 30 * 86_400_000);
    const [expiring, inGrace, suspended] = await Promise.all([
      m.Company.count({ where: { subscriptionState: 'active', subscriptionExpiresAt: { [Op.lte]: expiringBefore } } }),
      m.Company.count({ where: { subscriptionState: 'grace' } }),
      m.Company.count({ where: { subscriptionState: 'suspended' } }),
    ]);
    return { expiring, inGrace, suspended, expiringBefore };
  };
}
