/**
 * `npm run bench -- core`: orders placed and fulfilled per second (1 and 4 concurrent clients),
 * outbox jobs drained per second (1 and 3 worker processes), on SQLite and on MariaDB when
 * DATABASE_URL points at one; then the production start time and the resident memory after load.
 */
import { fork, spawn, execSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { report } from './report.js';
import { createTestApp, usingMysql, type TestApp } from '../test/test-app.js';
import { createPartnerWithUser, productBySku, staffActor } from '../test/fixtures.js';
import { enqueueJob } from '../core/outbox/enqueue-job.js';
import { productionEnv } from '../test/production-env.js';
import { startSmtpSink } from '../fakes/smtp-sink.js';
import type { Actor } from '../core/shared/actor.js';

async function ordersPerSecond(app: TestApp, clients: number, perClient: number): Promise<number> {
  const buyers: { partnerId: number; actor: Actor }[] = [];
  for (let i = 0; i < clients; i++) {
    const { partner, actor } = await createPartnerWithUser(app);
    buyers.push({ partnerId: partner.id, actor });
  }
  const product = await productBySku(app, 'coupon-lite-5');
  const t0 = performance.now();
  await Promise.all(
    buyers.map(async ({ partnerId, actor }) => {
      for (let i = 0; i < perClient; i++) {
        const order = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId }, items: [{ productId: product.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
        await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, staffActor);
      }
    }),
  );
  return (clients * perClient) / ((performance.now() - t0) / 1000);
}

async function drainPerSecond(app: TestApp, processes: number, jobs: number): Promise<number> {
  await app.db.models.OutboxJob.update({ status: 'done' }, { where: { status: 'pending' } });
  await app.db.sequelize.query('CREATE TABLE IF NOT EXISTS test_effects (id INTEGER PRIMARY KEY AUTO_INCREMENT_PLACEHOLDER, job_id INT NOT NULL, n INT NOT NULL, pid INT NOT NULL)'.replace(
    'AUTO_INCREMENT_PLACEHOLDER', app.db.dialect === 'mysql' ? 'AUTO_INCREMENT' : 'AUTOINCREMENT'));
  await app.db.tx(async (t) => {
    for (let n = 0; n < jobs; n++) await enqueueJob(app.db.models, t, 'test_effect', { n });
  });
  const script = new URL('../test/worker-process.ts', import.meta.url).pathname;
  const children = Array.from({ length: processes }, () =>
    fork(script, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, DATABASE_URL: app.config.databaseUrl, IDLE_EXIT_MS: '0', WORKER_BATCH: '20' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  await Promise.all(children.map((c) => new Promise((r) => c.once('message', r))));
  const t0 = performance.now();
  for (;;) {
    const left = await app.db.models.OutboxJob.count({ where: { kind: 'test_effect', status: ['pending', 'running'] } });
    if (!left) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const c of children) c.kill('SIGTERM');
  await app.db.models.OutboxJob.destroy({ where: { kind: 'test_effect' } });
  return jobs / seconds;
}

async function databaseSuite(name: string) {
  const app = await createTestApp();
  try {
    const one = await ordersPerSecond(app, 1, 150);
    const four = await ordersPerSecond(app, 4, 75);
    report(`core.${name}.orders_fulfilled_per_s`, one, 'orders/s');
    report(`core.${name}.orders_fulfilled_per_s_4_clients`, four, 'orders/s');
    report(`core.${name}.clients_scaling_4v1`, four / one, 'x');
    const w1 = await drainPerSecond(app, 1, 2000);
    const w3 = await drainPerSecond(app, 3, 2000);
    report(`core.${name}.jobs_drained_per_s`, w1, 'jobs/s');
    report(`core.${name}.jobs_drained_per_s_3_workers`, w3, 'jobs/s');
    report(`core.${name}.worker_scaling_3v1`, w3 / w1, 'x');
  } finally {
    await app.dispose();
  }
}

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
});

/** The production start command (compiled JavaScript) on an already migrated database. */
async function startAndMemory() {
  execSync('npm run -s build && npm run -s build:admin', { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-'));
  const smtp = await startSmtpSink();
  // A complete production configuration (bank transfers only), its emails to a local SMTP sink.
  const env = {
    PATH: process.env.PATH,
    ...productionEnv({ DATA_DIR: dir, DATABASE_URL: `sqlite:${dir}/db.sqlite`, PAYMENT_METHODS: 'bank_transfer', SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }),
    ADMIN_JS_TMP_DIR: 'adminjs-bundle', ADMIN_JS_SKIP_BUNDLE: 'true',
  };
  for (const k of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_HOST', 'STRIPE_API_PORT', 'STRIPE_API_PROTOCOL'] as const) delete (env as Record<string, unknown>)[k];
  // Production seeds nothing: the catalogue comes from a price list, as on a real first run.
  execSync('npx tsx cli.ts catalogue:import examples/price-list.example.csv', { env, stdio: 'ignore' });
  const launch = async () => {
    const port = await freePort();
    const t0 = performance.now();
    const child = spawn(process.execPath, ['dist/main.js'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
    let exited: number | null = null;
    child.once('exit', (code) => (exited = code ?? -1));
    for (;;) {
      if (exited !== null) throw new Error(`the production start exited with ${exited}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    return { child, port, seconds: (performance.now() - t0) / 1000 };
  };
  const first = await launch(); // the first start after the import
  first.child.kill('SIGTERM');
  await new Promise((r) => first.child.once('exit', r));
  const { child, seconds } = await launch();
  report('core.start_ready_s', seconds, 's');
  // Load: orders placed and paid against the same database; the running process's worker sends their messages.
  const { createApp } = await import('../core/app.js');
  const { loadConfig } = await import('../core/config.js');
  const { createLogger } = await import('../core/logger.js');
  const app = await createApp(loadConfig({ ...env, NODE_ENV: 'test' }), { log: createLogger('silent') });
  const { partner, actor } = await createPartnerWithUser(app as TestApp);
  const product = await productBySku(app as TestApp, 'coupon-lite-5');
  for (let i = 0; i < 300; i++) {
    const order = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: product.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
    await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, staffActor);
  }
  for (let i = 0; i < 600; i++) {
    if (!(await app.db.models.OutboxJob.count({ where: { status: ['pending', 'running'] } }))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]);
  report('core.rss_mb', rssKb / 1024, 'MB');
  await app.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await smtp.stop();
  rmSync(dir, { recursive: true, force: true });
}

export async function run() {
  const mysqlUrl = usingMysql() ? process.env.DATABASE_URL : undefined;
  delete process.env.DATABASE_URL;
  await databaseSuite('sqlite');
  if (mysqlUrl) {
    process.env.DATABASE_URL = mysqlUrl;
    await databaseSuite('mariadb');
  } else {
    console.log('(set DATABASE_URL=mysql://… for the MariaDB figures)');
  }
  await startAndMemory();
}
