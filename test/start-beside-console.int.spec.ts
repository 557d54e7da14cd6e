/**
 * `npm start` (no TELEGRAM_BOT_TOKEN: web, back-office and a worker without the bot) and
 * `npm run bot:console` (the bot on the fake Bot API, and a worker with the Telegram notifier) on one
 * database, as the README tells a newcomer to run them: two apps, two connection pools, one database
 * file (or one MariaDB database), one outbox folder.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../core/app.js';
import { createLogger } from '../core/logger.js';
import { demoCatalogue } from '../core/catalogue/demo-catalogue.js';
import { startHarness, type Harness } from '../bot/testing.js';
import { freshDatabaseUrl, testConfig, type TestApp } from './test-app.js';
import { staffActor } from './fixtures.js';

describe('npm start and npm run bot:console on the same database', function () {
  let db: ReturnType<typeof freshDatabaseUrl>;
  let dataDir: string;
  let web: App; // what `npm start` runs with the bot off
  let consoleApp: App; // what `npm run bot:console` runs
  let h: Harness;

  before(async () => {
    db = freshDatabaseUrl();
    dataDir = mkdtempSync(join(tmpdir(), 'sportello-shared-'));
    const env = { DATA_DIR: dataDir };
    web = await createApp(testConfig(env, db.url), { log: createLogger('silent') });
    await web.migrate();
    await web.db.models.Product.bulkCreate(demoCatalogue());
    consoleApp = await createApp(testConfig(env, db.url), { log: createLogger('silent') });
    h = await startHarness({ app: Object.assign(consoleApp, { dispose: () => consoleApp.close() }) as TestApp });
  });
  after(async () => {
    await h?.stop();
    await consoleApp?.close();
    await web?.close();
    await db?.cleanup();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('an order placed from the console: its emails are sent, its Telegram notification reaches the console', async () => {
    assert.equal(web.config.outboxDir, consoleApp.config.outboxDir);
    // In the console: link, then buy 5 LITE coupons by bank transfer.
    const { u, partnerId, welcome } = await h.linkedUser({ partnerName: 'Studio Console S.r.l.' });
    let r = await h.tap(u, welcome, 'Acquista coupon');
    r = await h.tap(u, r, 'LITE');
    r = await h.tap(u, r, '5 coupon LITE');
    r = await h.tap(u, r, '1');
    r = await h.tap(u, r, 'Bonifico');
    assert.match(r.text!, /Causale: SP-/);
    const order = (await web.db.models.Order.findOne({ where: { partnerId } }))!;
    assert.equal(order.paymentMethod, 'bank_transfer');
    // In the back-office (the web process): the bank transfer arrives.
    await web.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, staffActor);

    // The web process's worker runs first: every email goes out, the notifications are left waiting.
    const webWorker = web.createWorker({ periodic: undefined });
    assert.ok(!webWorker.kinds.includes('notify'));
    await webWorker.drain();
    const emails = await web.db.models.Email.findAll();
    assert.ok(emails.length >= 2, 'instructions, then payment and coupons');
    assert.deepEqual(emails.filter((e) => e.status !== 'sent').map((e) => [e.template, e.status, e.error]), []);
    const sendJobs = await web.db.models.OutboxJob.findAll({ where: { kind: 'send_email' } });
    assert.deepEqual(sendJobs.map((j) => j.status), sendJobs.map(() => 'done'));
    assert.equal(readdirSync(web.config.outboxDir).filter((f) => f.endsWith('.eml')).length, emails.length);
    const notes = await web.db.models.OutboxJob.findAll({ where: { kind: 'notify' } });
    assert.ok(notes.length >= 1);
    assert.deepEqual(notes.map((n) => [n.status, n.attempts]), notes.map(() => ['pending', 0]), 'waiting, untouched, for the bot');
    assert.ok(!h.fake.sent(u.id).some((m) => /coupon emessi/.test(m.text ?? '')), 'not told yet');

    // The console's worker (the bot) delivers them to the chat.
    await h.drainJobs();
    const told = await h.fake.waitFor((m) => m.chat_id === u.id && /coupon emessi/.test(m.text ?? ''));
    assert.match(told.text!, /5 coupon emessi/);
    for (const n of notes) assert.equal((await n.reload()).status, 'done');
  });

  it('both workers running together: no job is failed, each email is sent once', async () => {
    const { u, partnerId, welcome } = await h.linkedUser({ partnerName: 'Studio Insieme S.r.l.' });
    let r = await h.tap(u, welcome, 'Acquista coupon');
    r = await h.tap(u, r, 'LITE');
    r = await h.tap(u, r, '5 coupon LITE');
    r = await h.tap(u, r, '1');
    await h.tap(u, r, 'Bonifico');
    const order = (await web.db.models.Order.findOne({ where: { partnerId } }))!;
    await web.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, staffActor);
    await Promise.all([web.createWorker({ periodic: undefined }).drain(), h.drainJobs()]);
    await h.drainJobs(); // a claim skips rows another claim holds for a moment (SKIP LOCKED): one more round
    assert.equal(await web.db.models.OutboxJob.count({ where: { status: 'failed' } }), 0);
    assert.equal(await web.db.models.OutboxJob.count({ where: { status: 'pending' } }), 0);
    const emails = await web.db.models.Email.findAll();
    assert.ok(emails.every((e) => e.status === 'sent' && e.attempts === 1), 'each sent once');
    assert.equal(readdirSync(web.config.outboxDir).filter((f) => f.endsWith('.eml')).length, emails.length);
    await h.fake.waitFor((m) => m.chat_id === u.id && /coupon emessi/.test(m.text ?? ''));
  });
});
