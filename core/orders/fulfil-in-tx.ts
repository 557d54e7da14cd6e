/**
 * Issuing what an order bought, inside the caller's transaction. The conditional status update
 * (paid → fulfilled) is the guard: of any number of concurrent callers exactly one gets a row
 * back and issues anything; the others see "already fulfilled" and do nothing. What each line
 * gives is its product kind's business (fulfil-line.ts).
 */
import type { Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import type { Order } from '../db/models.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueEmail } from '../outbox/queue-email.js';
import { queueNotification } from '../notifications/queue-notification.js';
import { assertOrderTransition } from './order.rules.js';
import { fulfilLine } from './fulfil-line.js';

export interface FulfilResult {
  fulfilled: boolean;
  couponsIssued: number;
  companyId?: number;
}

/**
 * `order`: the order with its lines when the caller has just read it in this transaction (the payment
 * path), else its id. Either way the conditional update below decides who fulfils.
 */
export async function fulfilInTx(ctx: Ctx, t: Transaction, order: number | Order, actor: Actor): Promise<FulfilResult> {
  const m = ctx.db.models;
  const now = ctx.clock.now();
  const orderId = typeof order === 'number' ? order : order.id;
  const current = typeof order === 'number' ? await m.Order.findByPk(orderId, { include: [{ model: m.OrderLine, as: 'lines' }], transaction: t }) : order;
  if (!current) throw new DomainError('not_found', 'Ordine non trovato');
  if (current.status === 'fulfilled') return { fulfilled: false, couponsIssued: 0 };
  assertOrderTransition(current.status, 'fulfilled');
  const [won] = await m.Order.update({ status: 'fulfilled', fulfilledAt: now }, { where: { id: orderId, status: 'paid' }, transaction: t });
  if (won !== 1) return { fulfilled: false, couponsIssued: 0 };
  const lines = current.lines ?? (await m.OrderLine.findAll({ where: { orderId }, order: [['id', 'ASC']], transaction: t }));

  let couponsIssued = 0;
  let companyId: number | undefined;
  const issued: string[] = [];
  for (const line of lines) {
    const outcome = await fulfilLine[line.productKind](ctx, t, current, line, actor);
    couponsIssued += outcome.coupons ?? 0;
    issued.push(...(outcome.codes ?? []));
    companyId ??= outcome.companyId;
  }

  await recordAudit(m, t, actor, {
    action: 'order.fulfilled',
    entityType: 'order',
    entityId: orderId,
    before: { status: 'paid' },
    after: { status: 'fulfilled', couponsIssued, companyId: companyId ?? null },
  });

  if (current.buyerType === 'partner') {
    const available = await m.Coupon.count({ where: { partnerId: current.partnerId, status: 'available' }, transaction: t });
    await queueNotification(m, t, current.partnerId, couponsIssued ? 'coupons_issued' : 'order_fulfilled', {
      orderId,
      orderNumber: current.number,
      couponsIssued,
      couponsAvailable: available,
    });
    if (couponsIssued && current.buyerEmail) {
      await queueEmail(m, t, {
        template: 'coupons_issued',
        language: current.language,
        to: current.buyerEmail,
        data: { orderId, orderNumber: current.number, buyerName: current.buyerName, couponsIssued, couponsAvailable: available, codes: issued.slice(0, 50) },
        entity: { type: 'order', id: orderId },
      });
    }
  }
  return { fulfilled: true, couponsIssued, companyId };
}
