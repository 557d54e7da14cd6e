/**
 * The `notify` job: hand one message to the Notifier; a user who blocked the bot is marked and
 * skipped from then on. Wired only where a real Notifier exists (the bot, or the console's stand-in):
 * when the bot is off no worker claims these jobs, so they wait in the outbox instead of being dropped.
 */
import type { Ctx } from '../shared/context.js';
import { RecipientBlockedError, type Notifier, type NotificationEvent } from './events.js';

export function deliverNotification(ctx: Ctx, notifier: Notifier) {
  const m = ctx.db.models;
  return async (payload: { partnerUserId: number; chatId: string; language: 'it' | 'en'; event: NotificationEvent; params: Record<string, unknown> }) => {
    const user = await m.PartnerUser.findByPk(payload.partnerUserId);
    if (!user || !user.active || user.blockedAt) return;
    try {
      await notifier.notify({ partnerUserId: user.id, chatId: user.telegramChatId, language: user.language }, payload.event, payload.params);
    } catch (e) {
      if (!(e instanceof RecipientBlockedError)) throw e;
      await m.PartnerUser.update({ blockedAt: ctx.clock.now() }, { where: { id: user.id } });
      ctx.log.info({ partnerUserId: user.id }, 'partner user blocked the bot; notifications stop');
    }
  };
}
