/** Readiness: the database answers a trivial query (rejects when it does not). */
import type { Ctx } from '../shared/context.js';

export function databaseAnswers(ctx: Ctx) {
  return async (): Promise<void> => {
    await ctx.db.sequelize.query('SELECT 1');
  };
}
