/**
 * The small reads the back-office's action forms show beside a record (what a bank transfer already
 * gave an order, the coupons an order issued, the latest email about something, the partners one may
 * pick, the saved CSV mappings, a bank line's allocations). Lists and record pages are AdminJS's own.
 */
import type { Ctx } from '../shared/context.js';
import type { OrderStatus } from '../shared/types.js';
import { allocatedByOrder } from '../reconciliation/open-orders.js';
import { parsePaymentReference } from '../orders/payment-reference.js';

export function backOfficeReads(ctx: Ctx) {
  const m = ctx.db.models;
  return {
    /** Cents received so far for an open order from bank lines not undone (0 when none). */
    async receivedByBankTransfer(orderId: number): Promise<number> {
      return (await allocatedByOrder(ctx, undefined, [orderId])).get(orderId) ?? 0;
    },
    async couponCodesOfOrder(orderId: number): Promise<string[]> {
      const rows = await m.Coupon.findAll({ where: { orderId }, attributes: ['code'], order: [['id', 'ASC']], raw: true });
      return rows.map((c) => c.code);
    },
    /** The newest email written about an entity (of one template, when given), or null. */
    async latestEmailAbout(entityType: string, entityId: number, template?: string): Promise<{ id: number; toAddress: string } | null> {
      const email = await m.Email.findOne({ where: { entityType, entityId: String(entityId), ...(template ? { template } : {}) }, order: [['id', 'DESC']], attributes: ['id', 'toAddress'] });
      return email ? { id: email.id, toAddress: email.toAddress } : null;
    },
    async activePartnerChoices(): Promise<{ id: number; legalName: string }[]> {
      return m.Partner.findAll({ where: { active: true }, attributes: ['id', 'legalName'], order: [['legalName', 'ASC']], limit: 500, raw: true });
    },
    async csvMappingNames(): Promise<string[]> {
      const rows = await m.BankCsvMapping.findAll({ attributes: ['bankName'], order: [['bankName', 'ASC']], raw: true });
      return rows.map((x) => x.bankName);
    },
    /** An order by its payment reference (as typed, any spacing) or its number; null when none. */
    async findOrderByReferenceOrNumber(text: string): Promise<{ id: number } | null> {
      const ref = parsePaymentReference(text);
      const order = await m.Order.findOne({ where: ref ? { paymentReference: ref } : { number: text.trim() }, attributes: ['id'] });
      return order ? { id: order.id } : null;
    },
    /** A bank line's live allocations, each with its order's number and status. */
    async lineAllocations(lineId: number): Promise<{ orderId: number; amountCents: number; orderNumber: string | null; orderStatus: OrderStatus | null }[]> {
      const allocs = await m.BankAllocation.findAll({ where: { lineId, undoneAt: null }, raw: true });
      const orders = await m.Order.findAll({ where: { id: allocs.map((a) => a.orderId) }, attributes: ['id', 'number', 'status'], raw: true });
      return allocs.map((a) => {
        const o = orders.find((x) => x.id === a.orderId);
        return { orderId: a.orderId, amountCents: a.amountCents, orderNumber: o?.number ?? null, orderStatus: o?.status ?? null };
      });
    },
  };
}
