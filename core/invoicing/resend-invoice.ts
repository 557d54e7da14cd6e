/**
 * Staff send an invoice again after fixing what stopped it: a rejection by SdI (NotificaScarto: the
 * same number and date, within the five days SdI allows, with a new ProgressivoInvio), a failed
 * check, or billing data now completed. The buyer is read again from the partner or company, so a
 * correction made there is what goes out.
 */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { enqueueJob } from '../outbox/enqueue-job.js';
import { addDays } from '../shared/clock.js';
import { companyBuyer, partnerBuyer, buyerProblems } from './buyer.js';
import { SEND_INVOICE_JOB } from './issue-invoice.js';
import type { Invoice } from '../db/invoice-models.js';
import type { Transaction } from 'sequelize';

/** SdI takes a rejected invoice again with its number and date for five days after the NotificaScarto. */
export const RESEND_DAYS = 5;

export async function requeueInTx(ctx: Ctx, t: Transaction, inv: Invoice, actor: Actor): Promise<boolean> {
  const m = ctx.db.models;
  let buyer = inv.buyer;
  if (inv.buyerType === 'partner') buyer = partnerBuyer((await m.Partner.findByPk(inv.partnerId, { transaction: t }))!);
  else {
    const order = (await m.Order.findByPk(inv.orderId, { transaction: t }))!;
    const company = order.companyId ? await m.Company.findByPk(order.companyId, { transaction: t }) : null;
    buyer = company ? companyBuyer(company) : order.companyData ? companyBuyer(order.companyData as any) : inv.buyer;
  }
  const problems = buyerProblems(buyer);
  const state = problems.length ? 'awaiting_data' : 'ready';
  const before = inv.state;
  await m.Invoice.update(
    { buyer, state, problems: problems.length ? problems : null, xml: null, fileName: null, progressivoInvio: null, transmissionId: null },
    { where: { id: inv.id, state: before }, transaction: t },
  );
  await recordAudit(m, t, actor, { action: 'invoice.resend', entityType: 'invoice', entityId: inv.id, before: { state: before }, after: { state, number: inv.number } });
  if (state === 'ready') await enqueueJob(m, t, SEND_INVOICE_JOB, { invoiceId: inv.id });
  return state === 'ready';
}

export function resendInvoice(ctx: Ctx) {
  const m = ctx.db.models;
  return async (invoiceId: number, actor: Actor) =>
    ctx.db.tx(async (t) => {
      const inv = await m.Invoice.findByPk(invoiceId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!inv) throw new DomainError('not_found', 'Fattura non trovata');
      if (!['rejected', 'invalid', 'awaiting_data'].includes(inv.state)) {
        throw new DomainError('illegal_transition', 'Si reinviano solo le fatture scartate, non valide o in attesa di dati', { state: inv.state });
      }
      if (inv.state === 'rejected' && inv.rejectedAt && ctx.clock.now() > addDays(inv.rejectedAt, RESEND_DAYS)) {
        throw new DomainError('expired', `Sono passati più di ${RESEND_DAYS} giorni dallo scarto: lo SdI non accetta più questo numero e data; emettere una nuova fattura`);
      }
      const queued = await requeueInTx(ctx, t, inv, actor);
      return { queued };
    });
}
