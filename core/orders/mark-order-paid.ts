/**
 * Record that an order has been paid (Stripe event, bank reconciliation, staff action) and fulfil it.
 * Idempotent: a second call for the same order is a no-op; under concurrency the conditional update
 * lets exactly one caller through, so an order is never fulfilled twice.
 */
import { z } from 'zod';
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueEmail } from '../outbox/queue-email.js';
import { queueNotification } from '../notifications/queue-notification.js';
import { payableStatuses } from './order.rules.js';
import { fulfilInTx, type FulfilResult } from './fulfil-in-tx.js';
import { orderEmailData } from './order-email-data.js';

const schema = z.object({
  orderId: z.number().int().positive(),
  amountCents: z.number().int().positive(),
  currency: z.string().length(3).default('EUR'),
  source: z.enum(['stripe', 'sandbox', 'bank_transfer', 'staff']),
  paidAt: z.date().optional(),
  note: z.string().max(500).optional(),
  stripePaymentIntentId: z.string().max(255).optional(),
  /** Fulfil in the same transaction (the normal case). Staff may record a payment and fulfil later. */
  fulfil: z.boolean().default(true),
});
export type MarkOrderPaidInput = z.input<typeof schema>;
export interface MarkOrderPaidResult extends Partial<FulfilResult> {
  alreadyPaid: boolean;
  surplusCents: number;
}

export function markOrderPaid(ctx: Ctx) {
  const m = ctx.db.models;
  return async function execute(raw: MarkOrderPaidInput, actor: Actor): Promise<MarkOrderPaidResult> {
    const input = parseInput(schema, raw);
    return ctx.db.tx(async (t) => {
      // Read once, with its lines: the email and the fulfilment below use this copy.
      const order = await m.Order.findByPk(input.orderId, { include: [{ model: m.OrderLine, as: 'lines' }], transaction: t });
      if (!order) throw new DomainError('not_found', 'Ordine non trovato');
      if (order.status === 'paid' || order.status === 'fulfilled') return { alreadyPaid: true, surplusCents: 0 };
      if (!payableStatuses.includes(order.status)) {
        throw new DomainError('illegal_transition', `L'ordine è "${order.status}": il pagamento va verificato da una persona`, { status: order.status });
      }
      if (input.currency.toUpperCase() !== order.currency || input.amountCents < order.grossCents) {
        throw new DomainError('payment_mismatch', 'L’importo ricevuto non corrisponde al totale dell’ordine', {
          expectedCents: order.grossCents,
          receivedCents: input.amountCents,
          currency: input.currency,
        });
      }
      const surplusCents = input.amountCents - order.grossCents;
      const paidAt = input.paidAt ?? ctx.clock.now();
      const paid = {
        status: 'paid' as const,
        paidAt,
        receivedCents: input.amountCents,
        stripePaymentIntentId: input.stripePaymentIntentId ?? order.stripePaymentIntentId,
        flag: surplusCents > 0 ? `Pagamento eccedente di ${surplusCents} centesimi` : order.flag,
      };
      const before = order.status;
      const [won] = await m.Order.update(paid, { where: { id: order.id, status: { [Op.in]: [...payableStatuses] } }, transaction: t });
      if (won !== 1) return { alreadyPaid: true, surplusCents: 0 };
      order.set(paid); // the copy now says what the row says (never saved: the update above wrote it)

      await recordAudit(m, t, actor, {
        action: 'order.paid',
        entityType: 'order',
        entityId: order.id,
        before: { status: before },
        after: { status: 'paid', source: input.source, amountCents: input.amountCents, note: input.note ?? null },
      });
      await queueNotification(m, t, order.partnerId, input.source === 'bank_transfer' ? 'bank_transfer_received' : 'order_paid', {
        orderId: order.id,
        orderNumber: order.number,
        grossCents: order.grossCents,
        buyerType: order.buyerType,
      });
      if (order.buyerEmail) {
        await queueEmail(m, t, { template: 'payment_received', language: order.language, to: order.buyerEmail, data: orderEmailData(ctx.config, order), entity: { type: 'order', id: order.id } });
      }
      const fulfilment = input.fulfil ? await fulfilInTx(ctx, t, order, actor) : undefined;
      return { alreadyPaid: false, surplusCents, ...fulfilment };
    });
  };
}
