// Fake Telegram Bot API: a local server speaking the real HTTP protocol, reached by telegraf through
// `new Telegraf(token, { telegram: { apiRoot: fake.url, webhookReply: false } })`. Used by tests,
// benchmarks and the offline console (`npm run bot:console`). Implementation in ./telegram-bot-api/.
export { FakeTelegram, startFakeTelegram, type FakeTelegramOptions } from './telegram-bot-api/server.js';
export { BotApiError } from './telegram-bot-api/errors.js';
export { buttonByIndex, buttonByLabel, listButtons, renderForTerminal, type ButtonAction, type ListedButton, type RenderableMessage } from './telegram-bot-api/render.js';
export { formatText, parseHtml, parseMarkdownV2, EntityParseError } from './telegram-bot-api/formatting.js';
export type { RateLimitOptions } from './telegram-bot-api/rate-limit.js';
export type { WaitOptions } from './telegram-bot-api/store.js';
export type {
  ApiCall, CallbackAnswer, FakeUser, InjectedError, MessageEntity, ReplyMarkup, SentMessage, TgChat, TgMessage, TgUser, Update,
  WebhookDelivery,
} from './telegram-bot-api/types.js';
