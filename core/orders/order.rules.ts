/** The order state machine. Every status change in the code goes through `assertOrderTransition`. */
import { DomainError } from '../errors.js';
import type { OrderStatus } from '../shared/types.js';

const allowed: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['paid', 'cancelled', 'expired'],
  // A late bank transfer for an expired order is still money received: it may be accepted.
  expired: ['paid'],
  // Back to waiting only before fulfilment: a bank line matched to the wrong order, undone by staff.
  paid: ['fulfilled', 'refunded', 'pending_payment'],
  fulfilled: ['refunded'],
  cancelled: [],
  refunded: [],
};

export const canTransitionOrder = (from: OrderStatus, to: OrderStatus) => allowed[from]?.includes(to) ?? false;

export function assertOrderTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransitionOrder(from, to)) {
    throw new DomainError('illegal_transition', `L'ordine è "${from}" e non può passare a "${to}"`, { from, to });
  }
}

/** Statuses from which a payment may be recorded. */
export const payableStatuses: readonly OrderStatus[] = ['pending_payment', 'expired'];
