/**
 * A receipt from SdI drives its invoice's state: RC delivered, MC available in the buyer's cassetto
 * fiscale, NS rejected (with SdI's error codes, for staff to fix and resend), AT/DT/NE recorded.
 * Idempotent: the same message (type + MessageId) twice is recorded once and changes nothing the
 * second time, concurrently too (a unique key). A receipt about a file Sportello never sent is refused.
 */
import { UniqueConstraintError, Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { parseReceipt, type ParsedReceipt } from './parse-receipt.js';
import { queueEmail } from '../outbox/queue-email.js';
import { invoiceLink } from './links.js';
import type { InvoiceState } from './invoice.types.js';

export interface ReceiptOutcome {
  duplicate: boolean;
  invoiceId: number;
  type: ParsedReceipt['type'];
  state: InvoiceState;
}

const SENT: InvoiceState[] = ['ready', 'sent', 'delivered', 'not_delivered', 'rejected'];

export function applyReceipt(ctx: Ctx) {
  const m = ctx.db.models;
  return async (xml: string, actor: Actor): Promise<ReceiptOutcome> => {
    const r = parseReceipt(xml);
    try {
      return await ctx.db.tx(async (t) => {
        const seen = await m.InvoiceReceipt.findOne({ where: { type: r.type, messageId: r.messageId }, transaction: t });
        if (seen?.invoiceId) {
          const known = (await m.Invoice.findByPk(seen.invoiceId, { transaction: t }))!;
          return { duplicate: true, invoiceId: known.id, type: r.type, state: known.state };
        }
        // 'ready' with a file name: handed over, and the receipt overtook our own record of the sending.
        const invoice = await m.Invoice.findOne({ where: { fileName: r.fileName, state: { [Op.in]: SENT } }, transaction: t, lock: t.LOCK.UPDATE });
        if (!invoice) throw new DomainError('not_found', `Ricevuta ${r.type} per il file ${r.fileName.slice(0, 50)}, che Sportello non ha inviato`);
        await m.InvoiceReceipt.create(
          { invoiceId: invoice.id, type: r.type, messageId: r.messageId, fileName: r.fileName, sdiIdentifier: r.sdiIdentifier, outcome: r.description, errors: r.errors.length ? r.errors : null, body: xml },
          { transaction: t },
        );
        const now = ctx.clock.now();
        const before = invoice.state;
        let state: InvoiceState = before;
        const changes: Record<string, unknown> = { sdiIdentifier: r.sdiIdentifier };
        if (r.type === 'RC' && (before === 'ready' || before === 'sent' || before === 'not_delivered')) {
          state = 'delivered';
          changes.deliveredAt = now;
        } else if (r.type === 'MC' && (before === 'ready' || before === 'sent')) {
          state = 'not_delivered';
        } else if (r.type === 'NS' && (before === 'ready' || before === 'sent')) {
          state = 'rejected';
          changes.rejectedAt = now;
          changes.problems = r.errors.map((e) => ({ code: e.code, it: `SdI ${e.code}: ${e.description}` }));
        }
        await m.Invoice.update({ ...changes, state }, { where: { id: invoice.id }, transaction: t });
        if (state === 'not_delivered' && before !== state && invoice.buyer.email) {
          // The buyer is told where the original is, with the courtesy copy's link.
          const order = await m.Order.findByPk(invoice.orderId, { transaction: t });
          const b = invoice.buyer;
          await queueEmail(m, t, {
            template: 'invoice_in_tax_drawer',
            language: order?.language ?? 'it',
            to: b.email!,
            data: { recipientName: b.firstName && b.lastName ? `${b.firstName} ${b.lastName}` : b.legalName, invoiceNumber: invoice.number, issueDate: invoice.issueDate, grossCents: invoice.grossCents, invoiceLink: invoiceLink(ctx.config, invoice.id) },
            entity: { type: 'invoice', id: invoice.id },
          });
        }
        await recordAudit(m, t, actor, {
          action: `invoice.receipt_${r.type.toLowerCase()}`,
          entityType: 'invoice',
          entityId: invoice.id,
          before: { state: before },
          after: { state, messageId: r.messageId, sdiIdentifier: r.sdiIdentifier, errors: r.errors.slice(0, 20) },
        });
        return { duplicate: false, invoiceId: invoice.id, type: r.type, state };
      });
    } catch (e) {
      // The same receipt delivered twice at once: the other delivery recorded it.
      if (e instanceof UniqueConstraintError) {
        const inv = await m.Invoice.findOne({ where: { fileName: r.fileName } });
        return { duplicate: true, invoiceId: inv!.id, type: r.type, state: inv!.state };
      }
      throw e;
    }
  };
}
