// Token buckets approximating Telegram's documented flood limits ("about 30 messages per second overall,
// no more than one message per second in a single chat, short bursts tolerated"). Off by default: it uses
// the wall clock, so only tests/benchmarks that exercise throttling should turn it on.
import { BotApiError } from './errors.js';

export interface RateLimitOptions {
  /** Sustained messages per second across all chats (default 30). */
  globalPerSecond?: number;
  /** Sustained messages per second in one chat (default 1). */
  perChatPerSecond?: number;
  /** Messages a chat may send in a burst before the per-chat rate applies (default 3). */
  perChatBurst?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly global: Bucket;
  private readonly chats = new Map<number, Bucket>();
  private readonly opts: Required<RateLimitOptions>;

  constructor(opts: RateLimitOptions = {}, private readonly now: () => number = Date.now) {
    this.opts = { globalPerSecond: 30, perChatPerSecond: 1, perChatBurst: 3, ...opts };
    this.global = { tokens: this.opts.globalPerSecond, updatedAt: now() };
  }

  /** Consumes one message for `chatId`, or throws the 429 the real API would answer. */
  take(chatId: number): void {
    const chat = this.chats.get(chatId) ?? { tokens: this.opts.perChatBurst, updatedAt: this.now() };
    this.chats.set(chatId, chat);
    const waitGlobal = this.wait(this.global, this.opts.globalPerSecond, this.opts.globalPerSecond);
    const waitChat = this.wait(chat, this.opts.perChatPerSecond, this.opts.perChatBurst);
    const wait = Math.max(waitGlobal, waitChat);
    if (wait > 0) {
      const retryAfter = Math.max(1, Math.ceil(wait));
      throw new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    this.global.tokens -= 1;
    chat.tokens -= 1;
  }

  /** Refills the bucket and returns the seconds until one token is available (0 if available now). */
  private wait(bucket: Bucket, ratePerSecond: number, capacity: number): number {
    const now = this.now();
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * ratePerSecond);
    bucket.updatedAt = now;
    return bucket.tokens >= 1 ? 0 : (1 - bucket.tokens) / ratePerSecond;
  }
}
