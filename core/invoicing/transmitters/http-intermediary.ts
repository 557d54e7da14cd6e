/**
 * An accredited SdI intermediary over HTTP: `POST <base>/invoices` with the XML (the file name as
 * idempotency key, so a retried upload is one transmission), answered `{ id }`. Its receipts come
 * back signed to /webhooks/sdi, or are read with `GET <base>/invoices/<id>/receipts`.
 */
import type { InvoiceTransmitter } from '../transmitter.js';
import { PermanentFailure } from '../../worker/worker.js';

export function httpIntermediaryTransmitter(baseUrl: string, apiKey: string, timeoutMs = 15_000): InvoiceTransmitter & { receipts(transmissionId: string): Promise<string[]> } {
  const base = baseUrl.replace(/\/$/, '');
  const headers = { authorization: `Bearer ${apiKey}` };
  return {
    kind: 'http',
    async send({ fileName, xml }) {
      const res = await fetch(`${base}/invoices`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/xml', 'idempotency-key': fileName, 'x-file-name': fileName },
        body: xml,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        throw new PermanentFailure(`intermediario SdI: ${res.status} ${text.slice(0, 300)}`);
      }
      if (!res.ok) throw new Error(`intermediario SdI: ${res.status} ${text.slice(0, 300)}`);
      const id = (JSON.parse(text) as { id?: unknown }).id;
      if (typeof id !== 'string' || !id) throw new Error('intermediario SdI: risposta senza id');
      return { transmissionId: id };
    },
    async receipts(transmissionId) {
      const res = await fetch(`${base}/invoices/${encodeURIComponent(transmissionId)}/receipts`, { headers, signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`intermediario SdI: ${res.status}`);
      const body = (await res.json()) as { receipts?: { xml: string }[] };
      return (body.receipts ?? []).map((r) => r.xml);
    },
  };
}
