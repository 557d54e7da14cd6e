/**
 * A local stand-in of an accredited SdI intermediary, speaking the HTTP our adapter speaks:
 * `POST /invoices` (Bearer key, the XML as body, `Idempotency-Key` = file name) → `{ id }`;
 * `GET /invoices/<id>/receipts` → `{ receipts: [{ type, xml }] }`. Like SdI it answers each file with
 * receipts of MessaggiTypes_v1.1 — RC (delivered), MC (no channel: 0000000 without PEC, the buyer's
 * cassetto fiscale), NS (rejected, with ListaErrori: a file name seen before, or what a test asks) —
 * and pushes each, signed, to the webhook. For tests and the demo; never in production.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signSdiPayload, SDI_SIGNATURE_HEADER } from '../core/invoicing/webhook-signature.js';

export type ReceiptKind = 'RC' | 'MC' | 'NS';
export interface Upload {
  id: string;
  fileName: string;
  xml: string;
  sdiIdentifier: string;
  receipts: { type: string; xml: string }[];
}

export interface FakeSdiOptions {
  apiKey: string;
  webhookUrl?: string;
  webhookSecret: string;
}

const ROOTS: Record<string, string> = { RC: 'RicevutaConsegna', MC: 'NotificaMancataConsegna', NS: 'NotificaScarto', DT: 'NotificaDecorrenzaTermini', AT: 'AttestazioneTrasmissioneFattura' };
const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
/** The XML signature SdI puts on every message: structurally complete; its value is not checked by the receiver here (the webhook's HMAC is). */
const SIGNATURE =
  '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>' +
  '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI=""><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>' +
  '<ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>';

let messageSeq = 1000;

export function receiptXml(type: keyof typeof ROOTS, u: { fileName: string; sdiIdentifier: string; codiceDestinatario?: string }, errors: { code: string; description: string }[] = [], messageId = String(++messageSeq)): string {
  const now = new Date().toISOString().replace(/\.\d+Z$/, '+00:00');
  const head = `<IdentificativoSdI>${u.sdiIdentifier}</IdentificativoSdI><NomeFile>${esc(u.fileName)}</NomeFile>`;
  let body: string;
  switch (type) {
    case 'RC':
      body = `${head}<DataOraRicezione>${now}</DataOraRicezione><DataOraConsegna>${now}</DataOraConsegna><Destinatario><Codice>${u.codiceDestinatario ?? '0000000'}</Codice><Descrizione>Destinatario</Descrizione></Destinatario><MessageId>${messageId}</MessageId>`;
      break;
    case 'MC':
      body = `${head}<DataOraRicezione>${now}</DataOraRicezione><Descrizione>Recapito non possibile: fattura a disposizione nell'area riservata del cessionario</Descrizione><MessageId>${messageId}</MessageId>`;
      break;
    case 'NS':
      body = `${head}<DataOraRicezione>${now}</DataOraRicezione><ListaErrori>${errors.map((e) => `<Errore><Codice>${e.code}</Codice><Descrizione>${esc(e.description)}</Descrizione></Errore>`).join('')}</ListaErrori><MessageId>${messageId}</MessageId>`;
      break;
    case 'DT':
      body = `${head}<MessageId>${messageId}</MessageId>`;
      break;
    default:
      body = `${head}<DataOraRicezione>${now}</DataOraRicezione><Destinatario><Codice>0000000</Codice><Descrizione>Destinatario</Descrizione></Destinatario><MessageId>${messageId}</MessageId><HashFileOriginale>00</HashFileOriginale>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<types:${ROOTS[type]} xmlns:types="http://www.fatturapa.gov.it/sdi/messaggi/v1.0" versione="1.0">${body}${SIGNATURE}</types:${ROOTS[type]}>`;
}

export async function startFakeSdiIntermediary(opts: FakeSdiOptions) {
  const uploads = new Map<string, Upload>();
  const byFile = new Map<string, string>();
  /** The next uploads' rejection (a test's wish), consumed one per upload. */
  const rejections: { code: string; description: string }[][] = [];
  const pushes: Promise<unknown>[] = [];
  let sdiSeq = 100_000_000 + Math.floor(Math.random() * 1000) * 1000;
  let webhookUrl = opts.webhookUrl;

  async function push(xml: string) {
    if (!webhookUrl) return;
    const body = Buffer.from(xml, 'utf8');
    const res = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/xml', [SDI_SIGNATURE_HEADER]: signSdiPayload(opts.webhookSecret, body) }, body });
    await res.text();
    return res.status;
  }

  function outcome(u: Upload, duplicateName: boolean): { type: ReceiptKind; errors: { code: string; description: string }[] } {
    if (duplicateName) return { type: 'NS', errors: [{ code: '00002', description: 'Nome file duplicato' }] };
    const wish = rejections.shift();
    if (wish) return { type: 'NS', errors: wish };
    const code = /<CodiceDestinatario>([^<]*)<\/CodiceDestinatario>/.exec(u.xml)?.[1];
    const pec = /<PECDestinatario>/.test(u.xml);
    if (code === '0000000' && !pec) return { type: 'MC', errors: [] };
    return { type: 'RC', errors: [] };
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.headers.authorization !== `Bearer ${opts.apiKey}`) return json(401, { error: 'unauthorized' });
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'POST' && url.pathname === '/invoices') {
        const fileName = String(req.headers['idempotency-key'] ?? req.headers['x-file-name'] ?? '');
        const xml = Buffer.concat(chunks).toString('utf8');
        if (!/^IT[A-Z0-9]{11,16}_[A-Z0-9]{1,5}\.xml$/.test(fileName) || !xml.includes('FatturaElettronica')) return json(400, { error: 'file non valido' });
        const known = byFile.get(fileName);
        if (known && uploads.get(known)!.xml === xml) return json(200, { id: known });
        const u: Upload = { id: `up_${uploads.size + 1}_${Date.now().toString(36)}`, fileName, xml, sdiIdentifier: String(++sdiSeq), receipts: [] };
        uploads.set(u.id, u);
        const { type, errors } = outcome(u, Boolean(known));
        if (!known) byFile.set(fileName, u.id);
        const code = /<CodiceDestinatario>([^<]*)</.exec(xml)?.[1];
        const receipt = receiptXml(type, { fileName, sdiIdentifier: u.sdiIdentifier, codiceDestinatario: code }, errors);
        u.receipts.push({ type, xml: receipt });
        json(201, { id: u.id });
        pushes.push(push(receipt).catch(() => undefined));
        return;
      }
      const m = /^\/invoices\/([^/]+)\/receipts$/.exec(url.pathname);
      if (req.method === 'GET' && m) {
        const u = uploads.get(decodeURIComponent(m[1]!));
        return u ? json(200, { receipts: u.receipts }) : json(404, { error: 'not found' });
      }
      json(404, { error: 'not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    uploads,
    setWebhookUrl(u: string) {
      webhookUrl = u;
    },
    /** The next upload is answered with a NotificaScarto listing these errors. */
    rejectNext(errors: { code: string; description: string }[]) {
      rejections.push(errors);
    },
    /** Every receipt pushed so far has been answered. */
    async settle() {
      await Promise.all(pushes);
    },
    /** Sends a receipt again, or any receipt, signed, to the webhook (duplicates, strangers). */
    push,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
