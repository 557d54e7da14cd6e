/**
 * The bot: a scripted buy conversation (menu → Acquista coupon → LITE → offer → quantity → Bonifico)
 * through the full stack — fake Bot API → our polling → per-chat dispatcher → telegraf → session in
 * the database → core use cases → reply — on SQLite and (with DATABASE_URL) MariaDB, beside a bare
 * telegraf bot that only echoes, on the same fake API in the same run. Latency is from the update
 * being queued at the fake API to the bot's reply being recorded there.
 */
import { Telegraf } from 'telegraf';
import { startFakeTelegram, buttonByLabel, type FakeTelegram, type FakeUser, type SentMessage } from '../fakes/telegram-bot-api.js';
import { systemActor } from '../core/shared/actor.js';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { startBot } from '../bot/start-bot.js';
import { report } from './report.js';

const CHATS = 20;
const CONVERSATIONS = 5; // per chat, each 6 updates
const STEPS = ['/menu', 'Acquista coupon', 'LITE', '5 coupon LITE', '2', 'Bonifico'];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

interface Run {
  updates: number;
  seconds: number;
  latencies: number[];
}

/** Runs `script(user)` for every chat at once; each call returns the latencies of its updates. */
async function drive(users: FakeUser[], script: (u: FakeUser) => Promise<number[]>): Promise<Run> {
  const t0 = performance.now();
  const all = await Promise.all(users.map(script));
  const seconds = (performance.now() - t0) / 1000;
  const latencies = all.flat();
  return { updates: latencies.length, seconds, latencies };
}

async function timed(fake: FakeTelegram, chatId: number, act: () => void): Promise<[SentMessage, number]> {
  const t = performance.now();
  act();
  const r = await fake.nextReply(chatId, { timeoutMs: 30_000 });
  return [r, performance.now() - t];
}

async function bare(): Promise<Run> {
  const fake = await startFakeTelegram();
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.url, webhookReply: false } });
  bot.on('text', (ctx) => ctx.reply(ctx.message.text));
  void bot.launch({ dropPendingUpdates: true });
  await new Promise((r) => setTimeout(r, 300));
  const users = Array.from({ length: CHATS }, (_, i) => ({ id: 9_100_000 + i, first_name: `Bare ${i}` }));
  const script = async (u: FakeUser) => {
    const out: number[] = [];
    for (let c = 0; c < CONVERSATIONS; c++) for (const s of STEPS) out.push((await timed(fake, u.id, () => fake.sendText(u, s)))[1]);
    return out;
  };
  await drive(users.slice(0, 2), async (u) => (await script(u)).slice(0, 6)); // warm-up
  const run = await drive(users, script);
  bot.stop();
  await fake.stop();
  return run;
}

async function full(app: TestApp): Promise<Run> {
  const fake = await startFakeTelegram();
  const running = await startBot(app, { bot: { token: fake.token, apiRoot: fake.url }, mode: 'polling', pollTimeoutS: 5 });
  const users: FakeUser[] = [];
  for (let i = 0; i < CHATS + 1; i++) {
    const partner = await app.useCases.createPartner({ kind: 'service_centre', legalName: `Studio Bench ${i}`, vatNumber: '11111110158', billingEmail: `bench${i}@example.test` }, systemActor('bench'));
    const { code } = await app.useCases.issueLinkCode({ partnerId: partner.id, role: 'owner' }, systemActor('bench'));
    const u = { id: 9_200_000 + i, first_name: `Bench ${i}`, language_code: 'it' };
    fake.sendText(u, `/start ${code}`);
    await fake.nextReply(u.id);
    users.push(u);
  }
  const script = async (u: FakeUser) => {
    const out: number[] = [];
    for (let c = 0; c < CONVERSATIONS; c++) {
      let [msg, ms] = await timed(fake, u.id, () => fake.sendText(u, STEPS[0]!));
      out.push(ms);
      for (const label of STEPS.slice(1)) {
        const action = buttonByLabel(msg, label);
        if (!action || !('data' in action)) throw new Error(`bench: no button ${label} in ${msg.text}`);
        [msg, ms] = await timed(fake, u.id, () => fake.pressButton(u, { chat_id: msg.chat_id, message_id: msg.message_id! }, action.data));
        out.push(ms);
      }
      if (!/Causale/.test(msg.text ?? '')) throw new Error(`bench: unexpected end of conversation: ${msg.text}`);
    }
    return out;
  };
  await drive(users.slice(CHATS), async (u) => (await script(u)).slice(0, 6)); // warm-up on a spare chat
  const run = await drive(users.slice(0, CHATS), script);
  await running.stop();
  await fake.stop();
  return run;
}

export async function run(): Promise<void> {
  const bareRun = await bare();
  const bareRate = bareRun.updates / bareRun.seconds;
  report('bot.bare.updates_per_s', bareRate, 'updates/s');
  report('bot.bare.p50_ms', pct(bareRun.latencies, 50), 'ms');
  report('bot.bare.p99_ms', pct(bareRun.latencies, 99), 'ms');

  const mysqlUrl = process.env.DATABASE_URL;
  const dbs: [string, string | undefined][] = [['sqlite', undefined]];
  if (mysqlUrl && /^(mysql|mariadb):/.test(mysqlUrl)) dbs.push(['mariadb', mysqlUrl]);
  for (const [name, url] of dbs) {
    if (url) process.env.DATABASE_URL = url;
    else delete process.env.DATABASE_URL;
    const app = await createTestApp();
    try {
      const r = await full(app);
      const rate = r.updates / r.seconds;
      report(`bot.${name}.updates_per_s`, rate, 'updates/s');
      report(`bot.${name}.ratio_vs_bare`, rate / bareRate, 'x');
      report(`bot.${name}.p50_ms`, pct(r.latencies, 50), 'ms');
      report(`bot.${name}.p99_ms`, pct(r.latencies, 99), 'ms');
    } finally {
      await app.dispose();
    }
  }
  if (mysqlUrl) process.env.DATABASE_URL = mysqlUrl;
}
