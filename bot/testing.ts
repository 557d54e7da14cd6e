/**
 * Test and benchmark harness: a fresh app, the fake Bot API, the bot polling it, and helpers to play
 * the user's side (`say`, `tap`) returning what the user then sees.
 */
import { startFakeTelegram, buttonByLabel, listButtons, type FakeTelegram, type FakeUser, type SentMessage } from '../fakes/telegram-bot-api.js';
import type { App } from '../core/app.js';
import { systemActor } from '../core/shared/actor.js';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { createTelegramNotifier } from './notifier.js';
import { startBot, type RunningBot, type StartBotOptions } from './start-bot.js';

let nextUserId = 5_000_000 + Math.floor(Math.random() * 1_000_000) * 10;

export interface Harness {
  app: App;
  fake: FakeTelegram;
  running: RunningBot;
  user(opts?: Partial<FakeUser>): FakeUser;
  say(u: FakeUser, text: string): Promise<SentMessage>;
  tap(u: FakeUser, msg: SentMessage, label: string): Promise<SentMessage>;
  /** a user linked to a new partner through /start <code>; returns the partner id and the welcome */
  linkedUser(opts?: Partial<FakeUser> & { partnerName?: string }): Promise<{ u: FakeUser; partnerId: number; welcome: SentMessage }>;
  /** runs the worker's due jobs (provisioning, notifications through the fake) */
  drainJobs(): Promise<number>;
  restartBot(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(opts: { app?: TestApp; fake?: FakeTelegram; botOptions?: Partial<StartBotOptions> } = {}): Promise<Harness> {
  const app = opts.app ?? (await createTestApp());
  const fake = opts.fake ?? (await startFakeTelegram());
  // A short backoff after 5xx keeps retry tests quick; a 429 still waits its retry_after.
  const botCfg = { token: fake.token, apiRoot: fake.url, retry: { backoffMs: 20 } };
  const start = () => startBot(app, { bot: botCfg, mode: 'polling', pollTimeoutS: 1, ...opts.botOptions });
  let running = await start();
  const worker = app.createWorker({ notifier: createTelegramNotifier(botCfg, { perChatIntervalMs: 0, globalPerSecond: 1000 }) });

  const h: Harness = {
    app,
    fake,
    get running() {
      return running;
    },
    user: (o = {}) => ({ id: ++nextUserId, first_name: 'Giulia', last_name: 'Bianchi', language_code: 'it', ...o }),
    async say(u, text) {
      fake.sendText(u, text);
      return fake.nextReply(u.id);
    },
    async tap(u, msg, label) {
      const action = buttonByLabel(msg, label);
      if (!action || !('data' in action)) throw new Error(`no button "${label}" in: ${msg.text}\n${listButtons(msg).map((b) => b.label).join(' | ')}`);
      fake.pressButton(u, { chat_id: msg.chat_id, message_id: msg.message_id! }, action.data);
      return fake.nextReply(u.id);
    },
    async linkedUser(o = {}) {
      const { partnerName, ...userOpts } = o;
      const partner = await app.useCases.createPartner(
        { kind: 'service_centre', legalName: partnerName ?? `Studio ${nextUserId} S.r.l.`, vatNumber: '11111110158', billingEmail: `studio${nextUserId}@example.test` },
        systemActor('test'),
      );
      const { code } = await app.useCases.issueLinkCode({ partnerId: partner.id, role: 'owner' }, systemActor('test'));
      const u = h.user(userOpts);
      const welcome = await h.say(u, `/start ${code}`);
      return { u, partnerId: partner.id, welcome };
    },
    drainJobs: () => worker.drain(),
    async restartBot() {
      await running.stop();
      running = await start();
    },
    async stop() {
      await running.stop();
      await fake.stop();
      if (!opts.app) await (app as TestApp).dispose();
    },
  };
  return h;
}
