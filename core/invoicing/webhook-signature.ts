/**
 * Receipts pushed by the SdI intermediary are signed: header `X-Sdi-Signature: t=<unix seconds>,v1=<hex>`,
 * v1 = HMAC-SHA256(secret, "<t>.<body>"), over the exact bytes sent; older than 5 minutes is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SDI_SIGNATURE_HEADER = 'x-sdi-signature';
const TOLERANCE_S = 300;

export function signSdiPayload(secret: string, body: Buffer | string, at = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  const mac = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
  return `t=${t},v1=${mac}`;
}

export function verifySdiSignature(secret: string, header: string | undefined, body: Buffer, now = new Date()): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isSafeInteger(t) || !parts.v1 || !/^[0-9a-f]{64}$/.test(parts.v1)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > TOLERANCE_S) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'));
}
