/** Queues one `notify` job per active Telegram user of a partner, in the caller's transaction. */
import type { Transaction } from 'sequelize';
import type { Models } from '../db/models.js';
import { enqueueJob, enqueueJobs } from '../outbox/enqueue-job.js';
import type { NotificationEvent } from './events.js';

export async function queueNotification(models: Models, t: Transaction, partnerId: number, event: NotificationEvent, params: Record<string, unknown>) {
  const users = await models.PartnerUser.findAll({ where: { partnerId, active: true, blockedAt: null }, transaction: t });
  for (const u of users) {
    await enqueueJob(models, t, 'notify', {
      partnerUserId: u.id,
      chatId: u.telegramChatId,
      language: u.language,
      event,
      params,
    });
  }
  return users.length;
}

/** The same for several partners at once, in two statements (a bank import pays a thousand orders). */
export async function queueNotifications(models: Models, t: Transaction, items: { partnerId: number; event: NotificationEvent; params: Record<string, unknown> }[]) {
  if (!items.length) return;
  const users = await models.PartnerUser.findAll({ where: { partnerId: [...new Set(items.map((i) => i.partnerId))], active: true, blockedAt: null }, transaction: t });
  await enqueueJobs(models, t, items.flatMap((i) => users.filter((u) => u.partnerId === i.partnerId).map((u) => ({
    kind: 'notify', payload: { partnerUserId: u.id, chatId: u.telegramChatId, language: u.language, event: i.event, params: i.params },
  }))));
}
