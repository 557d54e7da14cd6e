/**
 * `startBot(app, opts)`: runs the bot — the one process that consumes its updates. Long polling when
 * there is no public URL; with one, a webhook at web/'s `/webhooks/telegram` (any web process stores
 * the update in the inbox, this process drains it: inbox-consumer.ts). Either way every update goes
 * through the per-chat dispatcher rather than telegraf's own concurrent loop.
 */
import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { App } from '../core/app.js';
import type { AppConfig } from '../core/config.js';
import type { BotContext } from './context.js';
import { botConfigOf, createBot, type BotConfig } from './create-bot.js';
import { startInboxConsumer, type InboxConsumerOptions } from './inbox-consumer.js';
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
  /** webhook mode: how the inbox is drained (tests shorten the lease) */
  inbox?: InboxConsumerOptions;
}

export interface RunningBot {
  bot: Telegraf<BotContext>;
  dispatcher: UpdateDispatcher;
  mode: 'polling' | 'webhook';
  /** webhook mode: tells the consumer an update was just stored by this process */
  nudge?(): void;
  /** webhook mode: the node handler of POST /webhooks/telegram, telling this bot at once */
  handleWebhook?: ReturnType<typeof webhookHandler>;
  stop(): Promise<void>;
}

const MAX_IN_FLIGHT = 200;

export function chooseMode(config: AppConfig): 'polling' | 'webhook' {
  if (config.TELEGRAM_USE_WEBHOOK !== undefined) return config.TELEGRAM_USE_WEBHOOK ? 'webhook' : 'polling';
  const u = new URL(config.PUBLIC_BASE_URL);
  return u.protocol === 'https:' && !/^(localhost|127\.|\[::1\])/.test(u.hostname) ? 'webhook' : 'polling';
}

/**
 * Polling mode: updates a webhook deployment stored and never handled (it was moved to polling) are
 * handled first, in order, each removed once handled.
 */
async function handleLeftovers(app: App, dispatcher: UpdateDispatcher) {
  const inbox = app.useCases.botInbox;
  for (let rows = await inbox.pending(100); rows.length; rows = await inbox.pending(100)) {
    await Promise.all(
      rows.map((row) =>
        dispatcher
          .dispatch(JSON.parse(row.payload) as Update)
          .catch((err) => app.log.error({ err, updateId: row.updateId }, 'update failed'))
          .then(() => inbox.remove(row.updateId)),
      ),
    );
  }
}

export async function startBot(app: App, opts: StartBotOptions = {}): Promise<RunningBot> {
  const config = opts.config ?? app.config;
  const bc = opts.bot ?? botConfigOf(config);
  const mode = opts.mode ?? chooseMode(config);
  const bot = createBot(app, bc);
  bot.botInfo = await bot.telegram.getMe();
  const dispatcher = createUpdateDispatcher((u) => bot.handleUpdate(u));
  // A Telegram failure there is logged once by telegram-client.ts already; anything else is ours.
  await setCommands(bot).catch((err) => (isTelegramCallFailed(err) ? undefined : app.log.warn({ err }, 'setMyCommands failed')));

  if (mode === 'webhook') {
    const secret = webhookSecret(config);
    const url = `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}${WEBHOOK_PATH}`;
    const consumer = startInboxConsumer(app, dispatcher, opts.inbox);
    await bot.telegram.setWebhook(url, { secret_token: secret, allowed_updates: ['message', 'callback_query'] });
    const handleWebhook = webhookHandler(app, secret, consumer.nudge);
    app.log.info({ url }, 'Telegram bot: webhook set');
    return {
      bot, dispatcher, mode, handleWebhook,
      nudge: consumer.nudge,
      stop: () => consumer.stop(),
    };
  }

  await bot.telegram.deleteWebhook({ drop_pending_updates: false });
  await handleLeftovers(app, dispatcher);
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
      // for at once rather than after the slowest update of this one (which would make every chat wait
      // for it); in-flight updates are bounded, and `stop()` waits for them before confirming the offset.
      // A crash loses the updates in flight (the partner taps again; the tap finds the flow where its
      // last handled update left it, and a "pay" tap replayed finds the order it placed: place-order.ts).
      for (const u of updates) {
        inFlight++;
        void dispatcher
          .dispatch(u)
          .catch((err) => app.log.error({ err, updateId: u.update_id }, 'update failed'))
          .finally(() => {
            inFlight--;
            wakeLoop?.();
          });
      }
      while (inFlight >= MAX_IN_FLIGHT && running) await new Promise<void>((r) => (wakeLoop = r));
    }
  })();
  app.log.info({ username: bot.botInfo.username }, 'Telegram bot: long polling');
  return {
    bot, dispatcher, mode,
    async stop() {
      running = false;
      abort.abort();
      wakeLoop?.();
      await loop;
      await dispatcher.drained(); // the updates in flight finish before their offset is confirmed
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
