/**
 * The bot's conversation state, one row per chat: read when an update starts and written when it ends
 * (telegraf's `session({ store })` calls these three), so a restart — or a crash between two taps —
 * resumes the flow where the last handled update left it.
 */
import type { Ctx } from '../shared/context.js';

export interface BotSessionStore<S> {
  get(key: string): Promise<S | undefined>;
  set(key: string, session: S): Promise<void>;
  delete(key: string): Promise<void>;
}

export function botSessions<S>(ctx: Ctx): BotSessionStore<S> {
  const { BotSession } = ctx.db.models;
  return {
    async get(key) {
      const row = await BotSession.findByPk(key, { attributes: ['data'] });
      if (!row) return undefined;
      try {
        return JSON.parse(row.data) as S;
      } catch {
        // A corrupt row must not lock the partner out: the flow starts afresh and the next write replaces it.
        ctx.log.warn({ chatId: key }, 'bot session unreadable: starting afresh');
        return undefined;
      }
    },
    async set(key, session) {
      await BotSession.upsert({ chatId: key, data: JSON.stringify(session), updatedAt: ctx.clock.now() });
    },
    async delete(key) {
      await BotSession.destroy({ where: { chatId: key } });
    },
  };
}
