/**
 * Issuing the invoice (TD01) of a paid order, and credit notes (TD04) for its refunds, inside the
 * transaction that records the payment or the refund. A document gets its number and date here;
 * the XML is built, checked and sent by the `send_invoice` job. A buyer whose billing data are
 * incomplete gets the number all the same (the sale happened) and the invoice waits for the data.
 */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { Op, type Transaction } from 'sequelize';
import type { Order, OrderLine } from '../db/models.js';
import type { Invoice } from '../db/invoice-models.js';
import { recordAudit } from '../audit/record-audit.js';
import { enqueueJob } from '../outbox/enqueue-job.js';
import { queueNotification } from '../notifications/queue-notification.js';
import { companyBuyer, partnerBuyer, buyerProblems } from './buyer.js';
import { formatInvoiceNumber, takeNumber } from './numbering.js';
import { romeDate, romeYear } from './rome-date.js';
import type { BuyerSnapshot, DocumentType, InvoiceLine } from './invoice.types.js';

export const SEND_INVOICE_JOB = 'send_invoice';

function lineOf(l: OrderLine): InvoiceLine {
  return { description: l.description, quantity: l.quantity, unitNetCents: l.unitNetCents, netCents: l.netCents, vatRateBp: l.vatRateBp, vatCents: l.vatCents };
}

async function buyerOf(ctx: Ctx, t: Transaction, order: Order): Promise<BuyerSnapshot> {
  // The client's company data as submitted at checkout (the company itself may not exist yet).
  if (order.buyerType === 'client' && order.companyData) return companyBuyer(order.companyData as any);
  const partner = (await ctx.db.models.Partner.findByPk(order.partnerId, { transaction: t }))!;
  return partnerBuyer(partner);
}

interface NewDocument {
  order: Order;
  documentType: DocumentType;
  dedupKey: string;
  lines: InvoiceLine[];
  date: Date;
  related: Invoice | null;
  buyer: BuyerSnapshot;
}

async function createDocument(ctx: Ctx, t: Transaction, d: NewDocument, actor: Actor): Promise<Invoice> {
  const m = ctx.db.models;
  const sum = (k: 'netCents' | 'vatCents') => d.lines.reduce((s, l) => s + l[k], 0);
  const problems = buyerProblems(d.buyer);
  const year = romeYear(d.date);
  const series = ctx.config.INVOICE_SERIES;
  // Last: the counter row stays locked from here to the commit.
  const { sequence, issueDate } = await takeNumber(m, t, year, series, romeDate(d.date));
  const invoice = await m.Invoice.create(
    {
      orderId: d.order.id,
      documentType: d.documentType,
      dedupKey: d.dedupKey,
      year,
      series,
      sequence,
      number: formatInvoiceNumber(year, series, sequence),
      issueDate,
      relatedInvoiceId: d.related?.id ?? null,
      buyerType: d.order.buyerType,
      partnerId: d.order.partnerId,
      companyId: d.order.companyId,
      buyer: d.buyer,
      lines: d.lines,
      netCents: sum('netCents'),
      vatCents: sum('vatCents'),
      grossCents: sum('netCents') + sum('vatCents'),
      paymentMethod: d.order.paymentMethod,
      paidAt: d.order.paidAt ?? d.date,
      orderNumber: d.order.number,
      state: problems.length ? 'awaiting_data' : 'ready',
      problems: problems.length ? problems : null,
      xml: null,
      fileName: null,
      progressivoInvio: null,
      transmissionId: null,
      sdiIdentifier: null,
      sentAt: null,
      deliveredAt: null,
      rejectedAt: null,
    },
    { transaction: t },
  );
  await recordAudit(m, t, actor, {
    action: d.documentType === 'TD01' ? 'invoice.issued' : 'credit_note.issued',
    entityType: 'invoice',
    entityId: invoice.id,
    after: { number: invoice.number, orderId: d.order.id, grossCents: invoice.grossCents, state: invoice.state },
  });
  if (invoice.state === 'ready') await enqueueJob(m, t, SEND_INVOICE_JOB, { invoiceId: invoice.id });
  // A partner's invoice waiting for its billing data: the partner is asked for them on Telegram (the
  // notice's button opens the bot's form), never left to guess why no invoice arrives. Once while any
  // wait: a statement paying 200 of their orders asks once, not 200 times.
  else if (invoice.buyerType === 'partner' && d.documentType === 'TD01') {
    const waiting = await m.Invoice.count({ where: { partnerId: invoice.partnerId, state: 'awaiting_data', id: { [Op.ne]: invoice.id } }, transaction: t });
    if (!waiting) await queueNotification(m, t, invoice.partnerId, 'invoice_awaiting_data', { invoiceId: invoice.id, invoiceNumber: invoice.number, orderNumber: d.order.number ?? String(d.order.id) });
  }
  return invoice;
}

/** The TD01 of a paid order (the caller's copy, read with its lines; nothing for a zero total); idempotent per order. */
export async function issueInvoiceInTx(ctx: Ctx, t: Transaction, order: Order, actor: Actor): Promise<Invoice | null> {
  const m = ctx.db.models;
  if (order.grossCents <= 0) return null;
  if (!order.lines) throw new Error('issueInvoiceInTx needs the order read with its lines');
  const dedupKey = `order-${order.id}-TD01`;
  const existing = await m.Invoice.findOne({ where: { dedupKey }, transaction: t });
  if (existing) return existing;
  const lines = [...(order.lines ?? [])].sort((a, b) => a.id - b.id).map(lineOf);
  return createDocument(ctx, t, { order, documentType: 'TD01', dedupKey, lines, date: order.paidAt ?? ctx.clock.now(), related: null, buyer: await buyerOf(ctx, t, order) }, actor);
}

/**
 * Credit notes up to `refundedCents` refunded in all on the order: what earlier credit notes did not
 * cover yet gets one more (the whole invoice's lines for a full refund, one line for a partial one).
 * The same total twice (a staff refund, then Stripe's event) issues nothing the second time.
 */
export async function creditRefundInTx(ctx: Ctx, t: Transaction, orderId: number, refundedCents: number, actor: Actor): Promise<Invoice | null> {
  const m = ctx.db.models;
  const invoice = await m.Invoice.findOne({ where: { orderId, documentType: 'TD01' }, transaction: t });
  if (!invoice) return null;
  const credited = (await m.Invoice.findAll({ where: { orderId, documentType: 'TD04' }, transaction: t })).reduce((s, c) => s + c.grossCents, 0);
  const target = Math.min(refundedCents, invoice.grossCents);
  const delta = target - credited;
  if (delta <= 0) return null;
  const order = (await m.Order.findByPk(orderId, { transaction: t }))!;
  let lines: InvoiceLine[];
  if (credited === 0 && delta === invoice.grossCents) {
    lines = invoice.lines;
  } else {
    // A partial refund: one line at the invoice's main rate, net and VAT split from the gross refunded.
    const rateBp = invoice.lines[0]?.vatRateBp ?? 2200;
    const net = Math.round((delta * 10_000) / (10_000 + rateBp));
    lines = [{ description: `Rimborso parziale dell'ordine ${order.number ?? order.id} (fattura ${invoice.number})`, quantity: 1, unitNetCents: net, netCents: net, vatRateBp: rateBp, vatCents: delta - net }];
  }
  return createDocument(
    ctx,
    t,
    { order, documentType: 'TD04', dedupKey: `order-${orderId}-TD04-upto-${target}`, lines, date: ctx.clock.now(), related: invoice, buyer: invoice.buyer },
    actor,
  );
}
