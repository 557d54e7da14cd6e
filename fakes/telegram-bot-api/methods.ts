// The Bot API methods about chats and messages. Update delivery (getUpdates, webhooks) lives in server.ts
// because it owns the update queue.
import { randomBytes } from 'node:crypto';
import { badRequest } from './errors.js';
import type { Params, UploadedFile } from './http.js';
import type { ChatStore } from './store.js';
import type { CallbackAnswer, InlineKeyboardButton, MessageEntity, ReplyMarkup, TgMessage, TgUser } from './types.js';
import type { Waitable } from './waitable.js';
import { chatIdOf, formatted, optBool, optInt, optJson, optString, replyMarkupOf, type MarkupRules } from './validate.js';

export interface CallContext {
  /** Called if the client goes away before the answer (long polling). */
  onAbort(cb: () => void): void;
}

export type Method = (p: Params, ctx: CallContext) => unknown;

export interface MessagingEnv {
  store: ChatStore;
  bot: TgUser;
  rules: MarkupRules;
  /** callback_query ids the fake pushed, and whether the bot answered them. */
  callbacks: Map<string, { answered: boolean }>;
  callbackAnswers: Waitable<CallbackAnswer>;
}

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
const CHAT_ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document',
  'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);

const now = (): number => Math.floor(Date.now() / 1000);
const fileId = (): string => `BQAC${randomBytes(12).toString('base64url')}`;
const inlineOf = (m: ReplyMarkup | undefined): { inline_keyboard: InlineKeyboardButton[][] } | undefined =>
  m && 'inline_keyboard' in m ? (m as { inline_keyboard: InlineKeyboardButton[][] }) : undefined;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function messagingMethods(env: MessagingEnv): Record<string, Method> {
  const { store, bot } = env;

  /** The bot's own message addressed by chat_id + message_id (inline messages are not modelled). */
  function target(p: Params, missing: string): TgMessage {
    if (p.inline_message_id !== undefined) throw badRequest('MESSAGE_ID_INVALID');
    const chatId = chatIdOf(p);
    store.chat(chatId);
    const messageId = optInt(p, 'message_id');
    if (messageId === undefined) throw badRequest('message identifier is not specified');
    const msg = store.message(chatId, messageId);
    if (!msg) throw badRequest(missing);
    return msg;
  }

  function newMessage(chatId: number, fields: Partial<TgMessage>, markup: ReplyMarkup | undefined): TgMessage {
    const chat = store.chat(chatId);
    const inline = inlineOf(markup);
    const msg: TgMessage = {
      message_id: store.nextMessageId(chatId),
      from: bot,
      chat,
      date: now(),
      ...fields,
      ...(inline ? { reply_markup: inline } : {}),
    };
    store.save(msg);
    return msg;
  }

  function sendFile(kind: 'document' | 'photo', p: Params): TgMessage {
    const chatId = chatIdOf(p);
    const file = p[kind] as UploadedFile | string | undefined;
    if (file === undefined || file === '') throw badRequest(`there is no ${kind} in the request`);
    const caption = p.caption !== undefined ? formatted(p, 'caption') : undefined;
    const markup = replyMarkupOf(p, env.rules);
    const name = typeof file === 'string' ? file.split('/').pop() : file.filename;
    const size = typeof file === 'string' ? undefined : file.size;
    const fields: Partial<TgMessage> =
      kind === 'document'
        ? { document: { file_id: fileId(), file_unique_id: fileId().slice(0, 16), file_name: name, mime_type: typeof file === 'string' ? undefined : file.contentType, file_size: size } }
        : { photo: [{ file_id: fileId(), file_unique_id: fileId().slice(0, 16), width: 1280, height: 720, file_size: size }] };
    if (caption?.text) Object.assign(fields, { caption: caption.text, ...(caption.entities.length ? { caption_entities: caption.entities } : {}) });
    const msg = newMessage(chatId, fields, markup);
    store.record({
      method: kind === 'document' ? 'sendDocument' : 'sendPhoto',
      chat_id: chatId,
      message_id: msg.message_id,
      caption: caption?.text,
      parse_mode: optString(p, 'parse_mode'),
      file_name: name,
      reply_markup: markup,
      message: structuredClone(msg),
    });
    return msg;
  }

  return {
    sendmessage(p) {
      const chatId = chatIdOf(p);
      store.chat(chatId); // "chat not found" wins over text errors, as in the real API
      const { text, entities } = formatted(p, 'text');
      const markup = replyMarkupOf(p, env.rules);
      const msg = newMessage(chatId, { text, ...(entities.length ? { entities } : {}) }, markup);
      store.record({
        method: 'sendMessage',
        chat_id: chatId,
        message_id: msg.message_id,
        text,
        raw_text: optString(p, 'text'),
        parse_mode: optString(p, 'parse_mode'),
        entities,
        reply_markup: markup,
        message: structuredClone(msg),
      });
      return msg;
    },

    editmessagetext(p) {
      const msg = target(p, 'message to edit not found');
      if (msg.from?.id !== bot.id) throw badRequest("message can't be edited");
      if (msg.text === undefined) throw badRequest('there is no text in the message to edit');
      const { text, entities } = formatted(p, 'text');
      const markup = replyMarkupOf(p, env.rules);
      if (markup && !inlineOf(markup)) throw badRequest('inline keyboard expected');
      // Without reply_markup the real API removes the inline keyboard: compare against that outcome.
      if (text === msg.text && same(entities, msg.entities ?? []) && same(inlineOf(markup), msg.reply_markup)) {
        throw badRequest(NOT_MODIFIED);
      }
      Object.assign(msg, { text, entities: entities.length ? entities : undefined, reply_markup: inlineOf(markup), edit_date: now() });
      store.record({
        method: 'editMessageText',
        chat_id: msg.chat.id,
        message_id: msg.message_id,
        text,
        raw_text: optString(p, 'text'),
        parse_mode: optString(p, 'parse_mode'),
        entities,
        reply_markup: markup,
        message: structuredClone(msg),
      });
      return msg;
    },

    editmessagereplymarkup(p) {
      const msg = target(p, 'message to edit not found');
      if (msg.from?.id !== bot.id) throw badRequest("message can't be edited");
      const markup = replyMarkupOf(p, env.rules);
      if (markup && !inlineOf(markup)) throw badRequest('inline keyboard expected');
      if (same(inlineOf(markup), msg.reply_markup)) throw badRequest(NOT_MODIFIED);
      Object.assign(msg, { reply_markup: inlineOf(markup), edit_date: now() });
      store.record({
        method: 'editMessageReplyMarkup',
        chat_id: msg.chat.id,
        message_id: msg.message_id,
        text: msg.text,
        reply_markup: markup,
        message: structuredClone(msg),
      });
      return msg;
    },

    deletemessage(p) {
      const msg = target(p, 'message to delete not found');
      store.remove(msg.chat.id, msg.message_id);
      store.record({ method: 'deleteMessage', chat_id: msg.chat.id, message_id: msg.message_id, text: msg.text });
      return true;
    },

    answercallbackquery(p) {
      const id = optString(p, 'callback_query_id') ?? '';
      const query = env.callbacks.get(id);
      // Answering twice or an unknown id fails the same way in the real API.
      if (!query || query.answered) throw badRequest('query is too old and response timeout expired or query ID is invalid');
      query.answered = true;
      env.callbackAnswers.push({
        callback_query_id: id,
        text: optString(p, 'text'),
        show_alert: optBool(p, 'show_alert'),
        url: optString(p, 'url'),
        at: Date.now(),
      });
      return true;
    },

    sendchataction(p) {
      store.chat(chatIdOf(p));
      if (!CHAT_ACTIONS.has(optString(p, 'action') ?? '')) throw badRequest('wrong parameter action in request');
      return true;
    },

    senddocument: (p) => sendFile('document', p),
    sendphoto: (p) => sendFile('photo', p),

    getchat(p) {
      const chat = store.findChat(chatIdOf(p));
      if (!chat) throw badRequest('chat not found');
      return chat;
    },

    // Profile calls a bot may make at start-up: accepted and ignored.
    setmydescription: () => true,
    setmyshortdescription: () => true,
    setchatmenubutton: () => true,
  };
}

export function commandMethods(): Record<string, Method> {
  const commands = new Map<string, unknown[]>();
  const keyOf = (p: Params): string =>
    `${JSON.stringify(optJson(p, 'scope', "can't parse BotCommandScope JSON object") ?? { type: 'default' })}|${optString(p, 'language_code') ?? ''}`;
  return {
    setmycommands(p) {
      const list = optJson<{ command?: unknown; description?: unknown }[]>(p, 'commands', "can't parse commands JSON object");
      if (!Array.isArray(list)) throw badRequest('commands must be an Array');
      if (list.length > 100) throw badRequest('BOT_COMMANDS_TOO_MUCH');
      for (const c of list) {
        if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest('BOT_COMMAND_INVALID');
        if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) {
          throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
        }
      }
      commands.set(keyOf(p), list.map((c) => ({ command: c.command, description: c.description })));
      return true;
    },
    getmycommands: (p) => commands.get(keyOf(p)) ?? [],
    deletemycommands(p) {
      commands.delete(keyOf(p));
      return true;
    },
  };
}

/** Entities Telegram attaches to a user's text: a leading /command (with optional @botname). */
export function commandEntities(text: string): MessageEntity[] {
  const m = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?/.exec(text);
  return m ? [{ type: 'bot_command', offset: 0, length: m[0].length }] : [];
}
