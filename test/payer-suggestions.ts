/**
 * How often name-based suggestions put the right order first, for transfers without a payment reference,
 * in each format: the measure behind extracting the payer from CSV descriptions (core/reconciliation/payer-from-description.ts).
 * A fixed, seeded fixture set: 200 orders with Italian buyer names over 30 days at 8 prices; 16 of them
 * paid by their buyer without a causale. Used by the spec and the benchmark.
 */
import { type CamtEntry, buildCamt053, buildCbi, buildCsv, csvMappingFor } from './bank-statement-files.js';
import { generatePaymentReference } from '../core/orders/payment-reference.js';
import { type OpenOrder, matchLines } from '../core/reconciliation/match-lines.js';
import { parseCamt053 } from '../core/reconciliation/parse-camt053.js';
import { parseCbi } from '../core/reconciliation/parse-cbi.js';
import { parseCsvStatement } from '../core/reconciliation/parse-csv.js';
import type { StatementLine } from '../core/reconciliation/statement.js';

export const PRICES = [12_200, 6_100, 24_400, 36_600, 61_000, 9_760, 18_300, 48_800];
export const SURNAMES = ['Rossi', 'Bianchi', 'Esposito', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano'];
export const NAMES = ['Mario', 'Luca', 'Giulia', 'Anna', 'Marco', 'Sara', 'Paolo', 'Elena', 'Andrea', 'Chiara'];

/** Deterministic PRNG (mulberry32) so runs compare. */
export function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PayerFirstScore {
  format: 'camt053' | 'cbi' | 'csv' | 'csv_without_extraction';
  first: number;
  of: number;
}

export function payerFirstScores(): PayerFirstScore[] {
  const rand = rng(13);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const base = Date.UTC(2026, 2, 1);
  const orders: OpenOrder[] = Array.from({ length: 200 }, (_, i) => ({
    id: i + 1, reference: generatePaymentReference(), grossCents: pick(PRICES), paidCents: 0,
    buyerName: `${pick(SURNAMES)} ${pick(NAMES)}${rand() < 0.3 ? ' S.R.L.' : ''}`, createdAt: new Date(base + Math.floor(rand() * 30) * 86_400_000),
  }));
  const paid = orders.filter((_, i) => i % 12 === 5).slice(0, 16);
  const payments = paid.map((o) => ({
    order: o, amountCents: o.grossCents, bookingDate: new Date(o.createdAt.getTime() + 86_400_000).toISOString().slice(0, 10),
    payer: o.buyerName.toUpperCase().replace(/\./g, ''), remittance: pick(['saldo fattura coupon', 'pagamento licenze', 'acquisto coupon', 'rinnovo']),
  }));
  const camt: CamtEntry[] = payments.map((p) => ({ credit: true, amountCents: p.amountCents, bookingDate: p.bookingDate, counterparty: p.payer, remittance: p.remittance }));
  const score = (format: PayerFirstScore['format'], lines: StatementLine[]): PayerFirstScore => {
    const decisions = matchLines(lines, orders);
    let first = 0;
    decisions.forEach((d, i) => {
      if (d.kind === 'unmatched' && d.suggestions[0]?.orderId === payments[i].order.id) first++;
    });
    return { format, first, of: payments.length };
  };
  const csvLines = parseCsvStatement(buildCsv({ rows: payments.map((p) => ({ amountCents: p.amountCents, bookingDate: p.bookingDate, counterparty: p.payer, remittance: p.remittance })) }), csvMappingFor(false)).lines;
  return [
    score('camt053', parseCamt053(buildCamt053({ version: '08', iban: 'IT60X0542811101000000123456', entries: camt })).lines),
    score('cbi', parseCbi(buildCbi({ iban: 'IT60X0542811101000000123456', movements: payments.map((p) => ({ credit: true, amountCents: p.amountCents, bookingDate: p.bookingDate, counterparty: p.payer, remittance: p.remittance })) })).lines),
    score('csv', csvLines),
    // What the CSV reader did before: the payer left inside "Descrizione".
    score('csv_without_extraction', csvLines.map((l) => ({ ...l, counterparty: null }))),
  ];
}
