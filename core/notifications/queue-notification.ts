/** Queues one `notify` job per active Telegram user of a partner, in the caller's transaction. */
import type { Transaction } from 'sequelize';
import type { Models } from '../db/models.js';
import { enqueueJob } from '../outbox/enqueue-job.js';
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
