/**
 * The core's `Notifier` over Telegram, used by the worker. Sends are paced to Telegram's limits
 * (about 1 message/s per chat, 30/s overall) within this process; a 429 becomes the worker's
 * RetryLater(retry_after), a user who blocked the bot a RecipientBlockedError (the core marks them).
 */
import { Telegram } from 'telegraf';
import type { AppConfig } from '../core/config.js';
import { RecipientBlockedError, type Notifier, type NotificationEvent, type NotificationTarget } from '../core/notifications/events.js';
import { PermanentFailure, RetryLater } from '../core/worker/worker.js';
import { botConfigOf, type BotConfig } from './create-bot.js';
import { messages } from './i18n.js';
import { btn, cb, fit, keyboard } from './ui.js';

export interface PacingOptions {
  perChatIntervalMs?: number;
  globalPerSecond?: number;
}

/** Hands out send slots: never two in one chat closer than the interval, never more than N per second overall. */
export function createPacer(opts: PacingOptions = {}, now = () => Date.now()) {
  const perChat = opts.perChatIntervalMs ?? 1000;
  const globalGap = 1000 / (opts.globalPerSecond ?? 30);
  let globalNext = 0;
  const chatNext = new Map<string, number>();
  return async function pace(chatId: string) {
    const t = now();
    const slot = Math.max(t, globalNext, chatNext.get(chatId) ?? 0);
    globalNext = slot + globalGap;
    chatNext.set(chatId, slot + perChat);
    if (chatNext.size > 50_000) for (const [k, v] of chatNext) if (v < t) chatNext.delete(k);
    if (slot > t) await new Promise((r) => setTimeout(r, slot - t));
  };
}

/** The text (and a button or two) of a notification, in the user's language. */
export function notificationMessage(event: NotificationEvent, params: Record<string, unknown>, lang: 'it' | 'en') {
  const m = messages[lang] ?? messages.it;
  const text = fit(m.notify[event](params));
  const rows =
    event === 'coupons_issued' ? [[btn(m.activateNow, cb('m', 'act'))]]
    : event.startsWith('order') || event === 'bank_transfer_received' || event === 'payment_flagged' ? [[btn(m.viewOrders, cb('m', 'ord'))]]
    : [[btn(m.back, cb('m', 'home'))]];
  return { text, reply_markup: keyboard(rows) };
}

export function createTelegramNotifier(config: AppConfig | BotConfig, pacing: PacingOptions = {}): Notifier {
  const bc = 'token' in config ? config : botConfigOf(config);
  const telegram = new Telegram(bc.token, { apiRoot: bc.apiRoot ?? 'https://api.telegram.org', webhookReply: false });
  const pace = createPacer(pacing);
  return {
    async notify(target: NotificationTarget, event: NotificationEvent, params: Record<string, unknown>) {
      const { text, reply_markup } = notificationMessage(event, params, target.language);
      await pace(target.chatId);
      try {
        await telegram.sendMessage(target.chatId, text, { parse_mode: 'HTML', reply_markup, link_preview_options: { is_disabled: true } });
      } catch (e: any) {
        const code = e?.response?.error_code ?? e?.code;
        if (code === 429) throw new RetryLater(1000 * Number(e?.response?.parameters?.retry_after ?? 5), 'Telegram 429: too many requests');
        if (code === 403) throw new RecipientBlockedError(String(e?.response?.description ?? 'blocked'));
        if (code === 400) throw new PermanentFailure(String(e?.response?.description ?? e?.message)); // retrying the same text cannot help
        throw e; // network, 5xx: the worker retries with backoff
      }
    },
  };
}
