/** A partner's companies, newest first, with the prepaid credit balance derived from the ledger. */
import { fn, col } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import { DomainError } from '../errors.js';
import { pageWindow, toPage } from '../shared/paginate.js';

export function listCompanies(ctx: Ctx) {
  const m = ctx.db.models;
  return async (partnerId: number, opts: { page?: number; pageSize?: number; payer?: 'partner' | 'client' } = {}) => {
    const w = pageWindow(opts.page, opts.pageSize);
    const where = { partnerId, ...(opts.payer ? { payer: opts.payer } : {}) };
    const { rows, count } = await m.Company.findAndCountAll({ where, order: [['id', 'DESC']], limit: w.limit, offset: w.offset });
    return toPage(rows, count, w);
  };
}

export function getCompany(ctx: Ctx) {
  return async (companyId: number, partnerId?: number) => {
    const company = await ctx.db.models.Company.findByPk(companyId);
    if (!company || (partnerId !== undefined && company.partnerId !== partnerId)) throw new DomainError('not_found', 'Azienda non trovata');
    return company;
  };
}

/** Prepaid credit is a ledger; the balance is always the sum of its entries, never a stored number. */
export function creditBalance(ctx: Ctx) {
  return async (companyId: number): Promise<number> => {
    const row = (await ctx.db.models.CreditEntry.findOne({ where: { companyId }, attributes: [[fn('COALESCE', fn('SUM', col('amount_cents')), 0), 'total']], raw: true })) as unknown as { total: number | string };
    return Number(row?.total ?? 0);
  };
}
