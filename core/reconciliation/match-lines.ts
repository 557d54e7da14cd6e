/**
 * Decides, for each statement line, what it pays. Pure: the caller loads open orders and applies
 * the decisions (mark paid and fulfil, record partial payments, queue the rest for a person).
 *
 * Rules, in order:
 * - reversals, debits and non-EUR lines are ignored (orders are in euro cents);
 * - references in the remittance: exact ones, then "correctable" ones that fix to exactly one open
 *   order (a typo fixing to several open orders is left for a person, those orders suggested);
 * - one order: amount = remaining → paid; less → partial; more → paid with surplus (flag it);
 * - several orders: amount ≥ their remaining total → paid, one allocation each in the order written,
 *   any excess as surplus. Less than the total → nothing is allocated: which of the orders the payer
 *   meant to settle is a guess, so a person decides (the orders are the top suggestions);
 * - an order already settled (by an earlier line of the same run) gets an allocation of 0 and the
 *   whole amount is surplus: a duplicate payment, to refund or reassign;
 * - no usable reference → unmatched, with suggestions scored on amount, payer name and date.
 * Lines are applied in order, so two halves of one order give partial, then paid.
 *
 * Suggestions stay O(1) per line: orders are indexed by remaining amount then creation day, so a
 * crowded price is searched outward from the payment date, and by the rarest word of the buyer's name
 * (one entry per order, built on the first line that needs it; a word shared by very many orders says
 * little and is left out); each source contributes a bounded number of candidates. Entries of orders
 * paid since go stale in place and are skipped on read (cheaper than removing them).
 */
import { findPaymentReferences } from '../orders/payment-reference.js';
import { nameSimilarity, nameTokens } from './payer-name.js';
import type { StatementLine } from './statement.js';

export interface OpenOrder {
  id: number;
  reference: string; // canonical
  grossCents: number;
  paidCents: number; // already received
  buyerName: string;
  createdAt: Date;
}

export type LineDecision =
  | { kind: 'paid'; allocations: { orderId: number; amountCents: number }[]; surplusCents: number }
  | { kind: 'partial'; orderId: number; amountCents: number; remainingCents: number }
  | { kind: 'unmatched'; suggestions: { orderId: number; score: number; reasons: string[] }[] }
  | { kind: 'ignored'; reason: 'debit' | 'reversal' | 'other_currency' };

/** Reason codes of suggestions (each face words them). */
export type SuggestionReason = 'reference' | 'similar_reference' | 'same_amount' | 'payer_name' | 'close_date';

interface State {
  order: OpenOrder;
  remaining: number;
  created: number;
  tokens: string[] | null; // words of the buyer's name, when first needed
}

const DAY = 86_400_000;
const CROWD = 50; // same-amount candidates taken, nearest days first
const LOOKBACK_DAYS = 90;
const COMMON_WORD = 300; // a payer-name word shared by more orders than this says little

export function matchLines(lines: StatementLine[], orders: OpenOrder[], opts: { maxSuggestions?: number } = {}): LineDecision[] {
  const max = opts.maxSuggestions ?? 5;
  const byRef = new Map<string, State>();
  const byAmount = new Map<number, Map<number, State[]>>(); // remaining → creation day → orders
  let byWord: Map<string, State[]> | null = null;
  const states: State[] = [];
  for (const order of orders) {
    const s: State = { order, remaining: Math.max(0, order.grossCents - order.paidCents), created: order.createdAt.getTime(), tokens: null };
    states.push(s);
    byRef.set(order.reference, s);
    if (s.remaining > 0) file(byAmount, s);
  }
  const settle = (s: State, cents: number) => {
    s.remaining -= cents;
    if (cents > 0 && s.remaining > 0) file(byAmount, s); // the old entry goes stale
  };

  const suggest = (line: StatementLine, hints: State[], hintReason: SuggestionReason): LineDecision => {
    const when = Date.parse(line.bookingDate);
    const payer = nameTokens(line.counterparty);
    const pool = new Set<State>(hints);
    for (const s of sameAmountNear(byAmount.get(line.amountCents), line.amountCents, when)) pool.add(s);
    for (const t of payer) {
      const holders = (byWord ??= wordIndex(states)).get(t);
      if (holders) for (const s of holders) pool.add(s);
    }
    const scored: { orderId: number; score: number; reasons: string[]; created: number }[] = [];
    for (const s of pool) {
      const reasons: SuggestionReason[] = [];
      let score = 0;
      const add = (points: number, reason: SuggestionReason) => {
        score += points;
        reasons.push(reason);
      };
      if (hints.includes(s)) add(0.5, hintReason);
      else if (s.remaining <= 0) continue;
      // A shared price is weak evidence (a catalogue has few prices); a matching payer name is stronger.
      if (s.remaining === line.amountCents) add(0.3, 'same_amount');
      const name = nameSimilarity(payer, (s.tokens ??= nameTokens(s.order.buyerName)));
      if (name >= 0.3) add(0.4 * name, 'payer_name');
      if (!reasons.length) continue; // a date alone is no evidence
      const days = (when - s.created) / DAY;
      if (days > -1 && days <= 30) add(0.1 * (1 - Math.max(0, days) / 30), 'close_date');
      scored.push({ orderId: s.order.id, score: Math.round(Math.min(1, score) * 1000) / 1000, reasons, created: s.created });
    }
    scored.sort((a, b) => b.score - a.score || Math.abs(when - a.created) - Math.abs(when - b.created));
    return { kind: 'unmatched', suggestions: scored.slice(0, max).map(({ created: _, ...rest }) => rest) };
  };

  return lines.map((line): LineDecision => {
    if (line.reversal) return { kind: 'ignored', reason: 'reversal' };
    if (line.amountCents < 0) return { kind: 'ignored', reason: 'debit' };
    if (line.currency !== 'EUR') return { kind: 'ignored', reason: 'other_currency' };
    const amount = line.amountCents;

    const found = findPaymentReferences(line.remittance);
    const targets: State[] = [];
    const ambiguous: State[] = [];
    for (const ref of found.exact) {
      const s = byRef.get(ref);
      if (s && !targets.includes(s)) targets.push(s);
    }
    for (const candidates of found.correctable) {
      const open: State[] = [];
      for (const c of candidates) {
        const s = byRef.get(c);
        if (s) open.push(s);
      }
      if (open.length === 1 && !targets.includes(open[0])) targets.push(open[0]);
      else if (open.length > 1) ambiguous.push(...open);
    }
    if (!targets.length || amount === 0) return suggest(line, ambiguous, 'similar_reference');

    if (targets.length === 1) {
      const s = targets[0];
      if (amount < s.remaining) {
        settle(s, amount);
        return { kind: 'partial', orderId: s.order.id, amountCents: amount, remainingCents: s.remaining };
      }
      const paid = s.remaining;
      settle(s, paid);
      return { kind: 'paid', allocations: [{ orderId: s.order.id, amountCents: paid }], surplusCents: amount - paid };
    }
    const total = targets.reduce((sum, s) => sum + s.remaining, 0);
    if (amount < total) return suggest(line, targets, 'reference');
    const allocations = targets.map((s) => ({ orderId: s.order.id, amountCents: s.remaining }));
    for (const s of targets) settle(s, s.remaining);
    return { kind: 'paid', allocations, surplusCents: amount - total };
  });
}

function push<K>(map: Map<K, State[]>, key: K, s: State): void {
  const list = map.get(key);
  if (list) list.push(s);
  else map.set(key, [s]);
}

const dayOf = (time: number) => Math.floor(time / DAY);

/** Files an order under its remaining amount and creation day. */
function file(byAmount: Map<number, Map<number, State[]>>, s: State): void {
  let days = byAmount.get(s.remaining);
  if (!days) byAmount.set(s.remaining, (days = new Map()));
  push(days, dayOf(s.created), s);
}

/** Each order under the rarest word of its buyer's name (words held by more than COMMON_WORD orders left out). */
function wordIndex(states: State[]): Map<string, State[]> {
  const count = new Map<string, number>();
  for (const s of states) for (const t of (s.tokens ??= nameTokens(s.order.buyerName))) count.set(t, (count.get(t) ?? 0) + 1);
  const index = new Map<string, State[]>();
  for (const s of states) {
    let best: string | undefined;
    for (const t of s.tokens!) if (best === undefined || count.get(t)! < count.get(best)!) best = t;
    if (best !== undefined && count.get(best)! <= COMMON_WORD) push(index, best, s);
  }
  return index;
}

/** Live orders of one amount, from the payment day backwards (and a day after, for time zones). */
function sameAmountNear(days: Map<number, State[]> | undefined, amount: number, when: number): State[] {
  const out: State[] = [];
  if (!days) return out;
  const today = dayOf(when);
  for (let d = today + 1; d >= today - LOOKBACK_DAYS && out.length < CROWD; d--) {
    const bucket = days.get(d);
    if (!bucket) continue;
    for (let i = 0; i < bucket.length && out.length < CROWD; i++) if (bucket[i].remaining === amount) out.push(bucket[i]);
  }
  return out;
}
