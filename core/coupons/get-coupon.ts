/** One coupon of a partner; another partner's coupon is "not found", never "forbidden". */
import type { Ctx } from '../shared/context.js';
import { DomainError } from '../errors.js';

export function getCoupon(ctx: Ctx) {
  return async (couponId: number, partnerId: number) => {
    const coupon = await ctx.db.models.Coupon.findOne({ where: { id: couponId, partnerId } });
    if (!coupon) throw new DomainError('not_found', 'Coupon non trovato');
    return coupon;
  };
}
