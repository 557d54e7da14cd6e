/**
 * The worker side of `npm run bench -- reconciliation`, in a process of its own so that its peak RSS is
 * the import's (not the file generator's): runs the queued `bank_import` job (read the file, parse,
 * de-duplicate, write, match, mark the matched orders paid, queue their fulfilment), then the
 * `fulfil_order` jobs it queued. Prints one JSON line on stdout.
 */
import { performance } from 'node:perf_hooks';
import { createApp } from '../core/app.js';
import { createLogger } from '../core/logger.js';
import { testConfig } from '../test/test-app.js';

const url = process.env.BENCH_DATABASE_URL!;
const dataDir = process.env.BENCH_DATA_DIR!;
const app = await createApp(testConfig({ DATA_DIR: dataDir }, url), { log: createLogger('silent') });
const handlers = app.jobHandlers();
const only = (kind: string) => app.createWorker({ handlers: { [kind]: handlers[kind]! }, periodic: undefined, batch: 50, concurrency: 1 });

let t0 = performance.now();
// BENCH_TRACE=1: the import's phases with their start times, on stderr.
const trace = process.env.BENCH_TRACE
  ? setInterval(async () => {
      const row = await app.db.models.BankImport.findOne({ order: [['id', 'DESC']], attributes: ['phase'], raw: true });
      process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s ${row?.phase}\n`);
    }, 1000)
  : undefined;
await only('bank_import').drain();
clearInterval(trace);
const importS = (performance.now() - t0) / 1000;
const rssMb = process.resourceUsage().maxRSS / 1024;
const job = await app.db.models.BankImport.findOne({ order: [['id', 'DESC']], raw: true });

t0 = performance.now();
await only('fulfil_order').drain();
const fulfilS = (performance.now() - t0) / 1000;
const fulfilled = await app.db.models.Order.count({ where: { status: 'fulfilled' } });
const notifications = await app.db.models.OutboxJob.count({ where: { kind: 'notify' } });
await app.close();
console.log(JSON.stringify({ importS, rssMb, fulfilS, fulfilled, notifications, job }));
