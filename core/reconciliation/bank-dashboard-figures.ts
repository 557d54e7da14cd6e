/**
 * What the bank side needs from staff now, for the dashboard: lines held as possible duplicates, orders
 * whose payment the bank reversed, statement imports running, and the imports a person started that
 * ended in the last day (the outcome they wait for).
 */
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';

const DAY = 86_400_000;

export interface FinishedImport {
  id: number;
  fileName: string;
  status: 'done' | 'failed';
  statementId: number | null;
  newLines: number;
  duplicates: number;
  held: number;
  matched: number;
  partial: number;
  toReview: number;
  reversals: number;
  error: string | null;
}

export function bankDashboardFigures(ctx: Ctx) {
  const m = ctx.db.models;
  return async (staffId: number | null) => {
    const since = new Date(ctx.clock.now().getTime() - DAY);
    const [held, reversed, importing, mine] = await Promise.all([
      m.BankLine.count({ where: { status: 'held' } }),
      // Fulfilled orders whose payment the bank took back, waiting for a person's decision.
      m.PaymentReversal.count({ where: { status: 'open' } }),
      m.BankImport.count({ where: { status: 'running' } }),
      staffId ? m.BankImport.findAll({ where: { startedById: staffId, status: ['done', 'failed'], finishedAt: { [Op.gte]: since } }, order: [['id', 'DESC']], limit: 3, raw: true }) : [],
    ]);
    const finished: FinishedImport[] = mine.map((i) => ({
      id: i.id, fileName: i.fileName, status: i.status as FinishedImport['status'], statementId: i.statementId, newLines: i.newLines, duplicates: i.duplicates,
      held: i.held, matched: i.matched, partial: i.partial, toReview: i.toReview, reversals: i.reversals, error: i.error,
    }));
    return { heldLines: held, reversedPayments: reversed, importsRunning: importing, finishedImports: finished };
  };
}
