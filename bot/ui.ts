/** Keyboards, callback data and message sending within Telegram's limits. */
import { randomBytes } from 'node:crypto';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from './context.js';
import { isTelegramCallFailed } from './telegram-client.js';

export const MAX_TEXT = 4096;
export const MAX_CALLBACK_BYTES = 64;

/** Callback data from parts: `cb('b', flowId, 'tier', 'lite')` → "b:k3f9:tier:lite". Never over 64 bytes. */
export function cb(...parts: (string | number)[]): string {
  const data = parts.join(':');
  if (Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_BYTES) throw new Error(`callback data over 64 bytes: ${data}`);
  return data;
}

export const newFlowId = () => randomBytes(3).toString('base64url');
/** The key that makes a flow's order placing idempotent: unique across every chat and flow ever (place-order.ts). */
export const newRequestKey = () => `tg:${randomBytes(16).toString('base64url')}`;

export const btn = (text: string, data: string): InlineKeyboardButton => ({ text, callback_data: data });

/**
 * A label that fits a button: cut at a word boundary with "…", never mid-word (the full text goes in
 * the message). Telegram shows about 30 characters of a button on a phone.
 */
export function shortLabel(text: string, max = 30): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if ([...t].length <= max) return t;
  const cut = [...t].slice(0, max - 1).join('');
  const word = cut.replace(/[\s,;:(]+\S*$/, '');
  return `${(word.length >= max / 2 ? word : cut).replace(/[\s,;:(]+$/, '')}…`;
}
export const urlBtn = (text: string, url: string): InlineKeyboardButton => ({ text, url });

/** Buttons laid out `perRow` to a row. */
export function grid(buttons: InlineKeyboardButton[], perRow = 2): InlineKeyboardButton[][] {
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return rows;
}

export const keyboard = (rows: InlineKeyboardButton[][]): InlineKeyboardMarkup => ({ inline_keyboard: rows.filter((r) => r.length) });

/** Telegram refuses texts over 4096 characters: lists are paginated, this is the last safety net. */
export function fit(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 2)}\n…`;
}

/**
 * Shows a step: on a button tap the tapped message is replaced (its old buttons disappear, so they
 * cannot be tapped again); after typed text a new message is sent.
 */
export async function show(ctx: BotContext, text: string, rows: InlineKeyboardButton[][] = [], opts: { fresh?: boolean } = {}) {
  const extra = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true }, reply_markup: keyboard(rows) };
  const showing = present(ctx, fit(text), extra, opts.fresh === true);
  // A tap not answered yet gets its (empty) answer alongside the message rather than after it (the
  // step shown is the outcome of the tap, so nothing later would put text in that answer) — sent
  // just behind it, as the new message is what the user waits for.
  const answering = toast(ctx);
  try {
    await showing;
  } finally {
    await answering;
  }
}

/** Text as Telegram shows it once our HTML is parsed (tags gone, entities decoded). */
const shownText = (html: string) =>
  html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const buttonsOf = (rows: InlineKeyboardButton[][] | undefined) => JSON.stringify((rows ?? []).map((r) => r.map((b: any) => [b.text, b.callback_data ?? b.url ?? ''])));

/** The tapped message already says exactly this (a double tap of "Successivi ›" or "❓ Aiuto"): nothing to edit. */
function alreadyShown(ctx: BotContext, body: string, markup: InlineKeyboardMarkup): boolean {
  const msg = ctx.callbackQuery?.message as { text?: string; reply_markup?: InlineKeyboardMarkup } | undefined;
  if (!msg || typeof msg.text !== 'string') return false;
  return msg.text === shownText(body).trim() && buttonsOf(msg.reply_markup?.inline_keyboard) === buttonsOf(markup.inline_keyboard);
}

async function present(ctx: BotContext, body: string, extra: { reply_markup: InlineKeyboardMarkup }, fresh: boolean) {
  if (!fresh && ctx.callbackQuery && ctx.callbackQuery.message) {
    if (alreadyShown(ctx, body, extra.reply_markup)) return;
    try {
      await ctx.editMessageText(body, extra);
      return;
    } catch (e: any) {
      if (isTelegramCallFailed(e)) throw e; // Telegram is unreachable or the chat blocked the bot: a new message would fare no better
      if (/message is not modified/.test(String(e?.description ?? e?.message))) return;
      // e.g. the message is too old to edit: fall through and send a new one
    }
  }
  await ctx.reply(body, extra);
}

/** Short answer to a tapped button (the little toast), at most once per callback. */
export async function toast(ctx: BotContext, text?: string, alert = false) {
  if (!ctx.callbackQuery || ctx.cbAnswered) return;
  ctx.cbAnswered = true;
  await ctx.answerCbQuery(text?.slice(0, 200), { show_alert: alert }).catch(() => {});
}

/** Previous/next buttons for page `page` of `pages`; `data(p)` builds the callback of page p. */
export function pager(ctx: BotContext, page: number, pages: number, data: (p: number) => string): InlineKeyboardButton[] {
  const row: InlineKeyboardButton[] = [];
  if (page > 1) row.push(btn(ctx.m.prev, data(page - 1)));
  if (page < pages) row.push(btn(ctx.m.next, data(page + 1)));
  return row;
}
