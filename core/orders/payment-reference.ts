/**
 * The causale of a bank transfer: "SP" + 7 random Crockford base32 characters + 1 check character,
 * shown as SP-XXXX-XXXX. Stored canonical (no dashes, upper case).
 *
 * Check character: a weighted sum over the field GF(32) (not integer mod 32). With integer mod 32 every
 * weight difference of two odd weights is even, so swapping two characters whose values differ by 16
 * goes unnoticed; ISO 7064 MOD 37-2 needs a 37-symbol alphabet (I, L, O, U, *) that we don't want to
 * print. In GF(32) every non-zero weight is invertible, so with weights w_i = α^(i+1) (all distinct,
 * non-zero) the scheme catches every single substitution (w_i·(a⊕b) ≠ 0), every transposition of any
 * two positions (w_i ⊕ w_j ≠ 0) and every twin error — and a bad check has exactly one single-character
 * fix per position, which findPaymentReferences uses to list corrections cheaply.
 */
import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PREFIX = 'SP';
const BODY_LENGTH = 8; // 7 random + 1 check
const RANDOM_LENGTH = BODY_LENGTH - 1;

/** char code → value 0..31, -1 when not part of the alphabet; accepts lower case and Crockford's confusables. */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  VALUE[ALPHABET.charCodeAt(i)] = i;
  VALUE[ALPHABET.toLowerCase().charCodeAt(i)] = i;
}
for (const [c, v] of [['O', 0], ['o', 0], ['I', 1], ['i', 1], ['L', 1], ['l', 1]] as const) VALUE[c.charCodeAt(0)] = v;

// GF(2^5) with the primitive polynomial x^5 + x^2 + 1: log/antilog tables.
const EXP = new Uint8Array(62);
const LOG = new Uint8Array(32);
for (let i = 0, x = 1; i < 31; i++) {
  EXP[i] = EXP[i + 31] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 32) x ^= 0b100101;
}
const mul = (a: number, b: number): number => (a && b ? EXP[LOG[a] + LOG[b]] : 0);
const div = (a: number, b: number): number => (a ? EXP[LOG[a] + 31 - LOG[b]] : 0);
const WEIGHT = Array.from({ length: BODY_LENGTH }, (_, i) => EXP[i + 1]);

/** Σ w_i·v_i over GF(32); 0 for a valid body (check included). Exported for the spec only. */
export function syndrome(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < BODY_LENGTH; i++) s ^= mul(WEIGHT[i], values[i]);
  return s;
}

/** The check value making the body valid, given the 7 data values. */
export function checkValue(data: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < RANDOM_LENGTH; i++) s ^= mul(WEIGHT[i], data[i]);
  return div(s, WEIGHT[RANDOM_LENGTH]);
}

const CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0));
/** One flat string (not a chain of concatenations: it is hashed as a Map key right after). */
const encode = (v: ArrayLike<number>): string =>
  String.fromCharCode(83, 80, CODES[v[0]], CODES[v[1]], CODES[v[2]], CODES[v[3]], CODES[v[4]], CODES[v[5]], CODES[v[6]], CODES[v[7]]);

/** ~34.9 bits: 35 random bits, redrawn when no digit appears (so a body is never an all-letter word, see scan). */
export function generatePaymentReference(): string {
  const v = new Array<number>(BODY_LENGTH);
  for (;;) {
    let n = randomInt(2 ** 35);
    let digits = 0;
    for (let i = 0; i < RANDOM_LENGTH; i++) {
      v[i] = n % 32;
      n = Math.floor(n / 32);
      if (v[i] < 10) digits++;
    }
    if (digits) break;
  }
  v[RANDOM_LENGTH] = checkValue(v);
  return encode(v);
}

/** Body values of `body` (exactly 8 chars, confusables mapped), or null when a char is outside the alphabet. */
function values(body: string): number[] | null {
  if (body.length !== BODY_LENGTH) return null;
  const v = new Array<number>(BODY_LENGTH);
  for (let i = 0; i < BODY_LENGTH; i++) {
    const c = body.charCodeAt(i);
    const x = c < 128 ? VALUE[c] : -1;
    if (x < 0) return null;
    v[i] = x;
  }
  return v;
}

/** "SP7K4M2QX9" → canonical when the check character holds; tolerant of case, separators and O/I/L. */
export function parsePaymentReference(input: string): string | null {
  const s = input.replace(/[\s\-–—._/]+/g, '').toUpperCase();
  if (!s.startsWith(PREFIX)) return null;
  const v = values(s.slice(PREFIX.length));
  return v && syndrome(v) === 0 ? encode(v) : null;
}

export function formatPaymentReference(canonical: string): string {
  const c = parsePaymentReference(canonical);
  if (!c) throw new TypeError(`not a payment reference: ${JSON.stringify(canonical)}`);
  return `${PREFIX}-${c.slice(2, 6)}-${c.slice(6)}`;
}

/** Every valid body one substitution or one adjacent swap away from `v` (whose syndrome is s ≠ 0). */
function corrections(v: number[], s: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < BODY_LENGTH; i++) {
    // w_i·(v_i ⊕ x) must cancel s: exactly one x per position, never v_i itself.
    const w = v.slice();
    w[i] ^= div(s, WEIGHT[i]);
    out.push(encode(w));
  }
  for (let i = 0; i + 1 < BODY_LENGTH; i++) {
    if (v[i] === v[i + 1]) continue;
    if (mul(WEIGHT[i] ^ WEIGHT[i + 1], v[i] ^ v[i + 1]) !== s) continue;
    const w = v.slice();
    [w[i], w[i + 1]] = [w[i + 1], w[i]];
    out.push(encode(w));
  }
  return out;
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;
/** What may sit between the parts of one reference (at most 3 of them): spaces, dashes, dots, _ and /. */
const isJoiner = (c: number) =>
  c === 32 || c === 45 || c === 46 || c === 9 || c === 10 || c === 13 || c === 95 || c === 47 || c === 0xa0 || c === 0x2013;

/**
 * Scan remittance text for references. A candidate starts at a word beginning with "SP" and takes the
 * following words until the body has exactly 8 characters. To keep unrelated words out:
 *  - the body must contain a digit (generated bodies always do; "SPEDIZIONE" and "SPETTABILE" don't);
 *  - besides the display split 4+4 (and a single word), every glued part must contain a digit, so
 *    "SP GRAZIE 12" is not read as SP-GRAZ-IE12.
 * One letter outside the alphabet (typically U for V) is a correctable candidate too: the check pins
 * that character down. Written as a plain character scan: it runs on every line of a large statement.
 */
export function findPaymentReferences(text: string): { exact: string[]; correctable: string[][] } {
  const exact: string[] = [];
  const correctable: string[][] = [];
  const seen: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isAlnum(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isAlnum(text.charCodeAt(i))) i++;
    if (i - start < 2 || (text.charCodeAt(start) | 32) !== 115 || (text.charCodeAt(start + 1) | 32) !== 112) continue;
    const end = readBody(text, start + 2, i);
    if (end < 0) continue;
    const v = BODY;
    // A body whose only "digits" are letters standing for them (O for 0, I/L for 1) counts only when it
    // checks exactly: "SP" followed by a word is otherwise far more often Italian than a reference.
    if (UNKNOWN.lettersOnly && (UNKNOWN.at >= 0 || syndrome(v) !== 0)) continue;
    i = end; // the words are used up
    let fixes: string[] | null = null;
    if (UNKNOWN.at >= 0) {
      v[UNKNOWN.at] = 0;
      v[UNKNOWN.at] = div(syndrome(v), WEIGHT[UNKNOWN.at]);
      fixes = [encode(v)];
    } else {
      const s = syndrome(v);
      if (s !== 0) fixes = corrections(v.slice(), s);
    }
    const key = encode(v);
    if (seen.includes(key)) continue; // the same reference written twice
    seen.push(key);
    if (fixes) correctable.push(fixes);
    else exact.push(key);
  }
  return { exact, correctable };
}

// Scratch space of readBody (no allocation per candidate).
const BODY = new Array<number>(BODY_LENGTH).fill(0);
const UNKNOWN = { at: -1, lettersOnly: false };

/**
 * Reads the 8 body characters into BODY, from the rest of the "SP" word [from, wordEnd) and the words
 * after it; returns the offset after the body, or -1 when this is not a reference.
 */
function readBody(text: string, from: number, wordEnd: number): number {
  const n = text.length;
  let len = 0;
  let parts = 0;
  let firstLength = 0;
  let partsWithDigit = 0;
  let partsWithConfusable = 0; // parts whose digits are all typed as O, I or L
  UNKNOWN.at = -1;
  UNKNOWN.lettersOnly = false;
  let a = from;
  let b = wordEnd;
  for (;;) {
    if (b > a) {
      if (len + (b - a) > BODY_LENGTH) return -1;
      let partDigit = false;
      let partConfusable = false;
      for (let k = a; k < b; k++) {
        const c = text.charCodeAt(k);
        const x = VALUE[c];
        if (isDigit(c)) partDigit = true;
        else if (x >= 0 && x <= 1) partConfusable = true;
        if (x >= 0) BODY[len] = x;
        else if (UNKNOWN.at < 0) UNKNOWN.at = len;
        else return -1; // two characters outside the alphabet
        len++;
      }
      if (partDigit) partsWithDigit++;
      else if (partConfusable) partsWithConfusable++;
      if (parts++ === 0) firstLength = b - a;
    }
    if (len === BODY_LENGTH) break;
    // The next word, if only joiners (at most 3) separate it.
    let j = b;
    while (j < n && j - b <= 3 && isJoiner(text.charCodeAt(j))) j++;
    if (j === b || j - b > 3 || j >= n || !isAlnum(text.charCodeAt(j))) return -1;
    a = j;
    b = j;
    while (b < n && isAlnum(text.charCodeAt(b))) b++;
  }
  if (!partsWithDigit) {
    if (!partsWithConfusable) return -1;
    UNKNOWN.lettersOnly = true;
  }
  const regular = parts === 1 || (parts === 2 && firstLength === 4);
  if (!regular && (UNKNOWN.lettersOnly || partsWithDigit !== parts)) return -1;
  return b;
}
