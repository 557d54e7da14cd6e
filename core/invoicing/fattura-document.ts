/** The FatturaPA document of a stored invoice: its snapshot, the seller from configuration, the file's identity. */
import type { AppConfig } from '../config.js';
import type { Invoice } from '../db/invoice-models.js';
import type { FatturaDocument } from './fattura-xml.js';
import { sellerFromConfig } from './seller.js';
import { romeDate, italianDate } from './rome-date.js';

export function fatturaDocument(config: AppConfig, inv: Invoice, progressivoInvio: string, related: Invoice | null): FatturaDocument {
  const seller = sellerFromConfig(config);
  const paidDate = romeDate(inv.paidAt);
  const order = inv.orderNumber ?? String(inv.orderId);
  const causale =
    inv.documentType === 'TD01'
      ? `Ordine ${order} - pagato il ${italianDate(paidDate)}`
      : `Nota di credito per rimborso dell'ordine ${order}, fattura ${related?.number ?? ''} del ${related ? italianDate(related.issueDate) : ''}`;
  return {
    seller,
    // The seller transmits its own invoices: its tax identity names the file (IT<IdCodice>_<progressivo>.xml).
    transmitter: { idCodice: seller.vatNumber, progressivoInvio },
    buyer: inv.buyer,
    documentType: inv.documentType,
    number: inv.number,
    issueDate: inv.issueDate,
    lines: inv.lines,
    netCents: inv.netCents,
    vatCents: inv.vatCents,
    grossCents: inv.grossCents,
    payment: { method: inv.paymentMethod === 'bank_transfer' ? 'bank_transfer' : 'card', paidDate },
    causale,
    related: related ? { number: related.number, issueDate: related.issueDate } : undefined,
  };
}
