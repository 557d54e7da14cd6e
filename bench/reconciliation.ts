/**
 * Reconciliation at scale.
 * 1. Parse + match (the core, in memory): a camt.053 with N credit lines paying N open orders, timed from
 *    the XML text to the decisions (building the file is not timed). Mix per line: 85 % exact causale
 *    written in assorted ways, 5 % with a typo (swap or wrong character), 3 % paying half, 7 % without
 *    causale (payer name only). Best of three runs per size, after a small warm-up.
 * 2. The real import, end to end (see _reconciliation-statement.ts): the account's statement of 100k and 200k
 *    lines imported by the worker on a database, beside the parse + match of the same file.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance } from 'node:perf_hooks';
import { formatPaymentReference, generatePaymentReference } from '../core/orders/payment-reference.js';
import { type CamtEntry, buildCamt053 } from '../test/bank-statement-files.js';
import { type OpenOrder, matchLines } from '../core/reconciliation/match-lines.js';
import { parseCamt053 } from '../core/reconciliation/parse-camt053.js';
import { report } from './report.js';
import { runImports } from './_reconciliation-statement.js';
import { NAMES, PRICES, SURNAMES, payerFirstScores, rng } from '../test/payer-suggestions.js';

function scenario(n: number): { xml: string; orders: OpenOrder[] } {
  const rand = rng(n);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const refs = new Set<string>();
  while (refs.size < n) refs.add(generatePaymentReference()); // the DB's unique index, in miniature
  const base = Date.UTC(2025, 2, 1);
  const orders: OpenOrder[] = [...refs].map((reference, i) => ({
    id: i + 1,
    reference,
    grossCents: pick(PRICES),
    paidCents: 0,
    buyerName: `${pick(SURNAMES)} ${pick(NAMES)}${rand() < 0.3 ? ' S.R.L.' : ''} ${i}`,
    createdAt: new Date(base + Math.floor(rand() * 30) * 86_400_000),
  }));
  const entries: CamtEntry[] = orders.map((o) => {
    const r = rand();
    const shown = formatPaymentReference(o.reference);
    let remittance: string;
    let amountCents = o.grossCents;
    if (r < 0.85) remittance = pick([`Bonifico ordine ${shown}`, `CAUSALE:${o.reference} fatt 12`, `sp ${shown.slice(3).toLowerCase()} grazie`, `RIF ${shown} ORD ${o.id}`]);
    else if (r < 0.9) {
      const b = o.reference.slice(2);
      const typo = rand() < 0.5 ? b[1] + b[0] + b.slice(2) : b.slice(0, 5) + (b[5] === 'Z' ? 'Y' : 'Z') + b.slice(6);
      remittance = `pagamento SP-${typo}`;
    } else if (r < 0.93) {
      remittance = `acconto ${shown}`;
      amountCents = Math.floor(o.grossCents / 2);
    } else remittance = 'saldo fattura coupon';
    const bookingDate = new Date(o.createdAt.getTime() + Math.floor(rand() * 3) * 86_400_000).toISOString().slice(0, 10);
    return { amountCents, credit: true, bookingDate, counterparty: o.buyerName.toUpperCase(), remittance };
  });
  entries.sort((a, b) => a.bookingDate.localeCompare(b.bookingDate));
  return { xml: buildCamt053({ version: '08', iban: 'IT60X0542811101000000123456', entries }), orders };
}

// Collect the generator's garbage before timing, so it is not charged to parse + match.
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Wall and CPU seconds of parse + match. */
function timeOnce(xml: string, orders: OpenOrder[]): { wall: number; cpu: number } {
  gc();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const parsed = parseCamt053(xml);
  const decisions = matchLines(parsed.lines, orders);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  if (decisions.length !== orders.length) throw new Error('every line must get a decision');
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

/** Best of three: the machine is shared, and the best run is the one least disturbed. */
function measure(n: number): { wall: number; cpu: number } {
  const { xml, orders } = scenario(n);
  const runs = [0, 1, 2].map(() => timeOnce(xml, orders));
  return { wall: Math.min(...runs.map((r) => r.wall)), cpu: Math.min(...runs.map((r) => r.cpu)) };
}

export async function run(): Promise<void> {
  await runImports();
  measure(10_000); // warm-up: JIT, not reported
  const s100 = measure(100_000);
  report('reconciliation.100k_s', s100.wall, 's');
  const s200 = measure(200_000);
  report('reconciliation.200k_s', s200.wall, 's');
  report('reconciliation.scaling_200k_vs_100k', s200.wall / s100.wall, 'x');
  // Process CPU time (GC threads included): steadier than wall time when others load the machine.
  report('reconciliation.100k_cpu_s', s100.cpu, 's');
  report('reconciliation.200k_cpu_s', s200.cpu, 's');
  // Transfers without a causale: how often the payer's own order is the first suggestion, per format.
  for (const x of payerFirstScores()) report(`reconciliation.payer_first_${x.format}`, x.first, `of ${x.of}`);
}
