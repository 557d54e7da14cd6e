/** Fulfil a paid order on its own (staff action, or a payment recorded with `fulfil: false`). Idempotent. */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { fulfilInTx } from './fulfil-in-tx.js';

export function fulfilOrder(ctx: Ctx) {
  return (orderId: number, actor: Actor) => ctx.db.tx((t) => fulfilInTx(ctx, t, orderId, actor));
}
