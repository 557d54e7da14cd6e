/** The reconciliation use cases, registered in the composition root by one spread. */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { markOrderPaid } from '../orders/mark-order-paid.js';
import { importStatement } from './import-statement.js';
import { reconcileLines } from './reconcile-lines.js';
import { matchLineByHand } from './match-line-by-hand.js';
import { markLineNotOurs } from './mark-line-not-ours.js';
import { undoLineDecision } from './undo-line-decision.js';
import { reconciliationReport } from './reconciliation-report.js';
import { saveCsvMapping } from './save-csv-mapping.js';
import { suggestOrdersForLine } from './suggest-orders.js';

export function reconciliationUseCases(ctx: Ctx) {
  const markPaid = markOrderPaid(ctx);
  return {
    importStatement: importStatement(ctx, markPaid),
    /** Re-run automatic matching on the lines still unmatched (e.g. after an order was placed late). */
    reconcileUnmatchedLines: (scope: { statementId?: number }, actor: Actor) => reconcileLines(ctx, markPaid, scope, actor),
    matchLineByHand: matchLineByHand(ctx, markPaid),
    markLineNotOurs: markLineNotOurs(ctx),
    undoLineDecision: undoLineDecision(ctx),
    reconciliationReport: reconciliationReport(ctx),
    saveCsvMapping: saveCsvMapping(ctx),
    suggestOrdersForLine: suggestOrdersForLine(ctx),
  };
}
