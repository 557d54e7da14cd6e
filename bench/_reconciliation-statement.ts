/**
 * The real import, end to end, for `npm run bench -- reconciliation`: an account's camt.053.001.08 of
 * 100k (and 200k) lines, of which 1,000 credits pay 1,000 of 10,000 orders waiting; the other lines are
 * the account's life: unrelated credits, supplier debits, fees, a few reversals; opening balance 25 M€.
 * The upload is queued through the use case the back-office calls; the production worker
 * (`node dist/main.js --role worker`, built as `npm start` builds it) imports it, fulfils the paid orders
 * and issues their invoices, as it would in production: the figures are read from the database (polled
 * every 50 ms) and the worker's peak RSS from /proc. Beside it, in the same run, the parse + match of the
 * same file against the same orders: the import's ratio to its own core.
 * On SQLite, and on MariaDB when DATABASE_URL names one (the figures without a prefix are MariaDB's then).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createApp } from '../core/app.js';
import { createLogger } from '../core/logger.js';
import { generatePaymentReference, formatPaymentReference } from '../core/orders/payment-reference.js';
import { loadOpenOrders } from '../core/reconciliation/open-orders.js';
import { parseCamt053 } from '../core/reconciliation/parse-camt053.js';
import { matchLines, type OpenOrder } from '../core/reconciliation/match-lines.js';
import { type CamtEntry, buildCamt053 } from '../test/bank-statement-files.js';
import { freshDatabaseUrl, testConfig, usingMysql } from '../test/test-app.js';
import { createPartnerWithUser, productBySku, staffActor } from '../test/fixtures.js';
import { report } from './report.js';

const ORDERS = 10_000;
const PAYING = 1_000;
const SURNAMES = ['Rossi', 'Bianchi', 'Esposito', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'Mancini', 'Costa', 'Giordano'];
const NAMES = ['Mario', 'Luca', 'Giulia', 'Anna', 'Marco', 'Sara', 'Paolo', 'Elena', 'Andrea', 'Chiara'];

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Outcome {
  importS: number;
  rssMb: number;
  fulfilS: number;
  fulfilled: number;
  notifications: number;
  parseMatchS: number;
  job: Record<string, unknown>;
}

export async function importOnce(lines: number, databaseUrl: string): Promise<Outcome> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sportello-bench-'));
  const app = await createApp(testConfig({ DATA_DIR: dataDir }, databaseUrl), { log: createLogger('silent') });
  try {
    await app.migrate();
    const { demoCatalogue } = await import('../core/catalogue/demo-catalogue.js');
    await app.db.models.Product.bulkCreate(demoCatalogue());
    const { partner, actor } = await createPartnerWithUser(app, 'Studio Bench');
    const product = await productBySku(app, 'coupon-lite-5');
    const template = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: product.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
    const templateLines = await app.db.models.OrderLine.findAll({ where: { orderId: template.id }, raw: true });
    const base = (await app.db.models.Order.findByPk(template.id, { raw: true }))!;
    const refs: string[] = [];
    for (let i = 0; i < ORDERS; i += 1000) {
      const rows = Array.from({ length: 1000 }, (_, k) => {
        const ref = generatePaymentReference();
        refs.push(ref);
        const { id: _id, ...rest } = base;
        return { ...rest, number: `B${String(i + k).padStart(8, '0')}`, paymentReference: ref, buyerName: `${SURNAMES[(i + k) % SURNAMES.length]} ${NAMES[(i + k) % NAMES.length]} ${i + k}` };
      });
      await app.db.models.Order.bulkCreate(rows, { validate: false, hooks: false });
      const ids = await app.db.models.Order.findAll({ where: { paymentReference: rows.map((r) => r.paymentReference) }, attributes: ['id'], raw: true });
      await app.db.models.OrderLine.bulkCreate(ids.flatMap((o) => templateLines.map(({ id: _id, ...l }) => ({ ...l, orderId: o.id }))), { validate: false, hooks: false });
    }

    const rand = rng(lines);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const day = () => new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 300) * 86_400_000).toISOString().slice(0, 10);
    const entries: CamtEntry[] = [];
    for (let i = 0; i < PAYING; i++)
      entries.push({ credit: true, amountCents: base.grossCents, bookingDate: day(), counterparty: `${SURNAMES[i % SURNAMES.length]} ${NAMES[i % NAMES.length]}`, remittance: `Bonifico ordine ${formatPaymentReference(refs[i])}` });
    const unrelated: CamtEntry[] = [];
    while (entries.length < lines - 20) {
      const r = rand();
      if (r < 0.55) {
        const e: CamtEntry = { credit: true, amountCents: 1000 + Math.floor(rand() * 500_000), bookingDate: day(), counterparty: `${pick(SURNAMES)} ${pick(NAMES)} SRL`, remittance: `saldo fattura ${Math.floor(rand() * 9999)}/2026` };
        entries.push(e);
        unrelated.push(e);
      } else if (r < 0.91) entries.push({ credit: false, amountCents: 500 + Math.floor(rand() * 2_000_000), bookingDate: day(), counterparty: `Fornitore ${Math.floor(rand() * 500)} SPA`, remittance: `pagamento fattura fornitore ${Math.floor(rand() * 99999)}` });
      else entries.push({ credit: false, amountCents: pick([150, 200, 350]), bookingDate: day(), remittance: 'commissioni bonifico' });
    }
    for (let i = 0; i < 20; i++) {
      const e = unrelated[i * 7];
      entries.push({ ...e, reversal: true, bookingDate: new Date(Date.parse(e.bookingDate) + 2 * 86_400_000).toISOString().slice(0, 10) });
    }
    entries.sort((a, b) => a.bookingDate.localeCompare(b.bookingDate));
    const xml = buildCamt053({ version: '08', iban: 'IT60X0542811101000000123456', openingBalanceCents: 2_500_000_000_00, entries });
    const path = join(dataDir, 'upload.xml');
    writeFileSync(path, xml);
    const orders = await loadOpenOrders(app.ctx);
    await app.useCases.queueStatementImport({ fileName: `estratto-${lines}.xml`, path }, staffActor);

    // The stored upload (the queue moved it there): the very bytes the worker reads.
    const stored = join(app.config.statementsDir, readdirSync(app.config.statementsDir)[0]!);
    const parseMatchS = bestParseMatch(readFileSync(stored), orders);
    // A staff user already there: the worker's start seeds nothing (no password hashing in its figures).
    await app.useCases.createStaffUser({ email: 'bench@sportello.localhost', name: 'Bench', password: 'bench-password-123', role: 'admin' }, staffActor);
    await app.close();
    return { ...(await runWorker(databaseUrl, dataDir)), parseMatchS };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Starts the production worker, times the import and the fulfilment it leads to, and stops it. */
async function runWorker(databaseUrl: string, dataDir: string): Promise<Omit<Outcome, 'parseMatchS'>> {
  const app = await createApp(testConfig({ DATA_DIR: dataDir }, databaseUrl), { log: createLogger('silent') });
  const m = app.db.models;
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the worker, to see where its time goes.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const worker = spawn(process.execPath, [...profile, fileURLToPath(new URL('../dist/main.js', import.meta.url)), '--role', 'worker'], {
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn', PROVISIONING_DELAY_MS: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  worker.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  try {
    const latest = () => m.BankImport.findOne({ order: [['id', 'DESC']], raw: true });
    let started = 0;
    let job = await latest();
    for (let lastTrace = 0; job?.status !== 'done' && job?.status !== 'failed'; job = await latest()) {
      if (worker.exitCode !== null) throw new Error(`worker stopped: ${stderr}`);
      if (!started && job?.status === 'running') started = performance.now();
      if (process.env.BENCH_TRACE && started && performance.now() - lastTrace > 1000) {
        lastTrace = performance.now();
        process.stderr.write(`${((lastTrace - started) / 1000).toFixed(1)} s ${job?.phase} rss=${rssOf(worker, 'VmRSS')} MB\n`);
      }
      await sleep(50);
    }
    const importS = (performance.now() - (started || performance.now())) / 1000;
    const rssMb = rssOf(worker, 'VmHWM');
    const t0 = performance.now();
    let fulfilled = 0;
    let notifications = 0;
    for (;;) {
      fulfilled = await m.Order.count({ where: { status: 'fulfilled' } });
      notifications = await m.OutboxJob.count({ where: { kind: 'notify' } });
      if (fulfilled >= PAYING || worker.exitCode !== null || performance.now() - t0 > 600_000) break;
      await sleep(50);
    }
    const fulfilS = (performance.now() - t0) / 1000;
    if (job!.status !== 'done' || job!.matched !== PAYING || fulfilled !== PAYING) throw new Error(`unexpected outcome: ${JSON.stringify({ job, fulfilled, stderr })}`);
    return { importS, rssMb, fulfilS, fulfilled, notifications, job: job as unknown as Record<string, unknown> };
  } finally {
    await stop(worker);
    await app.close();
  }
}

/** Peak (VmHWM) or current (VmRSS) resident memory of a running process, in MB (Linux). */
function rssOf(child: ChildProcess, field: 'VmHWM' | 'VmRSS'): number {
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no ${field} for the worker`);
  return Number(kb) / 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await once(child, 'exit');
  clearTimeout(timer);
}

/** The core alone on the same file and orders: decode, parse, match. Best of two. */
function bestParseMatch(file: Buffer, orders: OpenOrder[]): number {
  let best = Infinity;
  for (let k = 0; k < 2; k++) {
    const t0 = performance.now();
    const parsed = parseCamt053(file);
    matchLines(parsed.lines, orders, { maxSuggestions: 3 });
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

async function onDatabase(prefix: string) {
  const sizes = [100_000, 200_000];
  const results: Outcome[] = [];
  for (const n of sizes) {
    const db = freshDatabaseUrl();
    try {
      results.push(await importOnce(n, db.url));
    } finally {
      await db.cleanup();
    }
  }
  const [r100, r200] = results;
  report(`reconciliation.${prefix}import_100k_s`, r100.importS, 's');
  report(`reconciliation.${prefix}import_rss_mb`, r100.rssMb, 'MB');
  report(`reconciliation.${prefix}parse_match_same_file_100k_s`, r100.parseMatchS, 's');
  report(`reconciliation.${prefix}import_vs_parse_match_100k`, r100.importS / r100.parseMatchS, 'x');
  report(`reconciliation.${prefix}import_200k_s`, r200.importS, 's');
  report(`reconciliation.${prefix}import_rss_200k_mb`, r200.rssMb, 'MB');
  report(`reconciliation.${prefix}import_scaling_200k_vs_100k`, r200.importS / r100.importS, 'x');
  report(`reconciliation.${prefix}fulfil_1000_s`, r100.fulfilS, 's');
}

export async function runImports(): Promise<void> {
  // The worker runs as production runs it: compiled, without a TypeScript loader (which alone would
  // add some 150 MB to its memory).
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stdout}${build.stderr}`);
  const server = usingMysql() ? process.env.DATABASE_URL : undefined;
  // SQLite first: freshDatabaseUrl() makes a MySQL database while DATABASE_URL names a server.
  delete process.env.DATABASE_URL;
  await onDatabase(server ? 'sqlite_' : '');
  if (server) {
    process.env.DATABASE_URL = server;
    await onDatabase('');
  }
}
