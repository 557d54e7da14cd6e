import assert from 'node:assert/strict';
import { assertOrderTransition, canTransitionOrder } from './order.rules.js';
import { assertCouponTransition, canTransitionCoupon } from '../coupons/coupon.rules.js';
import { orderStatuses, couponStatuses } from '../shared/types.js';
import { isDomainError } from '../errors.js';

describe('order state machine', () => {
  it('allows the documented paths', () => {
    for (const [from, to] of [['pending_payment', 'paid'], ['paid', 'fulfilled'], ['pending_payment', 'cancelled'], ['pending_payment', 'expired'], ['fulfilled', 'refunded'], ['paid', 'refunded'], ['expired', 'paid'], ['paid', 'pending_payment']] as const) {
      assert.ok(canTransitionOrder(from, to), `${from} → ${to}`);
    }
  });
  it('refuses everything else with an illegal_transition error', () => {
    const legal = new Set(['pending_payment>paid', 'paid>fulfilled', 'pending_payment>cancelled', 'pending_payment>expired', 'fulfilled>refunded', 'paid>refunded', 'expired>paid', 'paid>pending_payment']);
    for (const from of orderStatuses) {
      for (const to of orderStatuses) {
        if (legal.has(`${from}>${to}`)) continue;
        assert.throws(() => assertOrderTransition(from, to), (e) => isDomainError(e) && e.code === 'illegal_transition', `${from} → ${to}`);
      }
    }
  });
});

describe('coupon state machine', () => {
  it('activates once and only from available', () => {
    assert.ok(canTransitionCoupon('available', 'activated'));
    assert.ok(!canTransitionCoupon('activated', 'activated'));
    assert.ok(!canTransitionCoupon('activated', 'available'));
    assert.ok(!canTransitionCoupon('revoked', 'activated'));
    for (const s of couponStatuses) if (s !== 'available') assert.throws(() => assertCouponTransition(s, 'activated'));
  });
});
