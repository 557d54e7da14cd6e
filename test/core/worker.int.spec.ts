import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { Op } from 'sequelize';
import type { OutboxJob } from '../../core/db/models.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { buyCoupons, createPartnerWithUser, validCompanyData } from '../fixtures.js';
import { enqueueJob } from '../../core/outbox/enqueue-job.js';
import { RetryLater, backoffMs } from '../../core/worker/worker.js';
import { httpProvisioner } from '../../core/adapters/provisioner/http-provisioner.js';
import { RecipientBlockedError, type Notifier } from '../../core/notifications/events.js';

describe('outbox worker', function () {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(async () => app?.dispose());
  const due = () => app.db.models.OutboxJob.update({ runAt: new Date(Date.now() - 1000) }, { where: { status: 'pending' } });

  it('retries a failing job with growing backoff, then marks it failed and runs onGiveUp', async () => {
    const job = await app.db.tx((t) => enqueueJob(app.db.models, t, 'flaky', { x: 1 }, { maxAttempts: 3 }));
    let calls = 0;
    let gaveUp = '';
    const worker = app.createWorker({ handlers: { flaky: { run: async () => { calls++; throw new Error(`boom ${calls}`); }, onGiveUp: async (_p, err) => { gaveUp = err; } } } });
    await worker.runOnce();
    let row = (await app.db.models.OutboxJob.findByPk(job.id))!;
    assert.equal(row.status, 'pending');
    assert.equal(row.attempts, 1);
    assert.equal(row.lastError, 'boom 1');
    assert.ok(row.runAt.getTime() > Date.now(), 'scheduled later, not immediately');
    await worker.runOnce();
    assert.equal(calls, 1, 'not due yet: not run again');
    await due();
    await worker.runOnce();
    await due();
    await worker.runOnce();
    row = (await app.db.models.OutboxJob.findByPk(job.id))!;
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 3);
    assert.equal(gaveUp, 'boom 3');
    assert.ok(backoffMs(1) < backoffMs(4));
    assert.ok(backoffMs(40) <= 3_600_000 * 1.2);
  });

  it('RetryLater postpones without spending an attempt', async () => {
    const job = await app.db.tx((t) => enqueueJob(app.db.models, t, 'slow_api', {}, { maxAttempts: 1 }));
    const worker = app.createWorker({ handlers: { slow_api: { run: async () => { throw new RetryLater(5000); } } } });
    await worker.runOnce();
    const row = (await app.db.models.OutboxJob.findByPk(job.id))!;
    assert.equal(row.status, 'pending');
    assert.equal(row.attempts, 0);
  });

  it('a provisioning that keeps failing marks the company failed and tells the partner; staff can retry', async () => {
    const failing = await createTestApp({ overrides: { provisioner: { provision: async () => { throw new Error('platform down'); }, suspend: async () => {}, reactivate: async () => {} } } });
    try {
      const { partner, actor } = await createPartnerWithUser(failing);
      const { coupons } = await buyCoupons(failing, partner.id, actor, 'coupon-lite-1');
      const company = await failing.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId: partner.id, companyData: validCompanyData() }, actor);
      await failing.db.models.OutboxJob.update({ maxAttempts: 1 }, { where: { kind: 'provision_company' } });
      await failing.createWorker().drain();
      await company.reload();
      assert.equal(company.provisioningState, 'failed');
      assert.match(company.provisioningError!, /platform down/);
      const notes = await failing.db.models.OutboxJob.findAll({ where: { kind: 'notify' } });
      assert.ok(notes.some((n) => (n.payload as any).event === 'company_failed'));
      assert.ok(await failing.db.models.Email.findOne({ where: { template: 'company_failed' } }));
      assert.equal(await failing.useCases.retryProvisioning(company.id, { type: 'staff', id: 1, label: 'ops', role: 'support' }), true);
      assert.equal((await company.reload()).provisioningState, 'provisioning');
    } finally {
      await failing.dispose();
    }
  });

  it('a user who blocked the bot is marked and not notified again', async () => {
    const { partner, partnerUser } = await createPartnerWithUser(app);
    await app.db.models.OutboxJob.update({ status: 'done' }, { where: { status: 'pending' } });
    let sent = 0;
    const notifier: Notifier = { notify: async () => { sent++; throw new RecipientBlockedError(); } };
    await app.db.tx(async (t) => {
      const { queueNotification } = await import('../../core/notifications/queue-notification.js');
      await queueNotification(app.db.models, t, partner.id, 'order_paid', { orderId: 1 });
    });
    await app.createWorker({ notifier }).drain();
    assert.equal(sent, 1);
    assert.ok((await partnerUser.reload()).blockedAt);
    assert.equal(await app.db.models.OutboxJob.count({ where: { kind: 'notify', status: 'failed' } }), 0);
  });

  it('claims only the kinds it has a handler for: another kind stays pending, its attempts untouched', async () => {
    await app.db.models.OutboxJob.update({ status: 'done' }, { where: { status: 'pending' } });
    const mine = await app.db.tx((t) => enqueueJob(app.db.models, t, 'mine', {}));
    const theirs = await app.db.tx((t) => enqueueJob(app.db.models, t, 'theirs', {}, { maxAttempts: 1 }));
    let ran = 0;
    const worker = app.createWorker({ handlers: { mine: { run: async () => void ran++ } } });
    assert.deepEqual(worker.kinds, ['mine']);
    assert.equal(await worker.drain(), 1);
    assert.equal(ran, 1);
    assert.equal((await mine.reload()).status, 'done');
    await theirs.reload();
    assert.equal(theirs.status, 'pending', 'left for a worker that can run it, not failed');
    assert.equal(theirs.attempts, 0);
    assert.equal(theirs.lockedBy, null);
    assert.equal(theirs.lastError, null);
    // …and the worker that has the handler runs it as usual.
    await app.createWorker({ handlers: { theirs: { run: async () => void ran++ } } }).drain();
    assert.equal((await theirs.reload()).status, 'done');
    assert.equal(ran, 2);
  });

  it('a job claimed without a handler (a kind list gone stale) is released untouched, not failed', async () => {
    await app.db.models.OutboxJob.update({ status: 'done' }, { where: { status: 'pending' } });
    const job = await app.db.tx((t) => enqueueJob(app.db.models, t, 'vanishing', {}, { maxAttempts: 1 }));
    const handlers: Record<string, { run: () => Promise<void> }> = { vanishing: { run: async () => {} } };
    const worker = app.createWorker({ handlers });
    delete handlers.vanishing; // the worker still claims the kind it was built with
    await worker.runOnce();
    await job.reload();
    assert.equal(job.status, 'pending');
    assert.equal(job.attempts, 0, 'the claim’s attempt is given back');
    assert.equal(job.lockedBy, null);
    assert.equal(job.lockedUntil, null);
  });

  it('every job kind of the product is wired by createApp; notify only with a notifier', async () => {
    const kinds = Object.keys(app.jobHandlers()).sort();
    assert.deepEqual(kinds, ['bank_import', 'expire_checkout_session', 'fulfil_order', 'invitation_reminder', 'privacy_retention', 'provision_company', 'reactivate_company', 'renewal_digest', 'renewal_reminder', 'renewal_scan', 'send_email', 'send_invoice', 'suspend_company']);
    const withBot = Object.keys(app.jobHandlers({ notify: async () => {} })).sort();
    assert.deepEqual(withBot, ['bank_import', 'expire_checkout_session', 'fulfil_order', 'invitation_reminder', 'notify', 'privacy_retention', 'provision_company', 'reactivate_company', 'renewal_digest', 'renewal_reminder', 'renewal_scan', 'send_email', 'send_invoice', 'suspend_company']);
    // A worker role runs two lanes: invoices apart, so a batch of them never delays a notice or an email.
    const [main, invoices] = app.createWorkerLanes({ notifier: { notify: async () => {} } });
    assert.deepEqual([main!.kinds.includes('send_invoice'), main!.kinds.includes('notify'), invoices!.kinds], [false, true, ['send_invoice']]);
    assert.ok(app.createWorker().kinds.includes('send_email'), 'emails without any installing step');
  });

  it('without a notifier (bot off) notify jobs wait, attempts unchanged; a worker with the bot delivers them', async () => {
    const { partner } = await createPartnerWithUser(app);
    await app.db.models.OutboxJob.update({ status: 'done' }, { where: { status: 'pending' } });
    const { queueNotification } = await import('../../core/notifications/queue-notification.js');
    const before = (await app.db.models.OutboxJob.max<number, OutboxJob>('id')) ?? 0;
    await app.db.tx((t) => queueNotification(app.db.models, t, partner.id, 'order_paid', { orderId: 1, orderNumber: 'SP-TEST' }));
    const noBot = app.createWorker();
    assert.ok(!noBot.kinds.includes('notify'));
    for (let i = 0; i < 3; i++) await noBot.drain();
    const waiting = await app.db.models.OutboxJob.findAll({ where: { kind: 'notify', id: { [Op.gt]: before } } });
    assert.equal(waiting.length, 1);
    assert.equal(waiting[0]!.status, 'pending');
    assert.equal(waiting[0]!.attempts, 0);
    assert.equal(waiting[0]!.lastError, null);

    const told: string[] = [];
    await app.createWorker({ notifier: { notify: async (target, event) => void told.push(`${target.partnerUserId}:${event}`) } }).drain();
    assert.deepEqual(told, [`${(waiting[0]!.payload as any).partnerUserId}:order_paid`]);
    assert.equal((await waiting[0]!.reload()).status, 'done');
    assert.equal(waiting[0]!.attempts, 1);
  });
});

describe('HTTP provisioner', () => {
  let server: Server;
  let url: string;
  const seen: { key: string | undefined; path?: string; body: any }[] = [];
  let answer: { status: number; body: object } = { status: 200, body: { accountId: 'acc-1' } };
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ key: req.headers['idempotency-key'] as string | undefined, path: req.url, body: JSON.parse(body) });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/companies`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const company = { id: 7, tier: 'lite', legalName: 'Rossi', vatNumber: '11111110158' } as any;

  it('posts the company with an idempotency key derived from its id', async () => {
    const p = httpProvisioner(url);
    assert.deepEqual(await p.provision(company), { externalAccountId: 'acc-1' });
    await p.provision(company);
    assert.equal(seen[0]!.key, 'sportello-company-7');
    assert.equal(seen[1]!.key, seen[0]!.key);
    assert.equal(seen[0]!.body.legalName, 'Rossi');
  });
  it('a 4xx is permanent, a 5xx is retryable', async () => {
    answer = { status: 422, body: { error: 'partita iva duplicata' } };
    await assert.rejects(httpProvisioner(url).provision(company), (e: any) => e.permanent === true && /duplicata/.test(e.message));
    answer = { status: 503, body: {} };
    await assert.rejects(httpProvisioner(url).provision(company), (e: any) => e.permanent !== true);
  });
  it('suspends and reactivates an account with the operation’s own idempotency key; a 4xx is permanent', async () => {
    answer = { status: 200, body: {} };
    seen.length = 0;
    const p = httpProvisioner(url);
    const account = { ...company, externalAccountId: 'acc-1' };
    await p.suspend(account, 'suspend-7-2027-01-31');
    await p.suspend(account, 'suspend-7-2027-01-31');
    await p.reactivate(account, 'reactivate-7-2027-01-31');
    assert.deepEqual(seen.map((s) => [s.path, s.key]), [
      ['/companies/suspend', 'sportello-suspend-7-2027-01-31'],
      ['/companies/suspend', 'sportello-suspend-7-2027-01-31'],
      ['/companies/reactivate', 'sportello-reactivate-7-2027-01-31'],
    ]);
    assert.deepEqual(seen[0]!.body, { reference: 'company-7', accountId: 'acc-1' });
    answer = { status: 404, body: { error: 'account sconosciuto' } };
    await assert.rejects(p.suspend(account, 'k'), (e: any) => e.permanent === true && /sospensione/.test(e.message));
    answer = { status: 502, body: {} };
    await assert.rejects(p.reactivate(account, 'k'), (e: any) => e.permanent !== true);
  });
});
