/** The invoicing use cases as the composition root exposes them, and the `send_invoice` job handler. */
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { JobHandler } from '../worker/worker.js';
import type { InvoiceTransmitter } from './transmitter.js';
import { fileDropTransmitter } from './transmitters/file-drop.js';
import { httpIntermediaryTransmitter } from './transmitters/http-intermediary.js';
import { sendInvoice } from './send-invoice.js';
import { applyReceipt } from './apply-receipt.js';
import { resendInvoice } from './resend-invoice.js';
import { updatePartnerBilling } from './update-partner-billing.js';
import { exportYear } from './export-year.js';
import { courtesyCopy, courtesyPdf } from './courtesy-copy.js';
import { SEND_INVOICE_JOB } from './issue-invoice.js';
import { POLL_RECEIPTS_JOB, pollReceipts } from './poll-receipts.js';
import { invoiceIdFromToken } from './links.js';
import { buyerProblems, partnerBuyer } from './buyer.js';

/** The configured transmitter: the file drop under DATA_DIR/invoices unless an intermediary is set. */
export function configuredTransmitter(ctx: Ctx): InvoiceTransmitter {
  const c = ctx.config;
  if (c.INVOICE_TRANSMITTER === 'http' && c.SDI_INTERMEDIARY_URL) return httpIntermediaryTransmitter(c.SDI_INTERMEDIARY_URL, c.SDI_INTERMEDIARY_API_KEY ?? '');
  return fileDropTransmitter(`${c.DATA_DIR.replace(/\/$/, '')}/invoices`);
}

export function invoicingUseCases(ctx: Ctx) {
  const m = ctx.db.models;
  return {
    applyInvoiceReceipt: applyReceipt(ctx),
    resendInvoice: resendInvoice(ctx),
    updatePartnerBilling: updatePartnerBilling(ctx),
    exportInvoices: exportYear(ctx),
    courtesyCopy: courtesyCopy(ctx),
    courtesyPdf: courtesyPdf(ctx),
    /** A partner's invoices and credit notes of a year, newest first. */
    async listPartnerInvoices(partnerId: number, year: number) {
      return m.Invoice.findAll({ where: { partnerId, buyerType: 'partner', year }, order: [['sequence', 'DESC']] });
    },
    async invoicesOfOrder(orderId: number) {
      return m.Invoice.findAll({ where: { orderId }, order: [['sequence', 'ASC']] });
    },
    async invoiceByToken(token: unknown) {
      const id = invoiceIdFromToken(ctx.config, token);
      return id ? m.Invoice.findByPk(id) : null;
    },
    async getInvoice(id: number) {
      return m.Invoice.findByPk(id);
    },
    /** The partner's billing data as registered, for the forms that complete them. */
    async partnerBillingData(partnerId: number) {
      const p = await m.Partner.findByPk(partnerId);
      if (!p) return null;
      return { address: p.address, cap: p.billingCap, city: p.billingCity, province: p.billingProvince, sdiCode: p.sdiCode, pec: p.pec, taxCode: p.taxCode, firstName: p.billingFirstName, lastName: p.billingLastName };
    },
    /** What the partner's invoices still need from it (empty when complete). */
    async partnerBillingProblems(partnerId: number) {
      const p = await m.Partner.findByPk(partnerId);
      return p ? buyerProblems(partnerBuyer(p)) : [];
    },
    /**
     * What needs a person on the invoicing side, for the dashboard: invoices waiting for the buyer's
     * billing data, refused by our own checks, rejected by SdI, and sent without any outcome for longer
     * than SdI takes to deliver or reject (5 days): their receipts were lost, or the intermediary is.
     */
    async invoiceDashboardFigures() {
      const noOutcomeBefore = new Date(ctx.clock.now().getTime() - 5 * 86_400_000);
      const [awaitingData, invalid, rejected, noOutcome] = await Promise.all([
        m.Invoice.count({ where: { state: 'awaiting_data' } }),
        m.Invoice.count({ where: { state: 'invalid' } }),
        m.Invoice.count({ where: { state: 'rejected' } }),
        m.Invoice.count({ where: { state: 'sent', sentAt: { [Op.lte]: noOutcomeBefore } } }),
      ]);
      return { awaitingData, invalid, rejected, noOutcome, noOutcomeBefore };
    },
  };
}

/** The jobs that run on the invoice lane of a worker role (core/app.ts createWorkerLanes). */
export const INVOICE_LANE_JOBS = [SEND_INVOICE_JOB, POLL_RECEIPTS_JOB];

export function invoicingJobHandlers(ctx: Ctx, transmitter: InvoiceTransmitter): Record<string, JobHandler> {
  const send = sendInvoice(ctx, transmitter);
  const poll = pollReceipts(ctx, transmitter);
  return {
    [SEND_INVOICE_JOB]: { run: (p) => send.run(p.invoiceId), onGiveUp: (p, err) => send.giveUp(p.invoiceId, err) },
    // Only where receipts can be read (the HTTP intermediary); the file drop has none.
    ...(transmitter.receipts ? { [POLL_RECEIPTS_JOB]: { run: async () => void (await poll()) } } : {}),
  };
}
