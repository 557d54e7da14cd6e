/**
 * `startBot(app, opts)`: runs the bot — long polling when there is no public URL, or a webhook at
 * web/'s `/webhooks/telegram` with a secret token when there is — feeding every update through the
 * per-chat dispatcher (update-dispatcher.ts) rather than telegraf's own concurrent loop.
 */
import type { Express } from 'express';
import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { App } from '../core/app.js';
import type { AppConfig } from '../core/config.js';
import type { BotContext } from './context.js';
import { botConfigOf, createBot, flushSessions, type BotConfig } from './create-bot.js';
import { isTelegramCallFailed } from './telegram-client.js';
import { createUpdateDispatcher, type UpdateDispatcher } from './update-dispatcher.js';
import { WEBHOOK_PATH, webhookHandler, webhookSecret } from './webhook.js';

export interface StartBotOptions {
  config?: AppConfig;
  /** token and API root (defaults to the config's; tests and the console point it at the fake API) */
  bot?: BotConfig;
  /** default: webhook when TELEGRAM_USE_WEBHOOK=true, or when unset and PUBLIC_BASE_URL is a public https URL */
  mode?: 'polling' | 'webhook';
  pollTimeoutS?: number;
}

export interface RunningBot {
  bot: Telegraf<BotContext>;
  dispatcher: UpdateDispatcher;
  mode: 'polling' | 'webhook';
  /** webhook mode: the node handler of POST /webhooks/telegram */
  handleWebhook?: ReturnType<typeof webhookHandler>;
  /** webhook mode: mounts the handler on web/'s express server */
  mountWebhook?(server: Express): void;
  stop(): Promise<void>;
}

const MAX_IN_FLIGHT = 200;

export function chooseMode(config: AppConfig): 'polling' | 'webhook' {
  if (config.TELEGRAM_USE_WEBHOOK !== undefined) return config.TELEGRAM_USE_WEBHOOK ? 'webhook' : 'polling';
  const u = new URL(config.PUBLIC_BASE_URL);
  return u.protocol === 'https:' && !/^(localhost|127\.|\[::1\])/.test(u.hostname) ? 'webhook' : 'polling';
}

export async function startBot(app: App, opts: StartBotOptions = {}): Promise<RunningBot> {
  const config = opts.config ?? app.config;
  const bc = opts.bot ?? botConfigOf(config);
  const mode = opts.mode ?? chooseMode(config);
  // Several processes can receive one bot's updates only through webhooks (Telegram serves getUpdates
  // to one poller) and only share a chat's state on MySQL (SQLite is single-process by design).
  const shared = mode === 'webhook' && app.db.dialect === 'mysql';
  const bot = createBot(app, bc, { shared });
  bot.botInfo = await bot.telegram.getMe();
  const dispatcher = createUpdateDispatcher({ sequelize: app.db.sequelize, databaseUrl: config.databaseUrl, handle: (u) => bot.handleUpdate(u), shared });
  // A Telegram failure there is logged once by telegram-client.ts already; anything else is ours.
  await setCommands(bot).catch((err) => (isTelegramCallFailed(err) ? undefined : app.log.warn({ err }, 'setMyCommands failed')));
  await dispatcher.recover();
  // Inbox rows left by a process that died mid-update (webhooks on MySQL) are picked up by whoever runs next.
  const recovery = setInterval(() => void dispatcher.recover().catch((err) => app.log.warn({ err }, 'bot inbox recovery failed')), 60_000);
  recovery.unref();

  if (mode === 'webhook') {
    const secret = webhookSecret(config);
    const url = `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}${WEBHOOK_PATH}`;
    await bot.telegram.setWebhook(url, { secret_token: secret, allowed_updates: ['message', 'callback_query'] });
    const handleWebhook = webhookHandler(dispatcher, secret, app.log);
    app.log.info({ url }, 'Telegram bot: webhook set');
    return {
      bot, dispatcher, mode, handleWebhook,
      mountWebhook(server) {
        server.post(WEBHOOK_PATH, (req, res) => void handleWebhook(req, res));
      },
      async stop() {
        clearInterval(recovery);
        await dispatcher.close();
        await flushSessions(bot);
      },
    };
  }

  await bot.telegram.deleteWebhook({ drop_pending_updates: false });
  const abort = new AbortController();
  let running = true;
  let lastOffset = 0;
  let inFlight = 0;
  let wakeLoop: (() => void) | null = null;
  const loop = (async () => {
    let offset = 0;
    while (running) {
      let updates: Update[];
      try {
        updates = await bot.telegram.callApi('getUpdates', { offset, limit: 100, timeout: opts.pollTimeoutS ?? 25, allowed_updates: ['message', 'callback_query'] }, { signal: abort.signal as any });
      } catch (err) {
        if (!running) break;
        app.log.warn({ err }, 'getUpdates failed; retrying');
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (!updates.length) continue;
      offset = lastOffset = updates[updates.length - 1]!.update_id + 1;
      // Chats run concurrently, each chat's updates in order (the dispatcher). The next batch is asked
      // for at once rather than after the slowest update of this one (which made every chat wait for
      // it); in-flight updates are bounded, and `stop()` waits for them before confirming the offset.
      // A crash can lose the updates in flight (at most MAX_IN_FLIGHT, usually a handful): the
      // partner taps again. (With webhooks on MySQL an update is in the inbox before Telegram is answered.)
      for (const u of updates) {
        inFlight++;
        void dispatcher
          .receive(u)
          .catch((err) => app.log.error({ err, updateId: u.update_id }, 'update failed'))
          .finally(() => {
            inFlight--;
            wakeLoop?.();
          });
      }
      while (inFlight >= MAX_IN_FLIGHT && running) await new Promise<void>((r) => (wakeLoop = r));
      // One turn of the event loop first: the handlers just started reach their replies (most need no
      // I/O before them) ahead of the next long poll on the wire. Measured: -0.3 ms per reply.
      await new Promise((r) => setImmediate(r));
    }
  })();
  app.log.info({ username: bot.botInfo.username }, 'Telegram bot: long polling');
  return {
    bot, dispatcher, mode,
    async stop() {
      running = false;
      clearInterval(recovery);
      abort.abort();
      wakeLoop?.();
      await loop;
      await dispatcher.close(); // the updates in flight finish before their offset is confirmed
      await flushSessions(bot); // and their sessions are in the database
      // Confirm the last batch to Telegram (getUpdates confirms by offset), or the next start gets it again.
      if (lastOffset) await bot.telegram.callApi('getUpdates', { offset: lastOffset, limit: 1, timeout: 0 }).catch(() => {});
    },
  };
}

async function setCommands(bot: Telegraf<BotContext>) {
  await bot.telegram.setMyCommands([
    { command: 'menu', description: 'Menu principale' },
    { command: 'annulla', description: 'Annulla l’operazione in corso' },
    { command: 'lingua', description: 'Cambia lingua / Change language' },
    { command: 'aiuto', description: 'Aiuto' },
  ]);
  await bot.telegram.setMyCommands(
    [
      { command: 'menu', description: 'Main menu' },
      { command: 'annulla', description: 'Cancel what you are doing' },
      { command: 'lingua', description: 'Change language' },
      { command: 'aiuto', description: 'Help' },
    ],
    { language_code: 'en' },
  );
}
