// The fake Bot API server: HTTP routing, method dispatch, failure injection, and the helpers a test uses
// to play the user's side of the conversation. Update delivery (polling / webhook) is in updates.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotApiError, badRequest } from './errors.js';
import { parseParams, readBody, sendJson, type Params } from './http.js';
import { commandEntities, commandMethods, messagingMethods, type CallContext, type Method } from './methods.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { ChatStore, type WaitOptions } from './store.js';
import { UpdateQueue, type UpdateQueueOptions } from './updates.js';
import { Waitable } from './waitable.js';
import type {
  ApiCall, CallbackAnswer, FakeUser, InjectedError, SentMessage, TgChat, TgMessage, TgUser, Update, WebhookDelivery,
} from './types.js';

export interface FakeTelegramOptions extends UpdateQueueOptions {
  /** Default "7000000001:AAFakeTelegramTokenForTests0123456789"; the bot's user id is the part before ':'. */
  token?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  host?: string;
  botUsername?: string;
  botFirstName?: string;
  /** Answer "chat not found" when the bot writes to a chat no user opened (default false: auto-create). */
  strictChats?: boolean;
  /** Refuse URL buttons to localhost/private hosts like the real API (default false, so offline pay links work). */
  rejectLocalButtonUrls?: boolean;
  /** Emulate Telegram's flood limits from the start (default off); see `rateLimit()`. */
  rateLimit?: boolean | RateLimitOptions;
}

const RATE_LIMITED = new Set(['sendmessage', 'senddocument', 'sendphoto', 'editmessagetext', 'editmessagereplymarkup']);
const REPLY_METHODS = ['sendMessage', 'editMessageText'];

export class FakeTelegram {
  readonly token: string;
  readonly bot: TgUser;
  url = '';
  port = 0;
  /** Every API call received, in order, with its outcome. */
  readonly calls: ApiCall[] = [];

  private readonly store: ChatStore;
  private readonly answers = new Waitable<CallbackAnswer>((recent) => `last answers: ${JSON.stringify(recent)}`);
  private readonly methods: Record<string, Method>;
  private readonly server: Server;
  private readonly callbacks = new Map<string, { answered: boolean }>();
  private readonly failures = new Map<string, InjectedError[]>();
  private readonly replyCursor = new Map<number, number>();
  private readonly updates: UpdateQueue;
  private nextCallbackId = 1;
  private stopped = false;
  private limiter: RateLimiter | null = null;

  constructor(private readonly opts: FakeTelegramOptions = {}) {
    this.token = opts.token ?? '7000000001:AAFakeTelegramTokenForTests0123456789';
    this.bot = {
      id: Number(this.token.split(':')[0]) || 7000000001,
      is_bot: true,
      first_name: opts.botFirstName ?? 'Sportello Test Bot',
      username: opts.botUsername ?? 'sportello_test_bot',
    };
    this.store = new ChatStore(opts.strictChats ?? false);
    this.updates = new UpdateQueue(opts, (method, params) => this.invoke(method, params));
    if (opts.rateLimit) this.rateLimit(true, opts.rateLimit === true ? {} : opts.rateLimit);
    this.methods = {
      ...messagingMethods({
        store: this.store,
        bot: this.bot,
        rules: { rejectLocalButtonUrls: opts.rejectLocalButtonUrls ?? false },
        callbacks: this.callbacks,
        callbackAnswers: this.answers,
      }),
      ...commandMethods(),
      ...this.updates.methods(),
      getme: () => ({
        ...this.bot,
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
        can_connect_to_business: false,
        has_main_web_app: false,
      }),
    };
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port ?? 0, this.opts.host ?? '127.0.0.1', () => resolve());
    });
    const { address, port } = this.server.address() as AddressInfo;
    this.port = port;
    this.url = `http://${address}:${port}`;
    return this;
  }

  /** Ends long polls, pending webhook deliveries and waiters, then closes every socket. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.updates.stop();
    this.store.rejectWaiters('fake Telegram stopped');
    this.answers.rejectAll('fake Telegram stopped');
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ------------------------------------------------------------------------------------------- HTTP side

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const route = /^\/bot([^/]+)\/([A-Za-z]+)\/?$/.exec(url.pathname);
    if (!route) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (route[1] !== this.token) return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    let params: Params;
    try {
      params = parseParams(url, req.headers['content-type'], await readBody(req));
    } catch {
      return sendJson(res, 400, badRequest("can't parse request JSON object").toJSON());
    }
    const ctx: CallContext = {
      onAbort: (cb) => res.on('close', () => !res.writableFinished && cb()),
    };
    try {
      const result = await this.invoke(route[2]!, params, ctx);
      sendJson(res, 200, { ok: true, result });
    } catch (err) {
      const e = err instanceof BotApiError ? err : new BotApiError(500, `Internal Server Error: ${String(err)}`);
      sendJson(res, e.error_code, e.toJSON());
    }
  }

  /** Runs one Bot API method as if received over HTTP (also used for replies to webhook requests). */
  async invoke(method: string, params: Params, ctx: CallContext = { onAbort: () => {} }): Promise<unknown> {
    const key = method.toLowerCase();
    const call: ApiCall = { method, params, ok: false, at: Date.now() };
    this.calls.push(call);
    try {
      const injected = this.failures.get(key)?.shift();
      if (injected) throw new BotApiError(injected.error_code, injected.description, injected.parameters);
      const impl = this.methods[key];
      if (!impl) throw new BotApiError(404, 'Not Found');
      const chatId = params.chat_id === undefined ? undefined : Number(params.chat_id);
      if (chatId !== undefined && key !== 'getchat') {
        if (this.store.blocked.has(chatId)) throw new BotApiError(403, 'Forbidden: bot was blocked by the user');
        if (this.limiter && RATE_LIMITED.has(key)) this.limiter.take(chatId);
      }
      const result = await impl(params, ctx);
      call.ok = true;
      return result;
    } catch (err) {
      if (err instanceof BotApiError) Object.assign(call, { error_code: err.error_code, description: err.description });
      throw err;
    }
  }

  /** Queues an update (any type) for the bot; returns it with its update_id. */
  pushUpdate(update: Omit<Update, 'update_id'>): Update {
    return this.updates.push(update);
  }

  /** Telegram delivers `update` again, with the same update_id (as after a lost confirmation). */
  redeliver(update: Update): Update {
    return this.updates.redeliver(update);
  }

  /**
   * Numbering of later updates restarts at `nextId` (Telegram picks a random value after a week
   * without updates), possibly below the ids already delivered.
   */
  restartUpdateNumbering(nextId: number): void {
    this.updates.restartNumbering(nextId);
  }

  /** Resolves once every queued update has been delivered to the webhook (or given up on). */
  webhookIdle(): Promise<void> {
    return this.updates.idle();
  }

  /** Every webhook POST attempt with its outcome. */
  get webhookDeliveries(): readonly WebhookDelivery[] {
    return this.updates.deliveries;
  }

  // --------------------------------------------------------------------------------- test controls

  /** The next `times` calls of `method` fail with `error` (e.g. a 429 with parameters.retry_after). */
  failNext(method: string, error: InjectedError, times = 1): void {
    const key = method.toLowerCase();
    const list = this.failures.get(key) ?? [];
    for (let i = 0; i < times; i++) list.push(error);
    this.failures.set(key, list);
  }

  /** Calls addressed to this chat answer 403 "Forbidden: bot was blocked by the user" until the user writes again. */
  blockChat(chatId: number): void {
    this.store.blocked.add(chatId);
  }

  unblockChat(chatId: number): void {
    this.store.blocked.delete(chatId);
  }

  /** Turns Telegram-like flood limits on (fresh buckets) or off. */
  rateLimit(on: boolean, opts: RateLimitOptions = {}): void {
    this.limiter = on ? new RateLimiter(opts) : null;
  }

  // ----------------------------------------------------------------------------- playing the user

  /** The user writes `text` (a leading /command gets its bot_command entity, `/start payload` included). */
  sendText(user: FakeUser, text: string, chatId: number = user.id): Update {
    this.store.blocked.delete(chatId); // writing to the bot again means it was unblocked
    const chat = this.chatFor(user, chatId);
    const entities = commandEntities(text);
    const message: TgMessage = {
      message_id: this.store.nextMessageId(chatId),
      from: asTgUser(user),
      chat,
      date: Math.floor(Date.now() / 1000),
      text,
      ...(entities.length ? { entities } : {}),
    };
    this.store.save(message);
    this.replyCursor.set(chatId, this.store.currentSeq());
    return this.pushUpdate({ message: structuredClone(message) });
  }

  /**
   * The user taps an inline button carrying `data` on one of the bot's messages (its current version).
   * Throws if the message is gone or has no such button — a user cannot tap those — unless `force`.
   */
  pressButton(
    user: FakeUser,
    message: Pick<SentMessage, 'chat_id' | 'message_id'> | { chat_id: number; message_id: number },
    data: string,
    opts: { force?: boolean } = {},
  ): Update {
    if (message.message_id === undefined) throw new Error('pressButton: the record has no message_id');
    const current = this.store.message(message.chat_id, message.message_id);
    if (!current) throw new Error(`pressButton: message ${message.message_id} in chat ${message.chat_id} does not exist (deleted?)`);
    const datas = (current.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.callback_data);
    if (!opts.force && !datas.includes(data)) {
      throw new Error(`pressButton: message ${current.message_id} has no button with callback_data ${JSON.stringify(data)} (has ${JSON.stringify(datas)})`);
    }
    this.store.blocked.delete(message.chat_id);
    const id = `${this.bot.id}${String(this.nextCallbackId++).padStart(8, '0')}`;
    this.callbacks.set(id, { answered: false });
    this.replyCursor.set(message.chat_id, this.store.currentSeq());
    return this.pushUpdate({
      callback_query: {
        id,
        from: asTgUser(user),
        message: structuredClone(current),
        chat_instance: String(message.chat_id * 7 + 3),
        data,
      },
    });
  }

  /** What the bot sent/edited/deleted (sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage,
   * sendDocument, sendPhoto), oldest first, optionally for one chat. */
  sent(chatId?: number): SentMessage[] {
    return this.store.history.filter((r) => chatId === undefined || r.chat_id === chatId);
  }

  /** The first record matching `predicate` (already in the history or still to come). */
  waitFor(predicate: (r: SentMessage) => boolean, opts?: WaitOptions): Promise<SentMessage> {
    return this.store.waitFor(predicate, opts);
  }

  /**
   * The next sendMessage/editMessageText to `chatId` after the user's last action in that chat (sendText /
   * pressButton), consuming it: successive calls walk through the replies in order, none missed.
   */
  async nextReply(chatId: number, opts: { timeoutMs?: number; methods?: string[] } = {}): Promise<SentMessage> {
    const methods = opts.methods ?? REPLY_METHODS;
    const rec = await this.store.waitFor((r) => r.chat_id === chatId && methods.includes(r.method), {
      timeoutMs: opts.timeoutMs,
      since: this.replyCursor.get(chatId) ?? 0,
    });
    this.replyCursor.set(chatId, Math.max(this.replyCursor.get(chatId) ?? 0, rec.seq));
    return rec;
  }

  /** The current version of a message (after edits), or undefined once deleted. */
  message(chatId: number, messageId: number): TgMessage | undefined {
    const msg = this.store.message(chatId, messageId);
    return msg && structuredClone(msg);
  }

  /** Live feed of what the bot sends/edits/deletes (for the terminal console); returns unsubscribe. */
  onSent(cb: (r: SentMessage) => void): () => void {
    return this.store.subscribe(cb);
  }

  /** Live feed of callback answers (a console shows their toast / alert text); returns unsubscribe. */
  onCallbackAnswer(cb: (a: CallbackAnswer) => void): () => void {
    return this.answers.subscribe(cb);
  }

  /** Every answerCallbackQuery, so a test can assert no button was left spinning. */
  get callbackAnswers(): readonly CallbackAnswer[] {
    return this.answers.items;
  }

  /** Resolves with the bot's answer to this callback query (already given or still to come). */
  callbackAnswered(callbackQueryId: string, opts: { timeoutMs?: number } = {}): Promise<CallbackAnswer> {
    return this.answers.waitFor((a) => a.callback_query_id === callbackQueryId, opts.timeoutMs);
  }

  /** callback_query ids pushed by pressButton that the bot has not answered (yet). */
  unansweredCallbacks(): string[] {
    return [...this.callbacks].filter(([, q]) => !q.answered).map(([id]) => id);
  }

  /** Updates queued and not yet confirmed by getUpdates' offset (or not yet delivered to the webhook). */
  updatesPending(): number {
    return this.updates.pending();
  }

  /** Current history position, to use as `waitFor(…, { since })`. */
  cursor(): number {
    return this.store.currentSeq();
  }

  private chatFor(user: FakeUser, chatId: number): TgChat {
    if (chatId === user.id) {
      return this.store.register({ id: chatId, type: 'private', first_name: user.first_name, ...(user.last_name ? { last_name: user.last_name } : {}), ...(user.username ? { username: user.username } : {}) });
    }
    return this.store.findChat(chatId) ?? this.store.register({ id: chatId, type: chatId < -1e12 ? 'supergroup' : 'group', title: `Group ${chatId}` });
  }
}

function asTgUser(user: FakeUser): TgUser {
  return { ...user, is_bot: false };
}

export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  return new FakeTelegram(opts).listen();
}
