/**
 * `createBot(app, config)`: the Telegraf instance with one composer per feature, behind the error
 * boundary, the database session and the linking gate; the catch-all handler is last. It does not
 * receive updates by itself: start-bot.ts feeds it through the per-chat dispatcher.
 */
import { Context, Telegraf, session } from 'telegraf';
import type { App } from '../core/app.js';
import type { AppConfig } from '../core/config.js';
import type { BotSessionStore } from '../core/bot-state/bot-sessions.js';
import { createCatalogue } from './catalogue.js';
import type { BotContext, Session } from './context.js';
import { activateComposer } from './features/activate.js';
import { buyComposer } from './features/buy.js';
import { inviteComposer } from './features/invite.js';
import { invoicesComposer } from './features/invoices.js';
import { linkComposer } from './features/link.js';
import { listsComposer } from './features/lists.js';
import { renewalsComposer } from './features/renewals.js';
import { fallbackComposer, menuComposer } from './features/menu.js';
import { boundary, identity, skipRedelivered } from './middleware.js';
import { ResilientTelegram, TelegramGuard, type RetryPolicy } from './telegram-client.js';

export interface BotConfig {
  token: string;
  apiRoot?: string;
  /** how Bot API calls are retried (telegram-client.ts); tests shorten the backoff */
  retry?: Partial<RetryPolicy>;
}

export function botConfigOf(config: AppConfig): BotConfig {
  if (!config.TELEGRAM_BOT_TOKEN) throw new Error('TELEGRAM_BOT_TOKEN is not set: the bot is off');
  return { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT };
}

export function createBot(app: App, config: BotConfig | AppConfig = app.config): Telegraf<BotContext> {
  const bc = 'token' in config ? config : botConfigOf(config);
  const guard = new TelegramGuard({
    retry: bc.retry,
    log: app.log,
    onBlocked: (chatId) => app.useCases.markTelegramChatBlocked(chatId),
  });
  // Every call goes through telegram-client.ts: each update's `ctx.telegram` is built by the context
  // class (telegraf's documented `contextType`), the bot's own calls use `bot.telegram`.
  class SportelloContext extends Context {
    constructor(update: ConstructorParameters<typeof Context>[0], telegram: ConstructorParameters<typeof Context>[1], botInfo: ConstructorParameters<typeof Context>[2]) {
      super(update, new ResilientTelegram(telegram.token, telegram.options, guard), botInfo);
    }
  }
  // webhookReply off: with it telegraf answers the webhook request with the first call and never sees its errors.
  const options = { apiRoot: bc.apiRoot ?? 'https://api.telegram.org', webhookReply: false };
  const bot = new Telegraf<BotContext>(bc.token, {
    telegram: options,
    contextType: SportelloContext as unknown as new (...args: ConstructorParameters<typeof Context>) => BotContext,
    // A handler may wait out a few retry_after: leave it the whole retry budget on top of its own work.
    handlerTimeout: 60_000 + guard.policy.budgetMs,
  });
  bot.telegram = new ResilientTelegram(bc.token, options, guard);
  bot.context.catalogue = createCatalogue(app);
  bot.use(boundary(app));
  // The chat's state: read from the database when an update starts, written when it ends (also when a
  // handler failed), one chat at a time (the dispatcher), so the next update always finds it.
  bot.use(session<Session, BotContext>({
    store: app.useCases.botSessions as BotSessionStore<Session>,
    getSessionKey: (ctx) => String(ctx.chat?.id ?? ctx.from?.id ?? '') || undefined,
    defaultSession: () => ({}),
  }));
  bot.use(skipRedelivered());
  bot.use(identity(app));
  bot.use(linkComposer()); // /start, /lingua, then the gate for unlinked chats
  bot.use(menuComposer()); // /menu and /annulla work at every step, before any flow sees the text
  bot.use(buyComposer());
  bot.use(activateComposer());
  bot.use(inviteComposer());
  bot.use(listsComposer());
  bot.use(renewalsComposer());
  bot.use(invoicesComposer());
  bot.use(fallbackComposer());
  bot.catch((err, ctx) => app.log.error({ err, updateId: ctx.update.update_id }, 'bot error outside the boundary'));
  return bot;
}
