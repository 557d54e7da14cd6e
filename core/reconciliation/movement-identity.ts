/**
 * One movement, one line, whatever the file. The same transfer reaches us as a camt.053 entry, a CBI 62
 * record and a CSV row, each with its own references and wording; a key built from one format's fields
 * (dedupKey) cannot see that they are one movement, and counting it twice pays orders with money received
 * once.
 *
 * A movement is grouped by what every format states the same way: booking date and signed amount (the
 * `movementKey`). Within a group, a new line is the same movement as an already-imported line of another
 * file when nothing contradicts it: same account when both files name one, same value date when both
 * state one, a common payment reference when both carry some, a similar payer name when both carry one.
 * Each stored line stands for one movement only: a file holding three identical €50 transfers of one day
 * beside a file holding two pairs two of them, and the third is not silently dropped nor trusted: it is
 * `held` for a person (same day, amount and payer, nothing telling them apart), and a held line never
 * pays an order by itself.
 */
import { findPaymentReferences } from '../orders/payment-reference.js';
import { nameSimilarity, nameTokens } from './payer-name.js';
import { payerFromDescription } from './payer-from-description.js';

/** The fields identity looks at, for a parsed line or a stored one. */
export interface IdentityFields {
  bookingDate: string;
  valueDate: string | null;
  amountCents: number;
  counterparty: string | null;
  remittance: string;
  account: string | null;
}

export const movementKeyOf = (l: { bookingDate: string; amountCents: number }): string => `${l.bookingDate}|${l.amountCents}`;

interface Features {
  refs: string[];
  payer: string[];
  words: Set<string>;
}

/** Words of bank boilerplate that say nothing about which movement this is. */
const BOILERPLATE = new Set(['bonifico', 'vostro', 'favore', 'ordinante', 'causale', 'sepa', 'sct', 'inst', 'istantaneo', 'accredito', 'notprovided', 'ord', 'ben', 'yy2', 'e2e', 'rif']);

function features(l: Omit<IdentityFields, 'account'>): Features {
  const refs = findPaymentReferences(l.remittance);
  const words = new Set<string>();
  for (const w of l.remittance.toLowerCase().split(/[^a-z0-9]+/)) if (w.length >= 3 && !BOILERPLATE.has(w)) words.add(w);
  return { refs: [...refs.exact, ...refs.correctable.flat()], payer: nameTokens(l.counterparty ?? payerFromDescription(l.remittance)), words };
}

/** null when the two lines cannot be the same movement; else how alike they are (higher is closer). */
function likeness(a: IdentityFields, fa: Features, b: IdentityFields, fb: Features): number | null {
  if (a.account && b.account && a.account !== b.account) return null;
  if (a.valueDate && b.valueDate && a.valueDate !== b.valueDate) return null;
  let score = 0;
  if (fa.refs.length && fb.refs.length) {
    if (!fa.refs.some((r) => fb.refs.includes(r))) return null;
    score += 4;
  }
  if (fa.payer.length && fb.payer.length) {
    const similar = nameSimilarity(fa.payer, fb.payer);
    if (similar < 0.3) return null;
    score += 2 * similar;
  }
  let shared = 0;
  for (const w of fa.words) if (fb.words.has(w)) shared++;
  const fewer = Math.min(fa.words.size, fb.words.size);
  // Formats frame the causale differently ("BONIFICO A VOSTRO FAVORE DA … CAUSALE …") but carry its words:
  // two texts without a word in common are two movements.
  if (fewer && !shared && score < 4) return null;
  return score + (fewer ? shared / fewer : 0);
}

export interface KnownLine extends IdentityFields {
  id: number;
}

export type Verdict = { kind: 'new' } | { kind: 'duplicate'; of: number } | { kind: 'held'; like: number };

/** Pairs of a group above this size are not all compared (a bank's fees: a thousand 1,50 € debits a day). */
const PAIRS_MAX = 20_000;

/**
 * Verdicts for the new lines of a file (already without exact duplicates of their own format) against
 * the lines already stored for the same days. `consumed`: stored lines that an exact duplicate of this
 * file already stands for (they cannot stand for a second movement of the file).
 */
export function judgeMovements(
  fresh: (Omit<IdentityFields, 'account'> & { account?: string | null })[], known: KnownLine[], consumed: Set<number>,
  /** The account of the file the fresh lines come from, for lines that do not name one. */
  account: string | null = null,
): Verdict[] {
  const verdicts: Verdict[] = fresh.map(() => ({ kind: 'new' }));
  if (!known.length) return verdicts;
  const groups = new Map<string, KnownLine[]>();
  for (const k of known) {
    const key = movementKeyOf(k);
    const g = groups.get(key);
    if (g) g.push(k);
    else groups.set(key, [k]);
  }
  const byGroup = new Map<string, number[]>();
  fresh.forEach((l, i) => {
    const key = movementKeyOf(l);
    if (!groups.has(key)) return;
    const g = byGroup.get(key);
    if (g) g.push(i);
    else byGroup.set(key, [i]);
  });
  const cache = new Map<object, Features>();
  const feat = (l: Omit<IdentityFields, 'account'>) => cache.get(l) ?? (cache.set(l, features(l)), cache.get(l)!);

  for (const [key, indexes] of byGroup) {
    const stored = groups.get(key)!;
    const pairs: { i: number; k: KnownLine; score: number }[] = [];
    const compatible = new Map<number, KnownLine>(); // new line → one stored line it could be
    const exhaustive = indexes.length * stored.length <= PAIRS_MAX;
    for (const i of indexes) {
      for (const k of stored) {
        const l = fresh[i];
        const score = likeness(l.account === undefined ? { ...l, account } : (l as IdentityFields), feat(l), k, feat(k));
        if (score === null) continue;
        if (!compatible.has(i)) compatible.set(i, k);
        if (!consumed.has(k.id)) pairs.push({ i, k, score });
        if (!exhaustive && !consumed.has(k.id)) break; // first fit, in file order
      }
    }
    // The closest pairs first: a line with its payment reference takes its twin before a vaguer line can.
    pairs.sort((a, b) => b.score - a.score || a.i - b.i || a.k.id - b.k.id);
    const taken = new Set<number>(consumed);
    const done = new Set<number>();
    for (const p of pairs) {
      if (done.has(p.i) || taken.has(p.k.id)) continue;
      done.add(p.i);
      taken.add(p.k.id);
      verdicts[p.i] = { kind: 'duplicate', of: p.k.id };
    }
    for (const i of indexes) if (!done.has(i) && compatible.has(i)) verdicts[i] = { kind: 'held', like: compatible.get(i)!.id };
  }
  return verdicts;
}
