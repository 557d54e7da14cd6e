/** A partner's coupons, newest first, optionally by status. */
import type { Ctx } from '../shared/context.js';
import type { CouponStatus } from '../shared/types.js';
import { pageWindow, toPage } from '../shared/paginate.js';

export function listCoupons(ctx: Ctx) {
  return async (partnerId: number, opts: { status?: CouponStatus; page?: number; pageSize?: number } = {}) => {
    const w = pageWindow(opts.page, opts.pageSize);
    const where = { partnerId, ...(opts.status ? { status: opts.status } : {}) };
    const { rows, count } = await ctx.db.models.Coupon.findAndCountAll({ where, order: [['id', 'DESC']], limit: w.limit, offset: w.offset });
    return toPage(rows, count, w);
  };
}

/** Counts per tier of available coupons, for the bot's summaries. */
export function countAvailableCoupons(ctx: Ctx) {
  return async (partnerId: number) => {
    const rows = await ctx.db.models.Coupon.findAll({ where: { partnerId, status: 'available' }, attributes: ['tier'] });
    const counts = { lite: 0, ordinary: 0, corporate: 0 };
    for (const r of rows) counts[r.tier]++;
    return counts;
  };
}
