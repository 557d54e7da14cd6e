/** The vocabulary of invoicing: document types, states, and the snapshots an invoice keeps. */

/** TD01 fattura, TD04 nota di credito: the only two a sale of subscriptions needs. */
export type DocumentType = 'TD01' | 'TD04';

/**
 * `awaiting_data`: numbered, but the buyer's billing data are incomplete (never invented): held until completed.
 * `ready`: waiting for the send job. `invalid`: failed a check, not sent (staff see why).
 * `sent`: handed to the transmitter. `delivered` (RC), `not_delivered` (MC: in the buyer's cassetto fiscale),
 * `rejected` (NS: fix and resend with the same number and date).
 */
export const invoiceStates = ['awaiting_data', 'ready', 'invalid', 'sent', 'delivered', 'not_delivered', 'rejected'] as const;
export type InvoiceState = (typeof invoiceStates)[number];

export const invoiceStateLabels: Record<InvoiceState, { it: string; en: string }> = {
  awaiting_data: { it: 'In attesa dei dati di fatturazione', en: 'Waiting for billing data' },
  ready: { it: 'Da inviare', en: 'To be sent' },
  invalid: { it: 'Non valida (non inviata)', en: 'Invalid (not sent)' },
  sent: { it: 'Inviata allo SdI', en: 'Sent to SdI' },
  delivered: { it: 'Consegnata', en: 'Delivered' },
  not_delivered: { it: 'Nel cassetto fiscale del cliente', en: 'In the buyer’s tax drawer' },
  rejected: { it: 'Scartata dallo SdI', en: 'Rejected by SdI' },
};

/** The buyer as invoiced (CessionarioCommittente), copied at issue so later edits do not rewrite history. */
export interface BuyerSnapshot {
  /** 11 digits, without IT */
  vatNumber: string | null;
  taxCode: string | null;
  /** Denominazione, or Nome + Cognome for a person (sole trader with a personal tax code) */
  legalName: string | null;
  firstName: string | null;
  lastName: string | null;
  street: string;
  cap: string;
  city: string;
  province: string | null;
  /** 7 characters; '0000000' when delivery goes by PEC or to the cassetto fiscale */
  sdiCode: string;
  pec: string | null;
  email: string | null;
}

export interface InvoiceLine {
  description: string;
  quantity: number;
  unitNetCents: number;
  netCents: number;
  vatRateBp: number;
  vatCents: number;
}

export interface InvoiceProblem {
  /** where: a field of the document, 'buyer.vatNumber', or an SdI error code */
  code: string;
  it: string;
  en?: string;
}
