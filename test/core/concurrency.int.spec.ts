/**
 * Concurrency on MariaDB/MySQL (the production database): the guarantees that SQLite gets for free
 * from its single writer must hold with many connections and several processes.
 */
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { QueryTypes } from 'sequelize';
import { createTestApp, usingMysql, type TestApp } from '../test-app.js';
import { buyCoupons, createPartnerWithUser, productBySku, staffActor, validCompanyData } from '../fixtures.js';
import { enqueueJob } from '../../core/outbox/enqueue-job.js';

function startWorkerProcess(databaseUrl: string, env: Record<string, string> = {}): ChildProcess {
  return fork(new URL('../worker-process.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}
const exited = (p: ChildProcess) => new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.once('exit', (code) => r(code))));

describe('concurrency on MariaDB', function () {
  this.timeout(120_000);
  let app: TestApp;
  before(async function () {
    if (!usingMysql()) return this.skip();
    app = await createTestApp();
  });
  after(async () => app?.dispose());
  const url = () => app.config.databaseUrl;

  it('50 concurrent activations of one coupon create exactly one company', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const { coupons } = await buyCoupons(app, partner.id, actor, 'coupon-lite-1');
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => app.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId: partner.id, companyData: validCompanyData() }, actor)),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as any).code, 'already_used', String(r.reason));
    assert.equal(await app.db.models.Company.count({ where: { couponId: coupons[0]!.id } }), 1);
    assert.equal(await app.db.models.OutboxJob.count({ where: { kind: 'provision_company' } }), 1);
  });

  it('20 concurrent "mark paid" of one order fulfil it once', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const product = await productBySku(app, 'coupon-corporate-5');
    const order = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: product.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, staffActor)),
    );
    assert.equal(results.filter((r) => !r.alreadyPaid).length, 1);
    assert.equal(await app.db.models.Coupon.count({ where: { orderId: order.id } }), 5);
    assert.equal(await app.db.models.AuditLog.count({ where: { entityType: 'order', entityId: String(order.id), action: 'order.fulfilled' } }), 1);
  });

  it('three worker processes drain 1,000 jobs, each run exactly once', async () => {
    await app.db.sequelize.query('CREATE TABLE test_effects (id INT AUTO_INCREMENT PRIMARY KEY, job_id INT NOT NULL, n INT NOT NULL, pid INT NOT NULL)');
    await app.db.tx(async (t) => {
      for (let n = 0; n < 1000; n++) await enqueueJob(app.db.models, t, 'test_effect', { n });
    });
    const workers = [0, 1, 2].map(() => startWorkerProcess(url()));
    const codes = await Promise.all(workers.map(exited));
    assert.deepEqual(codes, [0, 0, 0]);
    const [row] = await app.db.sequelize.query<{ runs: number; jobs: number; pids: number }>(
      'SELECT COUNT(*) AS runs, COUNT(DISTINCT job_id) AS jobs, COUNT(DISTINCT pid) AS pids FROM test_effects',
      { type: QueryTypes.SELECT },
    );
    assert.equal(Number(row!.runs), 1000);
    assert.equal(Number(row!.jobs), 1000);
    assert.ok(Number(row!.pids) >= 2, 'the work was shared between processes');
    assert.equal(await app.db.models.OutboxJob.count({ where: { kind: 'test_effect', status: 'done' } }), 1000);
  });

  it('a worker killed in the middle of a job: the job is retried and its effect happens once', async () => {
    await app.db.models.OutboxJob.update({ status: 'done' }, { where: { status: 'pending' } });
    const { partner, actor } = await createPartnerWithUser(app);
    const { coupons } = await buyCoupons(app, partner.id, actor, 'coupon-lite-1');
    await app.db.models.OutboxJob.update({ status: 'done' }, { where: { status: 'pending' } });
    const company = await app.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId: partner.id, companyData: validCompanyData() }, actor);
    // The first worker provisions slowly and is killed while the job is running.
    const doomed = startWorkerProcess(url(), { PROVISIONING_DELAY_MS: '60000', WORKER_LEASE_MS: '1500', IDLE_EXIT_MS: '0' });
    const job = await waitFor(async () => app.db.models.OutboxJob.findOne({ where: { kind: 'provision_company', status: 'running' } }));
    doomed.kill('SIGKILL');
    await exited(doomed);
    assert.equal(job.attempts, 1);
    // A healthy worker picks the job up once the dead one's lease has run out.
    const healthy = startWorkerProcess(url(), { PROVISIONING_DELAY_MS: '0', WORKER_LEASE_MS: '1500', IDLE_EXIT_MS: '2500' });
    assert.equal(await exited(healthy), 0);
    await company.reload();
    assert.equal(company.provisioningState, 'active');
    assert.equal(await app.db.models.CompanyAccount.count({ where: { companyId: company.id } }), 1);
    const finished = (await app.db.models.OutboxJob.findByPk(job.id))!;
    assert.equal(finished.status, 'done');
    assert.equal(finished.attempts, 2);
  });
});

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}
