/**
 * Bytes of a text statement (CSV, CBI) → text. Read: UTF-8 with or without BOM, UTF-16 LE/BE with its
 * BOM (some banks' "Unicode" export), and Windows-1252/Latin-1 when the bytes are not valid UTF-8 (what
 * Italian home banking often exports). UTF-16 without a BOM is recognised by its zero bytes and read too;
 * any other zero byte means the file is not text: refused, rather than read as garbage.
 */
import { parseError } from './statement.js';

export function decodeText(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return utf8(buf.subarray(3)) ?? buf.subarray(3).toString('latin1');
  if (buf[0] === 0xff && buf[1] === 0xfe) return utf16(buf.subarray(2), 'le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return utf16(buf.subarray(2), 'be');
  const head = buf.subarray(0, 4096);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < head.length; i++) if (head[i] === 0) i % 2 ? oddZeros++ : evenZeros++;
  if (evenZeros + oddZeros) {
    // ASCII text in UTF-16: every other byte is zero, the high byte first (BE) or second (LE).
    const half = head.length / 2;
    if (oddZeros > half * 0.8 && evenZeros === 0) return utf16(buf, 'le');
    if (evenZeros > half * 0.8 && oddZeros === 0) return utf16(buf, 'be');
    throw parseError(1, 'il file contiene caratteri binari: non è un estratto conto in formato testo (salvarlo come CSV UTF-8)');
  }
  return utf8(buf) ?? buf.toString('latin1');
}

function utf8(buf: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return null;
  }
}

function utf16(buf: Buffer, order: 'le' | 'be'): string {
  if (buf.length % 2) throw parseError(1, 'file UTF-16 con un numero dispari di byte: troncato o danneggiato');
  const bytes = order === 'le' ? buf : Buffer.from(buf).swap16();
  return bytes.toString('utf16le');
}
