/**
 * The record of received webhook events. Claiming an event inserts its row under the unique event
 * id: of any number of deliveries of one event, concurrent or replayed, exactly one gets to process
 * it. A failed attempt is marked `failed` so that Stripe's redelivery can claim it again; a
 * `processing` row whose lease ran out (the process died) can be taken over the same way.
 */
import { Op, UniqueConstraintError } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import { StripeEvent, type StripeEventStatus } from '../db/payment-models.js';
import type { GatewayEvent } from './payment-gateway.js';

const LEASE_MS = 2 * 60_000;

export type Claim = { claimed: true; row: StripeEvent } | { claimed: false; status: StripeEventStatus };

export function eventLog(ctx: Ctx) {
  const now = () => ctx.clock.now();
  const lease = () => new Date(now().getTime() + LEASE_MS);

  async function claim(event: GatewayEvent, source: string): Promise<Claim> {
    try {
      const row = await ctx.db.tx((t) =>
        ctx.db.models.StripeEvent.create(
          { eventId: event.id, type: event.type.slice(0, 80), source, status: 'processing', attempts: 1, lockedUntil: lease(), orderId: null, outcome: null, error: null, payload: event.raw, processedAt: null },
          { transaction: t },
        ),
      );
      return { claimed: true, row };
    } catch (e) {
      if (!(e instanceof UniqueConstraintError)) throw e;
    }
    const existing = await ctx.db.models.StripeEvent.findOne({ where: { eventId: event.id } });
    if (!existing) return { claimed: false, status: 'processing' };
    const retakeable = existing.status === 'failed' || (existing.status === 'processing' && (existing.lockedUntil ?? now()) < now());
    if (!retakeable) return { claimed: false, status: existing.status };
    // Conditional on the attempt count we saw: two redeliveries at once cannot both take it over.
    const [won] = await ctx.db.models.StripeEvent.update(
      { status: 'processing', attempts: existing.attempts + 1, lockedUntil: lease(), error: null },
      { where: { id: existing.id, attempts: existing.attempts, status: { [Op.in]: ['failed', 'processing'] } } },
    );
    if (won !== 1) return { claimed: false, status: 'processing' };
    return { claimed: true, row: (await ctx.db.models.StripeEvent.findByPk(existing.id))! };
  }

  async function finish(row: StripeEvent, status: StripeEventStatus, values: { orderId?: number | null; outcome?: string; error?: string }) {
    await ctx.db.models.StripeEvent.update(
      {
        status,
        lockedUntil: null,
        processedAt: status === 'failed' ? null : now(),
        orderId: values.orderId ?? null,
        outcome: values.outcome?.slice(0, 300) ?? null,
        error: values.error ?? null,
      },
      { where: { id: row.id } },
    );
  }

  return { claim, finish };
}
