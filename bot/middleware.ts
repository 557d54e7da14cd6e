/** The bot's outer layers: error boundary (and callback answering), session, identity and language. */
import type { MiddlewareFn } from 'telegraf';
import type { App } from '../core/app.js';
import { findPartnerUserByTelegram } from '../core/partners/find-partner-user.js';
import type { BotContext, Session } from './context.js';
import { describeError } from './errors.js';
import { languageOf, messages } from './i18n.js';
import type { SessionStore } from './session-store.js';
import { toast } from './ui.js';

/**
 * A failure answers the user politely in their language and is logged; a DomainError is explained.
 * Every callback is answered exactly once, whatever happened — no spinning buttons.
 */
export function boundary(app: App): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const answer = ctx.answerCbQuery.bind(ctx);
    ctx.answerCbQuery = ((...args: Parameters<typeof answer>) => {
      ctx.cbAnswered = true;
      return answer(...args);
    }) as typeof ctx.answerCbQuery;
    try {
      await next();
    } catch (e) {
      const m = ctx.m ?? messages.it;
      const known = describeError(e, m, ctx.lang ?? 'it');
      if (!known) app.log.error({ err: e, updateId: ctx.update.update_id }, 'bot handler failed');
      await toast(ctx, known ? undefined : m.genericError);
      if (ctx.chat) await ctx.reply(known ?? m.genericError, { parse_mode: 'HTML' }).catch(() => {});
    } finally {
      await toast(ctx);
    }
  };
}

/** Loads the chat's session before the handlers and saves it after (also when they failed). */
export function sessions(store: SessionStore<Session>): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const key = ctx.chat?.id ?? ctx.from?.id;
    if (key === undefined) return next();
    ctx.session = (await store.load(String(key))) ?? {};
    const id = ctx.update.update_id;
    if (ctx.session.lastUpdateId !== undefined && id <= ctx.session.lastUpdateId) {
      ctx.cbAnswered = true; // its callback was answered the first time
      return; // already handled: Telegram delivered it again
    }
    ctx.session.lastUpdateId = id;
    try {
      await next();
    } finally {
      await store.save(String(key), ctx.session);
    }
  };
}

const IDENTITY_TTL_MS = 3_000;

/** Who is writing (a linked partner user or nobody) and in which language to answer. */
export function identity(app: App): MiddlewareFn<BotContext> {
  const lookup = findPartnerUserByTelegram(app.ctx);
  // Who a Telegram account is changes rarely, and each update asks: a few seconds of memory save a
  // query per update. Only found users are kept (a chat that just linked is seen at once), and the
  // use cases still check every record against the partner.
  const recent = new Map<number, { at: number; found: NonNullable<Awaited<ReturnType<typeof lookup>>> }>();
  const find = async (telegramId: number) => {
    const hit = recent.get(telegramId);
    if (hit && Date.now() - hit.at < IDENTITY_TTL_MS) return hit.found;
    const found = await lookup(telegramId);
    if (found) {
      if (recent.size > 5_000) recent.clear();
      recent.set(telegramId, { at: Date.now(), found });
    } else recent.delete(telegramId);
    return found;
  };
  return async (ctx, next) => {
    ctx.app = app;
    const found = ctx.from ? await find(ctx.from.id) : null;
    if (found) {
      ctx.partnerUser = found.user;
      ctx.partnerName = found.partnerName;
      ctx.actor = { type: 'partner_user', id: found.user.id, partnerId: found.user.partnerId, label: found.user.displayName };
    }
    ctx.lang = ctx.session?.lang ?? found?.user.language ?? languageOf(ctx.from?.language_code);
    ctx.m = messages[ctx.lang];
    return next();
  };
}
