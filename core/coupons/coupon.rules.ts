/** The coupon state machine: a coupon is activated once, into exactly one company, or revoked. */
import { DomainError } from '../errors.js';
import type { CouponStatus } from '../shared/types.js';

const allowed: Record<CouponStatus, readonly CouponStatus[]> = {
  available: ['activated', 'revoked'],
  activated: [],
  revoked: ['available'], // staff may reinstate a coupon revoked by mistake
};

export const canTransitionCoupon = (from: CouponStatus, to: CouponStatus) => allowed[from]?.includes(to) ?? false;

export function assertCouponTransition(from: CouponStatus, to: CouponStatus): void {
  if (!canTransitionCoupon(from, to)) {
    throw new DomainError('illegal_transition', `Il coupon è "${from}" e non può passare a "${to}"`, { from, to });
  }
}

/** KC-XXXX-XXXX-XXXX-XXXX: 80 random bits, unguessable, readable over the phone. */
export function formatCouponCode(raw16: string): string {
  return `KC-${raw16.match(/.{4}/g)!.join('-')}`;
}
