/**
 * The port through which invoices leave for the Sistema di Interscambio. Adapters: a file drop
 * (the default: the vendor uploads the folder through its own channel) and an HTTP intermediary
 * (the common shape of accredited SdI intermediaries: upload the XML, get an id, receipts pushed
 * back to /webhooks/sdi, or read with `receipts`). `send` may be called again for the same file after a failure: an adapter
 * must make that harmless (same path, or the file name as idempotency key).
 */
export interface OutgoingInvoice {
  fileName: string;
  xml: string;
  year: number;
}

export interface InvoiceTransmitter {
  readonly kind: 'file' | 'http';
  send(file: OutgoingInvoice): Promise<{ transmissionId: string }>;
  /** The SdI receipts (MessaggiTypes XML) of a file sent, when the channel can be asked (poll-receipts.ts). */
  receipts?(transmissionId: string): Promise<string[]>;
}
