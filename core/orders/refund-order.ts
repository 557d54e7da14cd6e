/**
 * Refund an order, started by Stripe (a `charge.refunded` event) or by staff. The order becomes
 * `refunded`; what it issued is taken back where still possible, the rest is flagged for staff.
 * Idempotent: a staff refund is followed by Stripe's own `charge.refunded`, which then changes nothing.
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
import type { CheckoutProvider } from '../payments/payment-gateway.js';
import { appendFlag } from '../payments/flag-payment.js';
import { revokeIssued, type Revocation } from '../payments/revoke-issued.js';
import { assertOrderTransition } from './order.rules.js';
import { orderEmailData } from './order-email-data.js';
import { creditRefundInTx } from '../invoicing/issue-invoice.js';

const schema = z.object({
  orderId: z.number().int().positive(),
  /**
   * 'stripe'/'sandbox': the provider already refunded; 'staff': refund through the provider first when paid
   * there; 'bank_reversal': the bank already returned the transfer (staff confirmed a reversal).
   */
  source: z.enum(['stripe', 'sandbox', 'staff', 'bank_reversal']),
  amountCents: z.number().int().positive().optional(),
  reason: z.string().max(300).optional(),
});
export type RefundOrderInput = z.input<typeof schema>;
export interface RefundOrderResult extends Partial<Revocation> {
  alreadyRefunded: boolean;
  providerRefundId?: string;
  creditNoteId?: number;
}

export function refundOrder(ctx: Ctx, provider: CheckoutProvider | null) {
  const m = ctx.db.models;
  return async function execute(raw: RefundOrderInput, actor: Actor): Promise<RefundOrderResult> {
    const input = parseInput(schema, raw);
    const order = await m.Order.findByPk(input.orderId);
    if (!order) throw new DomainError('not_found', 'Ordine non trovato');
    if (order.status === 'refunded') return { alreadyRefunded: true };
    assertOrderTransition(order.status, 'refunded');

    let providerRefundId: string | undefined;
    const paidOnline = order.paymentMethod !== 'bank_transfer' && order.stripePaymentIntentId;
    if (input.source === 'staff' && paidOnline) {
      if (!provider) throw new DomainError('unavailable', 'Il servizio di pagamento non è configurato: impossibile rimborsare');
      // Outside the transaction (a network call); the key makes a repeated staff click refund once.
      const r = await provider.refund(order.stripePaymentIntentId!, `sportello-order-${order.id}-refund`, input.amountCents);
      providerRefundId = r.id;
    }
    const refundedCents = input.amountCents ?? order.receivedCents ?? order.grossCents;

    return ctx.db.tx(async (t) => {
      const [won] = await m.Order.update(
        { status: 'refunded', closedAt: ctx.clock.now() },
        { where: { id: order.id, status: { [Op.in]: ['paid', 'fulfilled'] } }, transaction: t },
      );
      if (won !== 1) return { alreadyRefunded: true, providerRefundId };
      const fresh = (await m.Order.findByPk(order.id, { include: [{ model: m.OrderLine, as: 'lines' }], transaction: t }))!;
      // Only a fulfilled order issued anything; a merely paid one has nothing to take back.
      const revoked: Revocation =
        order.status === 'fulfilled' ? await revokeIssued(ctx, t, fresh) : { couponsRevoked: 0, creditRevokedCents: 0, einvoicesRevoked: 0, notRevoked: [], taken: { couponIds: [], credit: [], einvoices: [] } };
      if (order.paymentMethod === 'bank_transfer' && input.source === 'staff') revoked.notRevoked.push('bonifico: restituire l’importo al cliente a mano');
      if (revoked.notRevoked.length) {
        await m.Order.update({ flag: appendFlag(fresh.flag, `Rimborso: ${revoked.notRevoked.join('; ')}`) }, { where: { id: order.id }, transaction: t });
      }
      await recordAudit(m, t, actor, {
        action: 'order.refunded',
        entityType: 'order',
        entityId: order.id,
        before: { status: order.status },
        after: { status: 'refunded', source: input.source, refundedCents, reason: input.reason ?? null, providerRefundId: providerRefundId ?? null, ...revoked },
      });
      await queueNotification(m, t, order.partnerId, 'order_refunded', {
        orderId: order.id,
        orderNumber: order.number,
        refundedCents,
        couponsRevoked: revoked.couponsRevoked,
        needsAttention: revoked.notRevoked.length > 0,
      });
      if (order.buyerEmail) {
        await queueEmail(m, t, {
          template: 'order_refunded',
          language: order.language,
          to: order.buyerEmail,
          data: { ...orderEmailData(ctx.config, fresh), refundedCents },
          entity: { type: 'order', id: order.id },
        });
      }
      // The credit note (TD04) of what was refunded, in the refund's transaction.
      const creditNote = await creditRefundInTx(ctx, t, order.id, refundedCents, actor);
      return { alreadyRefunded: false, providerRefundId, creditNoteId: creditNote?.id, ...revoked };
    });
  };
}
