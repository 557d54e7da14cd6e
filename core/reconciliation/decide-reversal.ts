/**
 * Staff decide what a bank reversal of a fulfilled order leads to (audited):
 * - `restore`: the money came back (the payer paid again, or the bank reversed by mistake): exactly what
 *   the reversal took back is given back — the coupons it revoked (those still revoked), the credit and
 *   the e-invoices it took — the order's reversal flag is cleared and the partner is told;
 * - `confirm`: the money is lost: the order is refunded (nothing to pay back: the bank did it), which
 *   issues its credit note (TD04) and keeps the coupons revoked.
 * Once decided, a reversal stays decided: a second click of the same decision changes nothing, the
 * other decision is refused.
 */
import { z } from 'zod';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueNotification } from '../notifications/queue-notification.js';
import { refundOrder } from '../orders/refund-order.js';

const schema = z.object({
  reversalId: z.number().int().positive(),
  decision: z.enum(['restore', 'confirm']),
  note: z.string().trim().min(3, 'Scrivi il motivo della decisione').max(500),
});

const DONE = { restore: 'restored', confirm: 'confirmed' } as const;

export function decideReversal(ctx: Ctx) {
  const m = ctx.db.models;
  const refund = refundOrder(ctx, null);
  return async (raw: z.input<typeof schema>, actor: Actor): Promise<{ alreadyDone: boolean; couponsRestored: number }> => {
    const input = parseInput(schema, raw);
    const found = await m.PaymentReversal.findByPk(input.reversalId);
    if (!found) throw new DomainError('not_found', 'Storno non trovato');
    if (found.status === DONE[input.decision]) return { alreadyDone: true, couponsRestored: 0 };
    if (found.status !== 'open') throw new DomainError('illegal_transition', `Lo storno è già stato deciso (${found.status === 'restored' ? 'ripristinato' : 'confermato'})`);

    if (input.decision === 'confirm') {
      // The refund first (idempotent): a failure after it leaves the reversal open, and a second click
      // finds the order refunded and only records the decision.
      await refund({ orderId: found.orderId, source: 'bank_reversal', amountCents: Number(found.amountCents), reason: `Storno confermato: ${input.note}` }, actor);
    }
    return ctx.db.tx(async (t) => {
      const [won] = await m.PaymentReversal.update(
        { status: DONE[input.decision], decidedByLabel: actor.label.slice(0, 200), decidedAt: ctx.clock.now(), decisionNote: input.note },
        { where: { id: found.id, status: 'open' }, transaction: t },
      );
      if (won !== 1) throw new DomainError('conflict', 'Lo storno è stato deciso nel frattempo: ricarica la pagina');
      const order = (await m.Order.findByPk(found.orderId, { transaction: t, lock: t.LOCK.UPDATE }))!;
      let couponsRestored = 0;
      if (input.decision === 'restore') {
        const taken = found.takenBack;
        if (taken.couponIds.length)
          couponsRestored = (await m.Coupon.update({ status: 'available', revokedAt: null }, { where: { id: taken.couponIds, status: 'revoked' }, transaction: t }))[0];
        for (const c of taken.credit)
          await m.CreditEntry.create(
            { partnerId: order.partnerId, companyId: c.companyId, orderId: order.id, amountCents: c.cents, kind: 'topup', note: `Ripristino dopo storno annullato, ordine ${order.number}` },
            { transaction: t },
          );
        for (const e of taken.einvoices) await m.Company.increment('einvoiceAllowance', { by: e.count, where: { id: e.companyId }, transaction: t });
        await m.Order.update({ flag: withoutReversalFlag(order.flag, found.creditLineId) }, { where: { id: order.id }, transaction: t });
        await queueNotification(m, t, order.partnerId, 'payment_restored', { orderId: order.id, orderNumber: order.number, couponsRestored });
      }
      await recordAudit(m, t, actor, {
        action: `payment_reversal.${DONE[input.decision]}`, entityType: 'order', entityId: order.id,
        before: { status: 'open', flag: order.flag },
        after: { status: DONE[input.decision], reversalId: found.id, note: input.note, couponsRestored, credit: input.decision === 'restore' ? found.takenBack.credit : [], einvoices: input.decision === 'restore' ? found.takenBack.einvoices : [] },
      });
      return { alreadyDone: false, couponsRestored };
    });
  };
}

/** The order's flag without the part this reversal wrote (flags are joined with " · "); null when nothing is left. */
function withoutReversalFlag(flag: string | null, creditLineId: number): string | null {
  if (!flag) return null;
  const kept = flag.split(' · ').filter((part) => !(part.startsWith('Pagamento stornato') && part.includes(`(riga #${creditLineId})`)));
  return kept.length ? kept.join(' · ') : null;
}
