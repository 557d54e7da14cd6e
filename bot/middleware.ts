/** The bot's outer layers: error boundary (and callback answering), redeliveries, identity and language. */
import type { MiddlewareFn } from 'telegraf';
import type { App } from '../core/app.js';
import type { BotContext, Session } from './context.js';
import { describeError } from './errors.js';
import { languageOf, messages } from './i18n.js';
import { ResilientTelegram, isTelegramCallFailed } from './telegram-client.js';
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
      // Telegram itself failed (telegram-client.ts logged it once, without a stack): the chat blocked
      // the bot, or Telegram kept refusing within the retry budget. An apology would meet the same
      // refusal, and the partner did nothing wrong: nothing more is sent (a tap still gets its answer).
      if (isTelegramCallFailed(e)) return;
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

/** How many recent update_ids a chat remembers, and for how long, to recognise a redelivery. */
const RECENT_UPDATES = 32;
const RECENT_FOR_S = 24 * 3600;

/**
 * Whether this chat already handled `updateId` recently; remembers it if not. Telegram redelivers an
 * update when its confirmation was lost (a crash before the polling offset was confirmed, a webhook
 * answer that did not arrive), within the day it keeps updates. Ids are compared for equality only:
 * numbering restarts from a random value after a week without updates (Bot API, `update_id`), so an
 * id below earlier ones is a new update. Entries older than a day are forgotten, so a restarted
 * numbering cannot meet an id of the old one.
 */
export function seenBefore(session: Session, updateId: number, nowS = Math.floor(Date.now() / 1000)): boolean {
  const recent = (session.recentUpdates ?? []).filter(([, at]) => nowS - at < RECENT_FOR_S);
  if (recent.some(([id]) => id === updateId)) return true;
  recent.push([updateId, nowS]);
  session.recentUpdates = recent.slice(-RECENT_UPDATES);
  delete (session as { lastUpdateId?: number }).lastUpdateId; // the former "highest id seen" of older sessions
  return false;
}

/** Ends an update Telegram delivered again (its first delivery was handled: the chat's session says so). */
export function skipRedelivered(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (ctx.session && seenBefore(ctx.session, ctx.update.update_id)) {
      ctx.cbAnswered = true; // its callback was answered the first time
      return;
    }
    return next();
  };
}

const IDENTITY_TTL_MS = 3_000;

/** Who is writing (a linked partner user or nobody) and in which language to answer. */
export function identity(app: App): MiddlewareFn<BotContext> {
  const lookup = app.useCases.findPartnerUserByTelegram;
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
  const reachable = app.useCases.markTelegramUserReachable;
  return async (ctx, next) => {
    ctx.app = app;
    // Whoever writes can be written to again, whatever a 403 said before (telegram-client.ts).
    const refusedUs = ctx.chat !== undefined && ctx.telegram instanceof ResilientTelegram && ctx.telegram.guard.chatSpoke(ctx.chat.id);
    const found = ctx.from ? await find(ctx.from.id) : null;
    if ((refusedUs || found?.user.blockedAt) && ctx.from) {
      await reachable(ctx.from.id); // notifications resume
      recent.delete(ctx.from.id);
    }
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
