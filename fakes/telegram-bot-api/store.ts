// Chats, their messages and the history of what the bot did, plus race-free waiting on that history.
import { badRequest } from './errors.js';
import type { SentMessage, TgChat, TgMessage } from './types.js';
import { Waitable } from './waitable.js';

export interface WaitOptions {
  /** Safety net only (a hung test fails with a readable message); default 5000 ms. */
  timeoutMs?: number;
  /** Only records with `seq > since` match; default 0 = the whole history. */
  since?: number;
}

export class ChatStore {
  private readonly log = new Waitable<SentMessage>(
    (recent) => `last calls:\n  ${recent.map((r) => `#${r.seq} ${r.method} chat=${r.chat_id} ${JSON.stringify(r.text ?? r.caption ?? '')}`).join('\n  ') || '(none)'}`,
  );
  readonly blocked = new Set<number>();
  private readonly chats = new Map<number, TgChat>();
  private readonly messages = new Map<number, Map<number, TgMessage>>();
  private readonly lastMessageId = new Map<number, number>();
  private seq = 0;

  constructor(private readonly strictChats: boolean) {}

  register(chat: TgChat): TgChat {
    const known = this.chats.get(chat.id);
    if (known) return Object.assign(known, chat);
    this.chats.set(chat.id, chat);
    return chat;
  }

  /** The chat the bot addresses. Unknown chats are created as private chats unless `strictChats`
   * (the real API answers "chat not found" for users who never opened the bot). */
  chat(id: number): TgChat {
    const known = this.chats.get(id);
    if (known) return known;
    if (this.strictChats) throw badRequest('chat not found');
    return this.register(id > 0 ? { id, type: 'private', first_name: `User ${id}` } : { id, type: 'group', title: `Group ${id}` });
  }

  findChat(id: number): TgChat | undefined {
    return this.chats.get(id);
  }

  /** Message ids are per chat and shared by both sides of the conversation, as in private chats. */
  nextMessageId(chatId: number): number {
    const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, id);
    return id;
  }

  save(msg: TgMessage): void {
    let chat = this.messages.get(msg.chat.id);
    if (!chat) this.messages.set(msg.chat.id, (chat = new Map()));
    chat.set(msg.message_id, msg);
  }

  message(chatId: number, messageId: number): TgMessage | undefined {
    return this.messages.get(chatId)?.get(messageId);
  }

  remove(chatId: number, messageId: number): boolean {
    return this.messages.get(chatId)?.delete(messageId) ?? false;
  }

  currentSeq(): number {
    return this.seq;
  }

  get history(): readonly SentMessage[] {
    return this.log.items;
  }

  record(entry: Omit<SentMessage, 'seq' | 'at'>): SentMessage {
    return this.log.push({ seq: ++this.seq, at: Date.now(), ...entry });
  }

  /** Checks the history first, then listens: a record that arrived before the call is not missed. */
  waitFor(predicate: (r: SentMessage) => boolean, opts: WaitOptions = {}): Promise<SentMessage> {
    const since = opts.since ?? 0;
    // Records are kept in seq order from 1: the one with seq `since + 1` is at index `since`.
    return this.log.waitFor((r) => r.seq > since && predicate(r), opts.timeoutMs, since);
  }

  subscribe(cb: (r: SentMessage) => void): () => void {
    return this.log.subscribe(cb);
  }

  rejectWaiters(reason: string): void {
    this.log.rejectAll(reason);
  }
}
