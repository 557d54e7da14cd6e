/**
 * The bot, through the full stack — fake Bot API → our long polling → per-chat dispatcher → telegraf →
 * session read and written in the database → core use cases → reply — on SQLite and (with
 * DATABASE_URL) MariaDB. A conversation is a partner buying: /menu → Acquista coupon → LITE → 5-pack →
 * quantity → pay (bank transfer or card, alternately), which places the order. Latency is from the
 * update being queued at the fake API to the bot's reply being recorded there.
 *
 * Telegram lets a bot send about 30 messages per second in all, so the loads that matter are:
 * - `bot.<db>.p99_ms`: one conversation at a time, as a partner has it;
 * - `bot.<db>.200_chats.*`: 200 partners each buying once within about 40 s, starting at random
 *   times, so the bot is asked for about 30 replies per second;
 * - `bot.<db>.burst_200.*`: the same 200 conversations all started at once.
 * For each load: replies that never came (`lost_replies`), partners left with more than one order
 * (`duplicate_orders`) or none (`missing_orders`), and the latency percentiles. A bare telegraf bot
 * that only echoes, on the same kind of fake API in the same run, gives the floor of the protocol
 * (`bot.bare.*`, for information).
 */
import { Telegraf } from 'telegraf';
import { startFakeTelegram, buttonByLabel, type FakeTelegram, type FakeUser, type SentMessage } from '../fakes/telegram-bot-api.js';
import { systemActor } from '../core/shared/actor.js';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { startBot } from '../bot/start-bot.js';
import { report } from './report.js';

const TAPS = ['Acquista coupon', 'LITE', '5 coupon LITE', '2'];
const PAY = ['Bonifico', 'Carta'];
const UPDATES_PER_CONVERSATION = 1 + TAPS.length + 1;
const SINGLE_CONVERSATIONS = 30;
const CHATS = 200;
const SPREAD_S = 40;
const REPLY_TIMEOUT_MS = 30_000;

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

interface Outcome {
  latencies: number[];
  lost: number;
  seconds: number;
}

async function timed(fake: FakeTelegram, chatId: number, act: () => void): Promise<[SentMessage, number]> {
  const t = performance.now();
  act();
  const r = await fake.nextReply(chatId, { timeoutMs: REPLY_TIMEOUT_MS });
  return [r, performance.now() - t];
}

/** One buy conversation; a reply that does not come counts it and every later step as lost. */
async function converse(fake: FakeTelegram, u: FakeUser, pay: string, out: Outcome): Promise<void> {
  let done = 0;
  try {
    let [msg, ms] = await timed(fake, u.id, () => fake.sendText(u, '/menu'));
    out.latencies.push(ms);
    done++;
    for (const label of [...TAPS, pay]) {
      const action = buttonByLabel(msg, label);
      if (!action || !('data' in action)) throw new Error(`bench: no button ${label} in ${msg.text}`);
      [msg, ms] = await timed(fake, u.id, () => fake.pressButton(u, { chat_id: msg.chat_id, message_id: msg.message_id! }, action.data));
      out.latencies.push(ms);
      done++;
    }
    if (!/registrato/.test(msg.text ?? '')) throw new Error(`bench: unexpected end of conversation: ${msg.text}`);
  } catch (e) {
    if (!/nothing matched/.test(String(e))) throw e;
    out.lost += UPDATES_PER_CONVERSATION - done;
  }
}

/** Partners linked to the bot through /start <code>, as they are in real life. */
async function linkPartners(app: TestApp, fake: FakeTelegram, n: number, firstId: number): Promise<{ users: FakeUser[]; partnerIds: number[] }> {
  const users: FakeUser[] = [];
  const partnerIds: number[] = [];
  for (let i = 0; i < n; i++) {
    const partner = await app.useCases.createPartner({ kind: 'service_centre', legalName: `Studio Bench ${firstId + i}`, vatNumber: '11111110158', billingEmail: `bench${firstId + i}@example.test` }, systemActor('bench'));
    const { code } = await app.useCases.issueLinkCode({ partnerId: partner.id, role: 'owner' }, systemActor('bench'));
    const u = { id: firstId + i, first_name: `Bench ${i}`, language_code: 'it' };
    fake.sendText(u, `/start ${code}`);
    await fake.nextReply(u.id, { timeoutMs: REPLY_TIMEOUT_MS });
    users.push(u);
    partnerIds.push(partner.id);
  }
  return { users, partnerIds };
}

/** Orders per partner after the load: each partner bought once. */
async function orderCounts(app: TestApp, partnerIds: number[]) {
  const counts = new Map(partnerIds.map((id) => [id, 0]));
  for (const o of await app.db.models.Order.findAll({ attributes: ['partnerId'], where: { partnerId: partnerIds } })) counts.set(o.partnerId, counts.get(o.partnerId)! + 1);
  let duplicates = 0;
  let missing = 0;
  for (const n of counts.values()) {
    if (n > 1) duplicates += n - 1;
    if (n === 0) missing++;
  }
  return { duplicates, missing };
}

async function load(app: TestApp, fake: FakeTelegram, name: string, spreadS: number, firstId: number) {
  const { users, partnerIds } = await linkPartners(app, fake, CHATS, firstId);
  const out: Outcome = { latencies: [], lost: 0, seconds: 0 };
  const t0 = performance.now();
  await Promise.all(
    users.map(async (u, i) => {
      if (spreadS > 0) await new Promise((r) => setTimeout(r, Math.random() * spreadS * 1000));
      await converse(fake, u, PAY[i % PAY.length]!, out);
    }),
  );
  out.seconds = (performance.now() - t0) / 1000;
  const { duplicates, missing } = await orderCounts(app, partnerIds);
  report(`${name}.lost_replies`, out.lost, 'replies');
  report(`${name}.duplicate_orders`, duplicates, 'orders');
  report(`${name}.missing_orders`, missing, 'orders');
  report(`${name}.replies_per_s`, out.latencies.length / out.seconds, 'replies/s');
  report(`${name}.p50_ms`, pct(out.latencies, 50), 'ms');
  report(`${name}.p99_ms`, pct(out.latencies, 99), 'ms');
}

async function ours(db: string) {
  const app = await createTestApp();
  const fake = await startFakeTelegram();
  const running = await startBot(app, { bot: { token: fake.token, apiRoot: fake.url }, mode: 'polling', pollTimeoutS: 5 });
  try {
    const prefix = `bot.${db}`;
    const { users: [warm, single] } = await linkPartners(app, fake, 2, 9_000_000);
    const warmUp: Outcome = { latencies: [], lost: 0, seconds: 0 };
    for (let c = 0; c < 10; c++) await converse(fake, warm!, PAY[c % 2]!, warmUp); // the JIT and the caches
    const one: Outcome = { latencies: [], lost: 0, seconds: 0 };
    for (let c = 0; c < SINGLE_CONVERSATIONS; c++) await converse(fake, single!, PAY[c % 2]!, one);
    report(`${prefix}.p50_ms`, pct(one.latencies, 50), 'ms');
    report(`${prefix}.p99_ms`, pct(one.latencies, 99), 'ms');
    report(`${prefix}.lost_replies`, one.lost, 'replies');
    await load(app, fake, `${prefix}.${CHATS}_chats`, SPREAD_S, 9_100_000);
    await load(app, fake, `${prefix}.burst_${CHATS}`, 0, 9_200_000);
  } finally {
    await running.stop();
    await fake.stop();
    await app.dispose();
  }
}

/** The floor: bare telegraf echoing each text, one conversation's worth of updates at a time. */
async function bare() {
  const fake = await startFakeTelegram();
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.url, webhookReply: false } });
  bot.on('text', (ctx) => ctx.reply(ctx.message.text));
  void bot.launch({ dropPendingUpdates: true });
  try {
    await new Promise((r) => setTimeout(r, 300));
    const u = { id: 8_000_000, first_name: 'Bare' };
    const latencies: number[] = [];
    for (let i = 0; i < (SINGLE_CONVERSATIONS + 10) * UPDATES_PER_CONVERSATION; i++) latencies.push((await timed(fake, u.id, () => fake.sendText(u, `ciao ${i}`)))[1]);
    latencies.splice(0, 10 * UPDATES_PER_CONVERSATION); // warm-up
    report('bot.bare.p50_ms', pct(latencies, 50), 'ms');
    report('bot.bare.p99_ms', pct(latencies, 99), 'ms');
  } finally {
    bot.stop();
    await fake.stop();
  }
}

export async function run(): Promise<void> {
  const mysqlUrl = process.env.DATABASE_URL;
  await bare();
  try {
    delete process.env.DATABASE_URL;
    await ours('sqlite');
    if (mysqlUrl && /^(mysql|mariadb):/.test(mysqlUrl)) {
      process.env.DATABASE_URL = mysqlUrl;
      await ours('mariadb');
    }
  } finally {
    if (mysqlUrl) process.env.DATABASE_URL = mysqlUrl;
  }
}
