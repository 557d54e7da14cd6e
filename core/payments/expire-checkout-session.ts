/**
 * An order closed without payment (cancelled, expired) must not stay payable at the provider: its
 * open checkout session is expired there. The closing transaction queues the job
 * (`queueCheckoutSessionExpiry`), so the order's change and the request to expire its session
 * happen together or not at all; the worker then asks the provider. A session already complete or
 * expired is done, not an error (a payment that got in first is flagged by the webhook for staff).
 */
import type { Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Models } from '../db/models.js';
import { systemActor } from '../shared/actor.js';
import { isDomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { enqueueJob } from '../outbox/enqueue-job.js';
import { PermanentFailure } from '../worker/worker.js';
import type { CheckoutProvider } from './payment-gateway.js';

export const EXPIRE_CHECKOUT_SESSION_JOB = 'expire_checkout_session';

export interface ExpireCheckoutSessionPayload {
  orderId: number;
  sessionId: string;
}

/** Call inside the transaction that closes the order; a session is queued once, whoever closes it. */
export async function queueCheckoutSessionExpiry(models: Models, t: Transaction, orderId: number, sessionId: string | null) {
  if (!sessionId) return null;
  const payload: ExpireCheckoutSessionPayload = { orderId, sessionId };
  return enqueueJob(models, t, EXPIRE_CHECKOUT_SESSION_JOB, { ...payload }, { dedupKey: `expire-checkout-session-${sessionId}` });
}

export function expireCheckoutSession(ctx: Ctx, provider: CheckoutProvider) {
  const m = ctx.db.models;
  const actor = systemActor(provider.source === 'sandbox' ? 'Sandbox pagamenti' : 'Stripe');
  return async function execute({ orderId, sessionId }: ExpireCheckoutSessionPayload) {
    let result;
    try {
      result = await provider.expireSession(sessionId);
    } catch (e) {
      // Retrying cannot make an unknown session appear (e.g. a sandbox id after switching to Stripe).
      if (isDomainError(e) && e.code === 'not_found') throw new PermanentFailure(`checkout session ${sessionId} not found at ${provider.source}`);
      throw e;
    }
    await ctx.db.tx((t) =>
      recordAudit(m, t, actor, {
        action: 'order.checkout_session_expired',
        entityType: 'order',
        entityId: orderId,
        after: { sessionId, provider: provider.source, status: result.status, expiredNow: result.expiredNow },
      }),
    );
    return result;
  };
}
