/**
 * The `send_invoice` job: build the XML of a ready invoice, check it (SdI's rules, then the official
 * schema), store it, and hand it to the transmitter. A document that fails a check is not sent: it
 * becomes `invalid` with the reasons, for staff. A retry after a failed hand-over sends the same
 * stored file again (same name, same ProgressivoInvio).
 */
import type { Ctx } from '../shared/context.js';
import { systemActor } from '../shared/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { InvoiceTransmitter, OutgoingInvoice } from './transmitter.js';
import type { InvoiceProblem } from './invoice.types.js';
import { buildFatturaXml } from './fattura-xml.js';
import { fatturaDocument } from './fattura-document.js';
import { invoiceFileName, sdiProblems } from './sdi-checks.js';
import { validateAgainstSchema } from './xsd-validator.js';
import { takeProgressivoInvio } from './numbering.js';

const actor = systemActor('Fatturazione elettronica');

export function sendInvoice(ctx: Ctx, transmitter: InvoiceTransmitter) {
  const m = ctx.db.models;

  async function prepare(invoiceId: number): Promise<OutgoingInvoice | null> {
    return ctx.db.tx(async (t) => {
      const inv = await m.Invoice.findByPk(invoiceId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!inv || inv.state !== 'ready') return null;
      if (inv.xml && inv.fileName) return { fileName: inv.fileName, xml: inv.xml, year: inv.year };
      const related = inv.relatedInvoiceId ? await m.Invoice.findByPk(inv.relatedInvoiceId, { transaction: t }) : null;
      const progressivo = await takeProgressivoInvio(m, t);
      const doc = fatturaDocument(ctx.config, inv, progressivo, related);
      const fileName = invoiceFileName(doc.transmitter.idCodice, progressivo);
      const expected = inv.documentType === 'TD01' ? (await m.Order.findByPk(inv.orderId, { transaction: t }))!.grossCents : inv.grossCents;
      const problems: InvoiceProblem[] = sdiProblems(doc, expected, fileName);
      const xml = buildFatturaXml(doc);
      if (!problems.length) {
        for (const e of validateAgainstSchema(xml)) problems.push({ code: 'schema', it: `Schema FatturaPA (riga ${e.line ?? '?'}): ${e.message}` });
      }
      if (problems.length) {
        await m.Invoice.update({ state: 'invalid', problems }, { where: { id: inv.id }, transaction: t });
        await recordAudit(m, t, actor, { action: 'invoice.invalid', entityType: 'invoice', entityId: inv.id, after: { number: inv.number, problems: problems.slice(0, 20) } });
        return null;
      }
      await m.Invoice.update({ xml, fileName, progressivoInvio: progressivo, problems: null }, { where: { id: inv.id }, transaction: t });
      return { fileName, xml, year: inv.year };
    });
  }

  return {
    async run(invoiceId: number) {
      const file = await prepare(invoiceId);
      if (!file) return;
      const { transmissionId } = await transmitter.send(file);
      await ctx.db.tx(async (t) => {
        await m.Invoice.update({ sentAt: ctx.clock.now(), transmissionId }, { where: { id: invoiceId, fileName: file.fileName }, transaction: t });
        // A receipt may have overtaken this record (the intermediary answers fast): its state stands.
        const [won] = await m.Invoice.update({ state: 'sent' }, { where: { id: invoiceId, state: 'ready', fileName: file.fileName }, transaction: t });
        if (won) await recordAudit(m, t, actor, { action: 'invoice.sent', entityType: 'invoice', entityId: invoiceId, after: { fileName: file.fileName, transmissionId, via: transmitter.kind } });
      });
    },
    /** After the last failed hand-over: staff see why and resend. */
    async giveUp(invoiceId: number, error: string) {
      await ctx.db.tx(async (t) => {
        const [won] = await m.Invoice.update(
          { state: 'invalid', problems: [{ code: 'transmission', it: `Invio non riuscito: ${error.slice(0, 300)}` }] },
          { where: { id: invoiceId, state: 'ready' }, transaction: t },
        );
        if (won) await recordAudit(m, t, actor, { action: 'invoice.send_failed', entityType: 'invoice', entityId: invoiceId, after: { error: error.slice(0, 300) } });
      });
    },
  };
}
