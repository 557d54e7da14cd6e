/**
 * Secrets handed to people (link codes, invitation links, pay links). Random ones are stored only
 * as SHA-256 hashes: they carry ≥ 128 bits, so a plain hash is enough and lookups stay indexable.
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Crockford base32: no I, L, O, U, so codes read aloud or typed from paper survive. */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function randomCode(length: number, alphabet = CROCKFORD): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/**
 * Stable links derived from a record id (pay links, order status pages): unguessable without the
 * app secret, nothing to store, and the same link can be shown again in the bot or an email.
 */
export function signedToken(secret: string, purpose: string, id: number): string {
  const mac = createHmac('sha256', secret).update(`${purpose}:${id}`).digest('base64url').slice(0, 32);
  return `${id.toString(36)}.${mac}`;
}

export function verifySignedToken(secret: string, purpose: string, token: unknown): number | null {
  if (typeof token !== 'string' || token.length > 64) return null;
  const [idPart, mac] = token.split('.');
  if (!idPart || !mac || !/^[0-9a-z]{1,12}$/.test(idPart)) return null;
  const id = parseInt(idPart, 36);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const expected = signedToken(secret, purpose, id).split('.')[1]!;
  const a = Buffer.from(mac);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b) ? id : null;
}
