/**
 * Updates received by webhook, kept until the bot process has handled them. Any web process stores an
 * update and answers Telegram at once; the one bot process (see bot-lease.ts) drains the inbox in
 * update_id order, one chat at a time, and removes each row once handled. A process that dies leaves
 * its rows for the next one; Telegram redelivering an update that is still here is recognised by its id.
 */
import { UniqueConstraintError } from 'sequelize';
import type { Ctx } from '../shared/context.js';

export interface InboxUpdate {
  updateId: number;
  chatId: string;
  payload: string;
}

export function updateInbox(ctx: Ctx) {
  const { BotUpdate } = ctx.db.models;
  return {
    /** Stores an update; false when one with its update_id is already waiting (a redelivery). */
    async store(updateId: number, chatId: string, payload: string): Promise<boolean> {
      try {
        await BotUpdate.create({ updateId, chatId, payload, receivedAt: ctx.clock.now() });
        return true;
      } catch (e) {
        if (e instanceof UniqueConstraintError) return false;
        throw e;
      }
    },
    /** The oldest waiting updates, in update_id order. */
    async pending(limit: number): Promise<InboxUpdate[]> {
      const rows = await BotUpdate.findAll({ attributes: ['updateId', 'chatId', 'payload'], order: [['updateId', 'ASC']], limit, raw: true });
      return rows.map((r) => ({ updateId: Number(r.updateId), chatId: r.chatId, payload: r.payload }));
    },
    async remove(updateId: number): Promise<void> {
      await BotUpdate.destroy({ where: { updateId } });
    },
  };
}
export type UpdateInbox = ReturnType<typeof updateInbox>;
