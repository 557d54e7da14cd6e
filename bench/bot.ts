/**
 * The bot: a scripted buy conversation (/menu → Acquista coupon → LITE → offer → quantity → Bonifico,
 * which places the order) through the full stack — fake Bot API → our polling → per-chat dispatcher →
 * telegraf → session in the database → core use cases → reply — on SQLite and (with DATABASE_URL)
 * MariaDB, beside a bare telegraf bot that only echoes, on the same kind of fake API in the same run.
 * Latency is from the update being queued at the fake API to the bot's reply being recorded there.
 *
 * Two loads, both printed:
 *
 * - `bot.<db>.*` (the issue's figures): one conversation at a time, as a partner has it. Rounds of
 *   the bare bot and of ours alternate, so a machine that speeds up or slows down during the run
 *   moves both sides alike; each side's rate is its updates over its own time.
 * - `bot.<db>.20_chats.*`: 20 conversations at once, every chat answering as soon as it is
 *   answered. That saturates the one Node process (the fake API runs in it too), so latency there is
 *   mostly waiting in line — by Little's law 20 / rate on average, for the bare echo as well — and on
 *   SQLite the 20 orders placed at the same moment queue on its single writer.
 *
 * Each tap costs our bot two Bot API calls — the answer to the callback query (Telegram shows a
 * spinner until it comes) and the edit of the message — where the echo makes one: 17 calls per
 * conversation (6 getUpdates, 1 sendMessage, 5 answers, 5 edits) against the echo's 12. So a third
 * bot is measured beside them, `bot.bare_buttons`: bare telegraf again, shown the same buttons and
 * answering each tap the way ours must (answer + edit), with no session, database or logic — the
 * protocol's own floor; `bot.<db>.ratio_vs_bare_buttons` is our stack's cost above it.
 */
import { Markup, Telegraf } from 'telegraf';
import { startFakeTelegram, buttonByLabel, type FakeTelegram, type FakeUser, type SentMessage } from '../fakes/telegram-bot-api.js';
import { systemActor } from '../core/shared/actor.js';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { startBot, type RunningBot } from '../bot/start-bot.js';
import { report } from './report.js';

const STEPS = ['/menu', 'Acquista coupon', 'LITE', '5 coupon LITE', '2', 'Bonifico'];
const ROUNDS = 8; // alternating bare / ours, one conversation at a time
const CONVERSATIONS_PER_ROUND = 8;
const CHATS = 20; // the loaded run
const CONVERSATIONS_LOADED = 5; // per chat

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

class Tally {
  latencies: number[] = [];
  /** The same latencies by step of the script (a conversation's updates are pushed in order). */
  byStep: number[][] = STEPS.map(() => []);
  seconds = 0;
  get rate() {
    return this.latencies.length / this.seconds;
  }
}

/** Runs `script(user)` for every user at once, adding its latencies and the elapsed time to `tally`. */
async function drive(tally: Tally, users: FakeUser[], script: (u: FakeUser, conversations: number) => Promise<number[]>, conversations: number) {
  const t0 = performance.now();
  const all = await Promise.all(users.map((u) => script(u, conversations)));
  tally.seconds += (performance.now() - t0) / 1000;
  tally.latencies.push(...all.flat());
  for (const one of all) one.forEach((ms, i) => tally.byStep[i % STEPS.length]!.push(ms));
}

async function timed(fake: FakeTelegram, chatId: number, act: () => void): Promise<[SentMessage, number]> {
  const t = performance.now();
  act();
  const r = await fake.nextReply(chatId, { timeoutMs: 30_000 });
  return [r, performance.now() - t];
}

/** `conversations` times the script: the text, then a tap on each step's button; the latency of each update. */
async function tapThrough(fake: FakeTelegram, u: FakeUser, conversations: number, checkEnd?: (last: SentMessage) => void): Promise<number[]> {
  const out: number[] = [];
  for (let c = 0; c < conversations; c++) {
    let [msg, ms] = await timed(fake, u.id, () => fake.sendText(u, STEPS[0]!));
    out.push(ms);
    for (const label of STEPS.slice(1)) {
      const action = buttonByLabel(msg, label);
      if (!action || !('data' in action)) throw new Error(`bench: no button ${label} in ${msg.text}`);
      [msg, ms] = await timed(fake, u.id, () => fake.pressButton(u, { chat_id: msg.chat_id, message_id: msg.message_id! }, action.data));
      out.push(ms);
    }
    checkEnd?.(msg);
  }
  return out;
}

interface Side {
  users: FakeUser[];
  script(u: FakeUser, conversations: number): Promise<number[]>;
  stop(): Promise<void>;
}

async function startBare(): Promise<Side> {
  const fake = await startFakeTelegram();
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.url, webhookReply: false } });
  bot.on('text', (ctx) => ctx.reply(ctx.message.text));
  void bot.launch({ dropPendingUpdates: true });
  await new Promise((r) => setTimeout(r, 300));
  const users = Array.from({ length: CHATS + 1 }, (_, i) => ({ id: 9_100_000 + i, first_name: `Bare ${i}` }));
  const script = async (u: FakeUser, conversations: number) => {
    const out: number[] = [];
    for (let c = 0; c < conversations; c++) for (const s of STEPS) out.push((await timed(fake, u.id, () => fake.sendText(u, s)))[1]);
    return out;
  };
  await script(users[CHATS]!, 20); // warm-up
  return {
    users: users.slice(0, CHATS),
    script,
    async stop() {
      bot.stop();
      await fake.stop();
    },
  };
}

/** Our script's shape (a text, then five taps), answered by bare telegraf with answer + edit. */
async function startBareButtons(): Promise<Side> {
  const fake = await startFakeTelegram();
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.url, webhookReply: false } });
  const buttons = (n: number) => Markup.inlineKeyboard([STEPS.slice(1).map((label) => Markup.button.callback(label, `${label}:${n}`))]);
  let n = 0;
  bot.on('text', (ctx) => ctx.reply(ctx.message.text, buttons(n++)));
  bot.on('callback_query', async (ctx) => {
    await Promise.all([ctx.editMessageText(`step ${n}`, buttons(n++)), ctx.answerCbQuery()]);
  });
  void bot.launch({ dropPendingUpdates: true });
  await new Promise((r) => setTimeout(r, 300));
  const users = Array.from({ length: 2 }, (_, i) => ({ id: 9_150_000 + i, first_name: `Buttons ${i}` }));
  const script = (u: FakeUser, conversations: number) => tapThrough(fake, u, conversations);
  await script(users[1]!, 20); // warm-up
  return {
    users: users.slice(0, 1),
    script,
    async stop() {
      bot.stop();
      await fake.stop();
    },
  };
}

async function startFull(app: TestApp): Promise<Side> {
  const fake = await startFakeTelegram();
  const running: RunningBot = await startBot(app, { bot: { token: fake.token, apiRoot: fake.url }, mode: 'polling', pollTimeoutS: 5 });
  const users: FakeUser[] = [];
  for (let i = 0; i < CHATS + 1; i++) {
    const partner = await app.useCases.createPartner({ kind: 'service_centre', legalName: `Studio Bench ${i}`, vatNumber: '11111110158', billingEmail: `bench${i}@example.test` }, systemActor('bench'));
    const { code } = await app.useCases.issueLinkCode({ partnerId: partner.id, role: 'owner' }, systemActor('bench'));
    const u = { id: 9_200_000 + i, first_name: `Bench ${i}`, language_code: 'it' };
    fake.sendText(u, `/start ${code}`);
    await fake.nextReply(u.id);
    users.push(u);
  }
  const script = (u: FakeUser, conversations: number) =>
    tapThrough(fake, u, conversations, (last) => {
      if (!/Causale/.test(last.text ?? '')) throw new Error(`bench: unexpected end of conversation: ${last.text}`);
    });
  await script(users[CHATS]!, 20); // warm-up on a spare chat (the JIT and the caches)
  return {
    users: users.slice(0, CHATS),
    script,
    async stop() {
      await running.stop();
      await fake.stop();
    },
  };
}

function reportLatency(prefix: string, t: Tally) {
  report(`${prefix}.p50_ms`, pct(t.latencies, 50), 'ms');
  report(`${prefix}.p99_ms`, pct(t.latencies, 99), 'ms');
}

export async function run(): Promise<void> {
  const mysqlUrl = process.env.DATABASE_URL;
  const dbs: [string, string | undefined][] = [['sqlite', undefined]];
  if (mysqlUrl && /^(mysql|mariadb):/.test(mysqlUrl)) dbs.push(['mariadb', mysqlUrl]);

  const bare = await startBare();
  const buttons = await startBareButtons();
  const bareOne = new Tally();
  const buttonsOne = new Tally();
  const results: { name: string; one: Tally; bareOne: Tally; buttonsOne: Tally; loaded: Tally; bareLoaded: Tally }[] = [];
  try {
    for (const [name, url] of dbs) {
      if (url) process.env.DATABASE_URL = url;
      else delete process.env.DATABASE_URL;
      const app = await createTestApp();
      try {
        const full = await startFull(app);
        try {
          const r = { name, one: new Tally(), bareOne: new Tally(), buttonsOne: new Tally(), loaded: new Tally(), bareLoaded: new Tally() };
          for (let round = 0; round < ROUNDS; round++) {
            await drive(r.bareOne, bare.users.slice(0, 1), bare.script, CONVERSATIONS_PER_ROUND);
            await drive(r.buttonsOne, buttons.users, buttons.script, CONVERSATIONS_PER_ROUND);
            await drive(r.one, full.users.slice(0, 1), full.script, CONVERSATIONS_PER_ROUND);
          }
          await drive(r.bareLoaded, bare.users, bare.script, CONVERSATIONS_LOADED);
          await drive(r.loaded, full.users, full.script, CONVERSATIONS_LOADED);
          for (const [all, part] of [[bareOne, r.bareOne], [buttonsOne, r.buttonsOne]] as const) {
            all.latencies.push(...part.latencies);
            part.byStep.forEach((xs, i) => all.byStep[i]!.push(...xs));
            all.seconds += part.seconds;
          }
          results.push(r);
        } finally {
          await full.stop();
        }
      } finally {
        await app.dispose();
      }
    }
  } finally {
    await buttons.stop();
    await bare.stop();
    if (mysqlUrl) process.env.DATABASE_URL = mysqlUrl;
  }

  report('bot.bare.updates_per_s', bareOne.rate, 'updates/s');
  reportLatency('bot.bare', bareOne);
  report('bot.bare_buttons.updates_per_s', buttonsOne.rate, 'updates/s');
  report('bot.bare_buttons.ratio_vs_bare', buttonsOne.rate / bareOne.rate, 'x');
  reportLatency('bot.bare_buttons', buttonsOne);
  for (const r of results) {
    report(`bot.${r.name}.updates_per_s`, r.one.rate, 'updates/s');
    report(`bot.${r.name}.ratio_vs_bare`, r.one.rate / r.bareOne.rate, 'x');
    report(`bot.${r.name}.ratio_vs_bare_buttons`, r.one.rate / r.buttonsOne.rate, 'x');
    reportLatency(`bot.${r.name}`, r.one);
    // Where the time goes: the last tap places the order (a write transaction); the others only read
    // the session and answer. Beside them, the same taps answered by the bare button bot.
    const last = STEPS.length - 1;
    report(`bot.${r.name}.order_step_p50_ms`, pct(r.one.byStep[last]!, 50), 'ms');
    report(`bot.${r.name}.other_steps_p50_ms`, pct(r.one.byStep.slice(0, last).flat(), 50), 'ms');
  }
  report('bot.bare_buttons.order_step_p50_ms', pct(buttonsOne.byStep[STEPS.length - 1]!, 50), 'ms');
  report('bot.bare_buttons.other_steps_p50_ms', pct(buttonsOne.byStep.slice(0, -1).flat(), 50), 'ms');
  const bareLoaded = results[0]!.bareLoaded;
  report(`bot.bare.${CHATS}_chats.updates_per_s`, bareLoaded.rate, 'updates/s');
  reportLatency(`bot.bare.${CHATS}_chats`, bareLoaded);
  for (const r of results) {
    report(`bot.${r.name}.${CHATS}_chats.updates_per_s`, r.loaded.rate, 'updates/s');
    report(`bot.${r.name}.${CHATS}_chats.ratio_vs_bare`, r.loaded.rate / r.bareLoaded.rate, 'x');
    reportLatency(`bot.${r.name}.${CHATS}_chats`, r.loaded);
  }
}
