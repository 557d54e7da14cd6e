/**
 * Whether the bot can still write to a partner user's chat. Telegram answers 403 ("bot was blocked by
 * the user") once a user blocks the bot: the user is marked, and notifications skip them from then on
 * (deliver-notification.ts marks the same way when a notification meets the 403). A marked user who
 * writes to the bot again has unblocked it: the mark goes, and notifications resume.
 */
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';

/** Marks the partner users of this Telegram chat as unreachable; returns how many were marked now. */
export function markTelegramChatBlocked(ctx: Ctx) {
  const m = ctx.db.models;
  return async (chatId: string | number): Promise<number> => {
    const [n] = await m.PartnerUser.update({ blockedAt: ctx.clock.now() }, { where: { telegramChatId: String(chatId), blockedAt: null } });
    if (n) ctx.log.info({ chatId: String(chatId) }, 'partner user blocked the bot; sends to the chat stop');
    return n;
  };
}

/** Clears the mark of the partner user behind this Telegram account (they wrote to the bot again). */
export function markTelegramUserReachable(ctx: Ctx) {
  const m = ctx.db.models;
  return async (telegramUserId: string | number): Promise<number> => {
    const [n] = await m.PartnerUser.update({ blockedAt: null }, { where: { telegramUserId: String(telegramUserId), blockedAt: { [Op.ne]: null } } });
    if (n) ctx.log.info({ telegramUserId: String(telegramUserId) }, 'partner user unblocked the bot; notifications resume');
    return n;
  };
}
