/** The Telegram face of Sportello: what main.ts, the console, tests and benchmarks use. */
export { createBot, botConfigOf, type BotConfig } from './create-bot.js';
export { startBot, chooseMode, type RunningBot, type StartBotOptions } from './start-bot.js';
export { createTelegramNotifier, createPacer, notificationMessage, type PacingOptions, type NotifierOptions } from './notifier.js';
export { ResilientTelegram, TelegramGuard, TelegramCallFailed, isTelegramCallFailed, type RetryPolicy } from './telegram-client.js';
export { createUpdateDispatcher, type UpdateDispatcher } from './update-dispatcher.js';
export { startInboxConsumer, type InboxConsumer } from './inbox-consumer.js';
export { webhookHandler, webhookSecret, WEBHOOK_PATH } from './webhook.js';
export type { BotContext, Session } from './context.js';
