import { strict as assert } from 'node:assert';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.js';
import { createApp, type App } from '../core/app.js';
import { createLogger } from '../core/logger.js';
import { createTestApp, usingMysql, type TestApp } from '../test/test-app.js';
import { buyCoupons, makePartitaIva, staffActor } from '../test/fixtures.js';
import { startHarness, type Harness } from './testing.js';
import { createPacer } from './notifier.js';
import { startBot, type RunningBot } from './start-bot.js';
import { webhookHandler } from './webhook.js';

describe('bot: notifications under Telegram limits', function () {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  async function paidOrder() {
    const { u, partnerId } = await h.linkedUser();
    const pu = await h.app.db.models.PartnerUser.findOne({ where: { telegramUserId: String(u.id) } });
    const actor = { type: 'partner_user' as const, id: pu!.id, partnerId, label: pu!.displayName };
    const product = await h.app.db.models.Product.findOne({ where: { sku: 'coupon-lite-1' } });
    const order = await h.app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId }, items: [{ productId: product!.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
    return { u, pu: pu!, order };
  }

  it('a 429 from Telegram reschedules the notification after retry_after, without counting a failure', async () => {
    const { u, order } = await paidOrder();
    await h.drainJobs();
    h.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    await h.app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, staffActor);
    const started = Date.now();
    await h.drainJobs();
    const jobs = await h.app.db.models.OutboxJob.findAll({ where: { kind: 'notify', status: 'pending' } });
    const retried = jobs.find((j) => /429/.test(j.lastError ?? ''));
    assert.ok(retried, 'the throttled notification waits');
    assert.equal(retried!.attempts, 0);
    assert.ok(retried!.runAt.getTime() >= started + 6_000);
    assert.ok(h.fake.calls.some((c) => c.method === 'sendMessage' && c.error_code === 429));
    // time passes
    await h.app.db.models.OutboxJob.update({ runAt: new Date() }, { where: { id: retried!.id } });
    await h.drainJobs();
    const sent = h.fake.sent(u.id).filter((m) => /bonifico|coupon emessi/.test(m.text ?? ''));
    assert.equal(sent.length, 2, 'both notifications arrive, each once');
  });

  it('a short 429 or a passing 5xx is waited out within the job: each notification delivered once, at the first run', async () => {
    const { u, order } = await paidOrder();
    await h.drainJobs();
    h.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    h.fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    await h.app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, staffActor);
    await h.drainJobs();
    assert.equal(await h.app.db.models.OutboxJob.count({ where: { kind: 'notify', status: 'pending' } }), 0, 'nothing left to retry');
    const sent = h.fake.sent(u.id).filter((m) => /bonifico|coupon emessi/.test(m.text ?? ''));
    assert.equal(sent.length, 2, 'both notifications arrive, each once');
  });

  it('a user who blocked the bot is marked and not retried', async () => {
    const { u, pu, order } = await paidOrder();
    await h.drainJobs();
    h.fake.blockChat(u.id);
    await h.app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, staffActor);
    await h.drainJobs();
    await pu.reload();
    assert.ok(pu.blockedAt);
    assert.equal(await h.app.db.models.OutboxJob.count({ where: { kind: 'notify', status: 'pending' } }), 0);
  });

  it('paces sends: ≥ 1 s apart in one chat, ≤ 30/s overall', async () => {
    // A frozen clock: each wait asked of setTimeout is the slot the pacer gave.
    const p2 = createPacer({ perChatIntervalMs: 1000, globalPerSecond: 30 }, () => 0);
    const waits: number[] = [];
    const orig = globalThis.setTimeout;
    (globalThis as any).setTimeout = (fn: () => void, ms: number) => {
      waits.push(ms);
      return orig(fn, 0);
    };
    try {
      await p2('x');
      await p2('x');
      for (let i = 0; i < 30; i++) await p2(`y${i}`);
    } finally {
      (globalThis as any).setTimeout = orig;
    }
    assert.equal(waits[0], 1000, 'second message in one chat waits a second');
    assert.ok(waits.at(-1)! >= 1000, '32 messages take at least a second overall');
  });
});

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A local HTTP server standing for the load balancer: requests alternate between the given web processes' handlers. */
async function webhookServer(handlers: () => NodeHandler[]): Promise<{ server: Server; url: string }> {
  let i = 0;
  const server = createServer((req, res) => {
    const all = handlers();
    void all[i++ % all.length]!(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function post(url: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('bot: webhook mode', function () {
  let app: TestApp;
  let fake: FakeTelegram;
  let running: RunningBot;
  let server: Server;
  let url: string;
  before(async () => {
    app = await createTestApp();
    fake = await startFakeTelegram();
    ({ server, url } = await webhookServer(() => [running.handleWebhook!]));
    const config = { ...app.config, PUBLIC_BASE_URL: url, TELEGRAM_WEBHOOK_SECRET: 'sportello_test-secret' };
    running = await startBot(app, { config, bot: { token: fake.token, apiRoot: fake.url }, mode: 'webhook' });
  });
  after(async () => {
    await running?.stop();
    server?.close();
    await fake?.stop();
    await app?.dispose();
  });

  it('refuses requests without the right secret token, and serves Telegram (which sends it)', async () => {
    const update = JSON.stringify({ update_id: 999_999, message: { message_id: 1, date: 1, chat: { id: 42, type: 'private' }, from: { id: 42, is_bot: false, first_name: 'X' }, text: '/start' } });
    assert.equal(await post(`${url}/webhooks/telegram`, update), 401);
    assert.equal(await post(`${url}/webhooks/telegram`, update, { 'X-Telegram-Bot-Api-Secret-Token': 'wrong' }), 401);
    assert.equal(fake.sent(42).length, 0, 'nothing was handled');
    const u = { id: 77_000_001, first_name: 'Anna' };
    fake.sendText(u, '/start');
    const r = await fake.nextReply(u.id);
    assert.match(r.text!, /codice di collegamento/);
    for (let i = 0; i < 100 && fake.webhookDeliveries.some((d) => d.status === undefined); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(fake.webhookDeliveries.length > 0 && fake.webhookDeliveries.every((d) => d.status === 200));
  });
});

describe('bot: two web processes receive, one bot process drains, a second one waits its turn', function () {
  let a: TestApp;
  let b: App;
  let fake: FakeTelegram;
  let botA: RunningBot | undefined;
  let botB: RunningBot | undefined;
  let server: Server;
  let config: TestApp['config'];
  const secret = 'two_processes';
  const inbox = { leaseMs: 1_500, pollMs: 50 };
  before(async function () {
    a = await createTestApp();
    // A second app on the same database, with its own connection pool, like another process.
    b = await createApp(a.config, { log: createLogger('silent') });
    fake = await startFakeTelegram();
    // Process B serves the web role only: it stores the updates it receives, process A's bot drains them.
    const webOfB = webhookHandler(b, secret);
    const { server: s, url } = await webhookServer(() => [botA!.handleWebhook!, webOfB]);
    server = s;
    config = { ...a.config, PUBLIC_BASE_URL: url, TELEGRAM_WEBHOOK_SECRET: secret };
    botA = await startBot(a, { config, bot: { token: fake.token, apiRoot: fake.url }, mode: 'webhook', inbox });
  });
  after(async () => {
    await botA?.stop();
    await botB?.stop();
    server?.close();
    await fake?.stop();
    await b?.close();
    await a?.dispose();
  });

  const pending = () => a.db.models.BotUpdate.count();
  async function untilInboxEmpty() {
    for (let i = 0; i < 200 && (await pending()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await pending(), 0, 'every stored update was handled and removed');
  }

  it('a burst of 16 answers received alternately by two web processes is handled in order', async () => {
    const partner = await a.useCases.createPartner({ kind: 'service_centre', legalName: 'Studio Burst S.r.l.', vatNumber: '11111110158', billingEmail: 'b@example.test' }, staffActor);
    const { code } = await a.useCases.issueLinkCode({ partnerId: partner.id }, staffActor);
    const u = { id: 88_000_001, first_name: 'Bruno', language_code: 'it' };
    fake.sendText(u, `/start ${code}`);
    const welcome = await fake.nextReply(u.id);
    const pu = await a.db.models.PartnerUser.findOne({ where: { telegramUserId: String(u.id) } });
    await buyCoupons(a, partner.id, { type: 'partner_user', id: pu!.id, partnerId: partner.id, label: 'Bruno' }, 'coupon-lite-1');
    const act = (welcome.reply_markup as any).inline_keyboard.flat().find((x: any) => /Attiva/.test(x.text)).callback_data;
    fake.pressButton(u, { chat_id: u.id, message_id: welcome.message_id! }, act);
    const list = await fake.nextReply(u.id);
    const coupon = (list.reply_markup as any).inline_keyboard[0][0].callback_data;
    fake.pressButton(u, { chat_id: u.id, message_id: list.message_id! }, coupon);
    await fake.nextReply(u.id);
    const vat = makePartitaIva();
    const answers = ['Burst S.r.l.', 'srl', vat, 'uguale', 'Via Roma 2', '10121', 'Torino', 'TO', 'Bruna', 'Neri', 'RSSMRA85T10A562S', '69.20.01', 'no', 'ABC1234', 'info@burst.example.it', 'no'];
    const since = fake.cursor();
    for (const text of answers) fake.sendText(u, text); // one burst
    const summary = await fake.waitFor((m) => m.chat_id === u.id && /Controlla i dati/.test(m.text ?? ''), { since, timeoutMs: 20_000 });
    const questions = fake.sent(u.id).filter((m) => m.seq > since && m.seq < summary.seq).map((m) => m.text ?? '');
    assert.deepEqual(questions.map((t) => Number(/^(\d+)\/16/.exec(t)?.[1])), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    assert.match(summary.text!, /Ragione sociale: Burst S\.r\.l\./);
    assert.match(summary.text!, /Torino/);
    assert.match(summary.text!, /ABC1234/);
    assert.ok(fake.webhookDeliveries.length >= 16);
    await untilInboxEmpty();
  });

  it('a second bot process does not drain while the first holds the lease, and takes over once it stops', async () => {
    botB = await startBot(b, { config, bot: { token: fake.token, apiRoot: fake.url }, mode: 'webhook', inbox });
    const u = { id: 88_000_002, first_name: 'Carla', language_code: 'it' };
    fake.sendText(u, '/start');
    assert.match((await fake.nextReply(u.id)).text!, /codice di collegamento/);
    const holder = (await a.db.models.BotLease.findAll())[0]?.holder;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await a.db.models.BotLease.findAll())[0]?.holder, holder, 'the lease stays with the first bot');
    await botA!.stop(); // gives the lease up
    botA = undefined;
    const webOfB = webhookHandler(b, secret, botB.nudge);
    server.removeAllListeners('request');
    server.on('request', (req, res) => void webOfB(req, res));
    fake.sendText(u, 'ciao');
    assert.ok((await fake.nextReply(u.id, { timeoutMs: 10_000 })).text, 'the second bot answers');
    assert.notEqual((await a.db.models.BotLease.findAll())[0]?.holder, holder);
    await untilInboxEmpty();
  });
});

describe('bot: polling after a webhook process died with updates in its inbox', function () {
  let app: TestApp;
  let fake: FakeTelegram;
  let running: RunningBot | undefined;
  before(async () => {
    app = await createTestApp();
    fake = await startFakeTelegram();
  });
  after(async () => {
    await running?.stop();
    await fake?.stop();
    await app?.dispose();
  });

  it('handles the stored updates in order at start, then removes them', async () => {
    const chat = 66_000_001;
    const from = { id: chat, is_bot: false, first_name: 'Dora', language_code: 'it' };
    const stored = (updateId: number, text: string) => ({
      updateId, chatId: String(chat), receivedAt: new Date(),
      payload: JSON.stringify({ update_id: updateId, message: { message_id: updateId, date: 1, chat: { id: chat, type: 'private', first_name: 'Dora' }, from, text } }),
    });
    // As a webhook process leaves them: acknowledged to Telegram, stored, never handled.
    await app.db.models.BotUpdate.bulkCreate([stored(501, '/start'), stored(502, 'ciao')]);
    running = await startBot(app, { bot: { token: fake.token, apiRoot: fake.url }, mode: 'polling', pollTimeoutS: 1 });
    const replies = fake.sent(chat).map((m) => m.text ?? '');
    assert.equal(replies.length, 2, JSON.stringify(replies));
    assert.match(replies[0]!, /codice di collegamento/, 'the /start first');
    assert.equal(await app.db.models.BotUpdate.count(), 0);
  });
});
