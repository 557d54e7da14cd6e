/**
 * The one place every Bot API call of the bot goes through — replies, edits and callback answers
 * (each update's `ctx.telegram`, see create-bot.ts), the bot's own calls (`bot.telegram`) and the
 * worker's notifications (notifier.ts).
 *
 * Telegram answers 429 with `retry_after` in normal operation, and now and then a 5xx or a dropped
 * connection: the call is tried again after `retry_after`, or after a doubling backoff, at most
 * `attempts` times within `budgetMs`. When that is not enough the call fails with one log line and a
 * `TelegramCallFailed` ('unavailable'), which the error boundary recognises: the partner is not told
 * "something went wrong" by a bot that cannot reach Telegram anyway.
 *
 * A 403 ("bot was blocked by the user", "user is deactivated", …) means the chat cannot be written
 * to: the guard remembers the chat (no further calls to it leave this process, until the user writes
 * again), `onBlocked` marks the partner user, and the call fails with a `TelegramCallFailed` ('blocked').
 *
 * Other refusals (400 "message is not modified", a bad button, …) are answers about the request
 * itself, which a retry cannot change: they reach the caller as telegraf's TelegramError, untouched.
 *
 * A retried call after a lost connection may, rarely, have reached Telegram the first time: the
 * partner then sees a message twice. Losing the menu is worse.
 */
import { Telegram, TelegramError } from 'telegraf';
import type { Opts, Telegram as Methods } from 'telegraf/types';
import type { Logger } from '../core/logger.js';

export interface RetryPolicy {
  /** Tries of one call in all, the first included. */
  attempts: number;
  /** The longest one call may take with its waits: a `retry_after` that would pass it is not waited for. */
  budgetMs: number;
  /** The wait after the first 5xx or network error, doubled after each further one. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, budgetMs: 60_000, backoffMs: 1_000 };

/** The long poll has its own loop (start-bot.ts), and waiting inside it would hold every chat up. */
const NOT_RETRIED = new Set<string>(['getUpdates']);

export class TelegramCallFailed extends Error {
  constructor(
    readonly method: string,
    /** blocked: the chat refuses the bot (403); unavailable: Telegram did not take the call in time */
    readonly reason: 'blocked' | 'unavailable',
    /** Telegram's error_code (429, 5xx, 403), undefined for a network error */
    readonly code: number | undefined,
    readonly description: string,
    /** set when the last answer was a 429: when Telegram will take calls again */
    readonly retryAfterS?: number,
  ) {
    super(`Telegram ${method}: ${description}`);
    this.name = 'TelegramCallFailed';
  }
}

export const isTelegramCallFailed = (e: unknown): e is TelegramCallFailed => e instanceof TelegramCallFailed;

export interface TelegramGuardOptions {
  retry?: Partial<RetryPolicy>;
  /** Where a call given up on, or a chat that blocked the bot, is told (one line each). */
  log?: Logger;
  /** A chat answered 403: mark who is behind it. Its failure is logged, the call still fails as 'blocked'. */
  onBlocked?: (chatId: string) => Promise<unknown> | void;
}

const MAX_BLOCKED_REMEMBERED = 10_000;

/** What every client of one bot shares: the policy, the log, and the chats known to refuse the bot. */
export class TelegramGuard {
  readonly policy: RetryPolicy;
  private readonly blocked = new Set<string>();

  constructor(readonly opts: TelegramGuardOptions = {}) {
    this.policy = { ...DEFAULT_RETRY, ...opts.retry };
  }

  isBlocked(chatId: string): boolean {
    return this.blocked.has(chatId);
  }

  /** The user wrote to the bot: they can be written to again. True if the chat was known to refuse the bot. */
  chatSpoke(chatId: string | number): boolean {
    return this.blocked.delete(String(chatId));
  }

  /** Remembers the chat; true the first time (the caller then marks and logs). */
  remember(chatId: string): boolean {
    if (this.blocked.has(chatId)) return false;
    if (this.blocked.size >= MAX_BLOCKED_REMEMBERED) this.blocked.delete(this.blocked.values().next().value as string);
    this.blocked.add(chatId);
    return true;
  }
}

type CallOpts = Parameters<Telegram['callApi']>[2];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The chat a call writes to (undefined for calls about no chat, e.g. answerCallbackQuery). */
function chatOf(payload: unknown): string | undefined {
  const id = (payload as { chat_id?: unknown } | undefined)?.chat_id;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : undefined;
}

/** A telegraf `Telegram` whose every call passes `callApi` below (telegraf's public, documented entry). */
export class ResilientTelegram extends Telegram {
  constructor(token: string, options: Partial<Telegram['options']>, readonly guard: TelegramGuard) {
    super(token, options);
  }

  override async callApi<M extends keyof Methods>(method: M, payload: Opts<M>, opts?: CallOpts): Promise<ReturnType<Methods[M]>> {
    if (NOT_RETRIED.has(method)) return super.callApi(method, payload, opts);
    const chatId = chatOf(payload);
    const { guard } = this;
    if (chatId !== undefined && guard.isBlocked(chatId)) {
      throw new TelegramCallFailed(method, 'blocked', 403, 'the chat blocked the bot (known: not asked again)');
    }
    const { attempts, budgetMs, backoffMs } = guard.policy;
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      let wait: number;
      let failure: TelegramCallFailed;
      try {
        return await super.callApi(method, payload, opts);
      } catch (e) {
        if (opts?.signal?.aborted) throw e;
        if (!(e instanceof TelegramError)) {
          // node-fetch's errors: refused or reset connections, timeouts, a body that is not JSON
          wait = backoffMs * 2 ** (attempt - 1);
          failure = new TelegramCallFailed(method, 'unavailable', undefined, (e as Error)?.message ?? String(e));
        } else if (e.code === 429) {
          const retryAfterS = Number(e.parameters?.retry_after ?? 1);
          wait = retryAfterS * 1000;
          failure = new TelegramCallFailed(method, 'unavailable', 429, e.description, retryAfterS);
        } else if (e.code >= 500) {
          wait = backoffMs * 2 ** (attempt - 1);
          failure = new TelegramCallFailed(method, 'unavailable', e.code, e.description);
        } else if (e.code === 403 && chatId !== undefined) {
          throw await this.blocked(method, chatId, e.description);
        } else {
          throw e; // about the request itself: retrying cannot change the answer
        }
      }
      if (attempt >= attempts || Date.now() - started + wait > budgetMs) {
        guard.opts.log?.warn(
          { method, chatId, code: failure.code, description: failure.description, retryAfterS: failure.retryAfterS, tries: attempt },
          'Telegram call given up',
        );
        throw failure;
      }
      await sleep(wait);
    }
  }

  private async blocked(method: string, chatId: string, description: string): Promise<TelegramCallFailed> {
    const { guard } = this;
    if (guard.remember(chatId)) {
      guard.opts.log?.info({ method, chatId, description }, 'Telegram: the chat refuses the bot; no further sends to it');
      try {
        await guard.opts.onBlocked?.(chatId);
      } catch (e) {
        guard.opts.log?.warn({ chatId, error: (e as Error)?.message }, 'Telegram: marking the blocked chat failed');
      }
    }
    return new TelegramCallFailed(method, 'blocked', 403, description);
  }
}
