// Parameter coercion and the validations of the real API that our bot can trip over. Parameters arrive
// as JSON values (telegraf's default) or as strings (urlencoded / multipart), so every reader accepts both.
import { badRequest, BotApiError } from './errors.js';
import { EntityParseError, formatText, type Formatted } from './formatting.js';
import type { Params } from './http.js';
import type { MessageEntity, ReplyMarkup } from './types.js';

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;
export const MAX_CALLBACK_DATA_BYTES = 64;

export function optInt(p: Params, name: string): number | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw badRequest(`invalid ${name} specified`);
  return n;
}

export function optBool(p: Params, name: string): boolean | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  return v === true || v === 'true' || v === '1' || v === 1;
}

export function optString(p: Params, name: string): string | undefined {
  const v = p[name];
  return v === undefined || v === null ? undefined : String(v);
}

/** JSON-typed parameters (reply_markup, commands, entities…) come as objects in JSON bodies, as strings otherwise. */
export function optJson<T>(p: Params, name: string, onError: string): T | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') return v as T;
  try {
    return JSON.parse(v) as T;
  } catch {
    throw badRequest(onError);
  }
}

export function chatIdOf(p: Params): number {
  const v = p.chat_id;
  if (v === undefined || v === null || v === '') throw badRequest('chat_id is empty');
  const n = typeof v === 'number' ? v : Number(v);
  // "@channelusername" is legal for the real API, but our bot only talks to numeric chats.
  if (!Number.isInteger(n)) throw badRequest('chat not found');
  return n;
}

/** Applies parse_mode and the length rules; `kind` picks the right error texts. */
export function formatted(p: Params, kind: 'text' | 'caption'): Formatted {
  const raw = optString(p, kind) ?? '';
  const entities = optJson<MessageEntity[]>(p, kind === 'text' ? 'entities' : 'caption_entities', "can't parse entities JSON object");
  let out: Formatted;
  try {
    out = formatText(raw, optString(p, 'parse_mode'), entities);
  } catch (err) {
    if (!(err instanceof EntityParseError)) throw err;
    throw badRequest(err.message === 'unsupported parse_mode' ? err.message : `can't parse entities: ${err.message}`);
  }
  if (kind === 'text') {
    if (out.text.trim() === '') throw badRequest('message text is empty');
    if (out.text.length > MAX_TEXT) throw badRequest('message is too long');
  } else if (out.text.length > MAX_CAPTION) {
    throw badRequest('message caption is too long');
  }
  return out;
}

export interface MarkupRules {
  /** Telegram refuses URL buttons pointing to localhost / private addresses; off by default for offline demos. */
  rejectLocalButtonUrls: boolean;
}

export function replyMarkupOf(p: Params, rules: MarkupRules): ReplyMarkup | undefined {
  const markup = optJson<unknown>(p, 'reply_markup', "can't parse reply keyboard markup JSON object");
  if (markup === undefined) return undefined;
  if (!markup || typeof markup !== 'object' || Array.isArray(markup)) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  const m = markup as Record<string, unknown>;
  if ('inline_keyboard' in m) {
    validateInlineKeyboard(m.inline_keyboard, rules);
  } else if ('keyboard' in m) {
    if (!isRows(m.keyboard)) throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array');
    for (const b of m.keyboard.flat()) {
      const text = typeof b === 'string' ? b : (b as { text?: unknown } | null)?.text;
      if (typeof text !== 'string' || text === '') throw badRequest("can't parse keyboard button: Field \"text\" must be of type String");
    }
  } else if (m.remove_keyboard !== true && m.force_reply !== true) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  return m as ReplyMarkup;
}

function isRows(v: unknown): v is unknown[][] {
  return Array.isArray(v) && v.every((row) => Array.isArray(row));
}

const ACTION_FIELDS = [
  'callback_data', 'url', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'callback_game', 'pay', 'copy_text',
];

function validateInlineKeyboard(rows: unknown, rules: MarkupRules): void {
  if (!isRows(rows)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  for (const button of rows.flat()) {
    if (!button || typeof button !== 'object') throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
    const b = button as Record<string, unknown>;
    if (typeof b.text !== 'string') throw badRequest("can't parse inline keyboard button: Field \"text\" must be of type String");
    if (!ACTION_FIELDS.some((f) => b[f] !== undefined)) {
      throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
    }
    if (b.callback_data !== undefined) {
      const bytes = Buffer.byteLength(String(b.callback_data), 'utf8');
      if (typeof b.callback_data !== 'string' || bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) {
        throw badRequest('BUTTON_DATA_INVALID');
      }
    }
    if (b.url !== undefined) validateButtonUrl(String(b.url), rules);
  }
}

function validateButtonUrl(url: string, rules: MarkupRules): void {
  const fail = (why: string): BotApiError => badRequest(`inline keyboard button URL '${url}' is invalid: ${why}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw fail('Wrong HTTP URL');
  }
  if (parsed.protocol === 'tg:') return;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw fail('Unsupported URL protocol');
  const host = parsed.hostname;
  const local = host === 'localhost' || /^(127\.|10\.|192\.168\.|0\.)/.test(host) || host === '[::1]' || !host.includes('.');
  if (rules.rejectLocalButtonUrls && local) throw fail('Wrong HTTP URL');
}
