// The update queue: what the bot has not consumed yet, handed out by long polling (getUpdates) or pushed
// to a webhook (POST, secret header, retries). Switching modes keeps the queue, like the real API.
import type { ClientRequest } from 'node:http';
import { BotApiError, badRequest } from './errors.js';
import { postJson, type Params } from './http.js';
import type { CallContext, Method } from './methods.js';
import type { Update, WebhookDelivery } from './types.js';
import { optBool, optInt, optString } from './validate.js';

export interface UpdateQueueOptions {
  /** Webhook POST attempts per update before it is dropped (default 3). */
  webhookMaxAttempts?: number;
  /** Delay before webhook retry n is `n × webhookRetryDelayMs` (default 50). */
  webhookRetryDelayMs?: number;
}

interface Webhook {
  url: string;
  secret?: string;
  max_connections?: number;
  ip_address?: string;
  last_error_date?: number;
  last_error_message?: string;
}

interface Poller {
  wake(): void;
  end(error?: BotApiError): void;
}

export class UpdateQueue {
  readonly deliveries: WebhookDelivery[] = [];
  private queue: Update[] = [];
  private nextUpdateId = 1;
  /**
   * Updates that an offset confirms only once they were handed out: those numbered after a restart of
   * the numbering, and redeliveries. The bot's offset still names the old numbering (or the first
   * delivery) and would otherwise confirm them unseen.
   */
  private readonly confirmOnlyIfSeen = new WeakSet<Update>();
  private readonly handedOut = new WeakSet<Update>();
  private poller: Poller | null = null;
  private webhook: Webhook | null = null;
  private pumpRun: Promise<void> | null = null;
  private stopped = false;
  private readonly inflight = new Set<ClientRequest>();
  private readonly sleepers = new Set<() => void>();

  /** `runMethod` executes a method call found in a webhook's response body. */
  constructor(
    private readonly opts: UpdateQueueOptions,
    private readonly runMethod: (method: string, params: Params) => Promise<unknown>,
  ) {}

  /** Updates not yet confirmed by getUpdates' offset (or not yet delivered to the webhook). */
  pending(): number {
    return this.queue.length;
  }

  /** Ends the long poll with no updates, cancels webhook retries and in-flight deliveries. */
  stop(): void {
    this.stopped = true;
    this.poller?.end();
    for (const wake of this.sleepers) wake();
    for (const req of this.inflight) req.destroy();
  }

  /** getUpdates, setWebhook, deleteWebhook, getWebhookInfo. */
  methods(): Record<string, Method> {
    return {
      getupdates: (p, ctx) => this.getUpdates(p, ctx),
      setwebhook: (p) => {
        const url = optString(p, 'url') ?? '';
        const secret = optString(p, 'secret_token');
        if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw badRequest('secret token contains unallowed characters');
        if (optBool(p, 'drop_pending_updates')) this.queue = [];
        if (url === '') {
          this.webhook = null; // an empty url removes the webhook, as in the real API
          return true;
        }
        // The real API demands https on ports 80/88/443/8443; local tests need plain http on any port.
        if (!/^https?:\/\/[^/]+/.test(url)) throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
        this.webhook = { url, secret, max_connections: optInt(p, 'max_connections'), ip_address: optString(p, 'ip_address') };
        this.poller?.end(new BotApiError(409, 'Conflict: terminated by setWebhook request'));
        queueMicrotask(() => void this.pump());
        return true;
      },
      deletewebhook: (p) => {
        if (optBool(p, 'drop_pending_updates')) this.queue = [];
        this.webhook = null;
        return true;
      },
      getwebhookinfo: () => {
        const w = this.webhook;
        const info: Record<string, unknown> = { url: w?.url ?? '', has_custom_certificate: false, pending_update_count: this.queue.length };
        if (w) {
          info.max_connections = w.max_connections ?? 40;
          if (w.ip_address) info.ip_address = w.ip_address;
          if (w.last_error_date) Object.assign(info, { last_error_date: w.last_error_date, last_error_message: w.last_error_message });
        }
        return info;
      },
    };
  }

  private getUpdates(p: Params, ctx: CallContext): Update[] | Promise<Update[]> {
    if (this.webhook) {
      throw new BotApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = optInt(p, 'offset') ?? 0;
    const limit = Math.min(100, Math.max(1, optInt(p, 'limit') ?? 100));
    const timeout = Math.max(0, optInt(p, 'timeout') ?? 0);
    // An offset confirms (forgets) every earlier update; a negative one keeps only the last -offset.
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset || (this.confirmOnlyIfSeen.has(u) && !this.handedOut.has(u)));
    if (offset < 0) this.queue = this.queue.slice(offset);
    // Only one getUpdates at a time: a new one terminates the pending one, like the real API.
    this.poller?.end(new BotApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
    const batch = (): Update[] => {
      const out = this.queue.slice(0, limit);
      for (const u of out) this.handedOut.add(u);
      return structuredClone(out);
    };
    if (this.queue.length > 0 || timeout === 0 || this.stopped) return batch();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => poller.end(), timeout * 1000);
      const poller: Poller = {
        wake: () => finish(() => resolve(batch())),
        end: (error) => finish(() => (error ? reject(error) : resolve([]))),
      };
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        if (this.poller !== poller) return;
        this.poller = null;
        settle();
      };
      this.poller = poller;
      ctx.onAbort(() => finish(() => resolve([])));
    });
  }

  /** Queues an update (any type) for the bot; returns it with its update_id. */
  push(update: Omit<Update, 'update_id'>): Update {
    const full = { update_id: this.nextUpdateId++, ...update } as Update;
    if (this.renumbered) this.confirmOnlyIfSeen.add(full);
    this.enqueue(full);
    return full;
  }

  /**
   * The next update is numbered `nextId`, as Telegram does (from a random value) after a week without
   * updates. Numbers may then be below those already handed out.
   */
  restartNumbering(nextId: number): void {
    this.nextUpdateId = nextId;
    this.renumbered = true;
  }

  private renumbered = false;

  /** Queues `update` again, same update_id: Telegram delivering an update twice (a lost confirmation). */
  redeliver(update: Update): Update {
    const copy = structuredClone(update);
    this.confirmOnlyIfSeen.add(copy);
    this.enqueue(copy);
    return copy;
  }

  private enqueue(update: Update): void {
    this.queue.push(update);
    // Deferred so that updates pushed in the same tick reach the bot in one batch, as they would from Telegram.
    queueMicrotask(() => (this.webhook ? void this.pump() : this.poller?.wake()));
  }

  /** Delivers queued updates to the webhook one at a time, in order, retrying non-2xx answers. */
  private pump(): Promise<void> {
    this.pumpRun ??= this.runPump().finally(() => {
      this.pumpRun = null;
    });
    return this.pumpRun;
  }

  private async runPump(): Promise<void> {
    let attempt = 0;
    while (this.webhook && this.queue.length > 0 && !this.stopped) {
      const update = this.queue[0]!;
      attempt++;
      const ok = await this.deliver(this.webhook, update, attempt);
      if (this.queue[0] !== update) {
        attempt = 0; // dropped meanwhile (deleteWebhook with drop_pending_updates)
      } else if (ok || attempt >= (this.opts.webhookMaxAttempts ?? 3)) {
        this.queue.shift(); // Telegram gives up on an update eventually too
        attempt = 0;
      } else {
        await this.sleep(attempt * (this.opts.webhookRetryDelayMs ?? 50));
      }
    }
  }

  /** Resolves once every queued update has been delivered to the webhook (or given up on). */
  async idle(): Promise<void> {
    while (this.pumpRun) await this.pumpRun;
  }

  private async deliver(webhook: Webhook, update: Update, attempt: number): Promise<boolean> {
    const record: WebhookDelivery = { update_id: update.update_id, url: webhook.url, attempt, at: Date.now() };
    this.deliveries.push(record);
    const headers: Record<string, string> = webhook.secret ? { 'X-Telegram-Bot-Api-Secret-Token': webhook.secret } : {};
    try {
      const res = await postJson(webhook.url, JSON.stringify(update), headers, {
        track: (req) => {
          this.inflight.add(req);
          req.on('close', () => this.inflight.delete(req));
        },
      });
      record.status = res.status;
      if (res.status >= 200 && res.status < 300) {
        await this.runWebhookReply(res.body);
        return true;
      }
      Object.assign(webhook, { last_error_date: Math.floor(Date.now() / 1000), last_error_message: `Wrong response from the webhook: ${res.status} ${res.statusText}` });
    } catch (err) {
      record.error = (err as Error).message;
      Object.assign(webhook, { last_error_date: Math.floor(Date.now() / 1000), last_error_message: `Connection failed: ${record.error}` });
    }
    return false;
  }

  /** Telegram executes a method call put in the webhook's response body (telegraf's webhookReply). */
  private async runWebhookReply(body: string): Promise<void> {
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return;
    }
    const p = payload as Params | null;
    if (p && typeof p.method === 'string') {
      const { method, ...params } = p;
      await this.runMethod(method as string, params).catch(() => undefined); // errors there are invisible to the bot
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}
