/**
 * The core's `Notifier` over Telegram, used by the worker. Sends are paced to Telegram's limits
 * (about 1 message/s per chat, 30/s overall) within this process. Calls go through telegram-client.ts:
 * a short 429 or a passing 5xx is waited out there; a 429 longer than its budget becomes the worker's
 * RetryLater(retry_after), a user who blocked the bot a RecipientBlockedError (the core marks them).
 */
import type { AppConfig } from '../core/config.js';
import { RecipientBlockedError, type Notifier, type NotificationEvent, type NotificationTarget } from '../core/notifications/events.js';
import { PermanentFailure, RetryLater } from '../core/worker/worker.js';
import { botConfigOf, type BotConfig } from './create-bot.js';
import { messages } from './i18n.js';
import { btn, cb, fit, keyboard } from './ui.js';
import { ResilientTelegram, TelegramGuard, isTelegramCallFailed, type RetryPolicy } from './telegram-client.js';
import type { Logger } from '../core/logger.js';

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
    : event === 'invoice_awaiting_data' ? [[btn(m.invoices.billing, cb('f', 'b'))]]
    : event === 'renewals_due' || event === 'company_suspended' ? [[btn(m.renewals.renewButton, cb('m', 'exp'))]]
    : event.startsWith('order') || event === 'bank_transfer_received' || event === 'payment_flagged' || event === 'payment_restored' ? [[btn(m.viewOrders, cb('m', 'ord'))]]
    : [[btn(m.back, cb('m', 'home'))]];
  return { text, reply_markup: keyboard(rows) };
}

export interface NotifierOptions {
  /**
   * Retries inside one notification (telegram-client.ts). The budget is short: a worker waiting out a
   * long retry_after would hold every other job up, so a longer one goes back to the outbox as RetryLater.
   */
  retry?: Partial<RetryPolicy>;
  log?: Logger;
}

export const NOTIFIER_RETRY: RetryPolicy = { attempts: 3, budgetMs: 5_000, backoffMs: 500 };

export function createTelegramNotifier(config: AppConfig | BotConfig, pacing: PacingOptions = {}, opts: NotifierOptions = {}): Notifier {
  const bc = 'token' in config ? config : botConfigOf(config);
  // The user is marked by the core on RecipientBlockedError (deliver-notification.ts), not by the guard.
  const guard = new TelegramGuard({ retry: { ...NOTIFIER_RETRY, ...bc.retry, ...opts.retry }, log: opts.log });
  const telegram = new ResilientTelegram(bc.token, { apiRoot: bc.apiRoot ?? 'https://api.telegram.org', webhookReply: false }, guard);
  const pace = createPacer(pacing);
  return {
    async notify(target: NotificationTarget, event: NotificationEvent, params: Record<string, unknown>) {
      const { text, reply_markup } = notificationMessage(event, params, target.language);
      await pace(target.chatId);
      try {
        await telegram.sendMessage(target.chatId, text, { parse_mode: 'HTML', reply_markup, link_preview_options: { is_disabled: true } });
      } catch (e) {
        if (isTelegramCallFailed(e)) {
          if (e.reason === 'blocked') throw new RecipientBlockedError(e.description);
          if (e.retryAfterS !== undefined) throw new RetryLater(1000 * e.retryAfterS, `Telegram 429: too many requests (retry after ${e.retryAfterS} s)`);
          throw e; // 5xx or network after the retries: the worker tries again with its backoff
        }
        const code = (e as { response?: { error_code?: number; description?: string } })?.response?.error_code;
        // 400: retrying the same text cannot help
        if (code === 400) throw new PermanentFailure(String((e as any)?.response?.description ?? (e as Error)?.message));
        throw e;
      }
    },
  };
}
