/** The reconciliation use cases, registered in the composition root by one spread. */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { importStatement } from './import-statement.js';
import { decideReversal } from './decide-reversal.js';
import { reconcileLines } from './reconcile-lines.js';
import { matchLineByHand } from './match-line-by-hand.js';
import { markLineNotOurs } from './mark-line-not-ours.js';
import { releaseHeldLine } from './release-held-line.js';
import { undoLineDecision } from './undo-line-decision.js';
import { reconciliationReport } from './reconciliation-report.js';
import { saveCsvMapping } from './save-csv-mapping.js';
import { suggestOrdersForLine } from './suggest-orders.js';
import { bankDashboardFigures } from './bank-dashboard-figures.js';
import { BANK_IMPORT_JOB, queueStatementImport, statementImportJob } from './statement-import-job.js';
import { systemActor } from '../shared/actor.js';
import { FULFIL_ORDER_JOB } from '../orders/mark-order-paid.js';
import { fulfilOrder } from '../orders/fulfil-order.js';
import type { JobHandler } from '../worker/worker.js';

export function reconciliationUseCases(ctx: Ctx) {
  return {
    importStatement: importStatement(ctx),
    /** The back-office's import: the upload is stored and imported by the worker (job bank_import). */
    queueStatementImport: queueStatementImport(ctx),
    /** Re-run automatic matching on the lines still unmatched (e.g. after an order was placed late). */
    reconcileUnmatchedLines: (scope: { statementId?: number }, actor: Actor) => reconcileLines(ctx, scope, actor),
    matchLineByHand: matchLineByHand(ctx),
    markLineNotOurs: markLineNotOurs(ctx),
    releaseHeldLine: releaseHeldLine(ctx),
    undoLineDecision: undoLineDecision(ctx),
    reconciliationReport: reconciliationReport(ctx),
    saveCsvMapping: saveCsvMapping(ctx),
    suggestOrdersForLine: suggestOrdersForLine(ctx),
    bankDashboardFigures: bankDashboardFigures(ctx),
    /** Staff restore what a bank reversal took back, or confirm the loss (refund with credit note). */
    decideReversal: decideReversal(ctx),
  };
}

/** The worker's side: statement imports, and the fulfilment of orders a bank import paid. */
export function reconciliationJobHandlers(ctx: Ctx): Record<string, JobHandler> {
  const fulfil = fulfilOrder(ctx);
  return {
    [BANK_IMPORT_JOB]: statementImportJob(ctx),
    [FULFIL_ORDER_JOB]: {
      async run(p: { orderId: number }) {
        // Paid and not fulfilled yet: a reversal arriving first put the order back to waiting.
        const order = await ctx.db.models.Order.findByPk(p.orderId, { attributes: ['id', 'status'] });
        if (order?.status === 'paid') await fulfil(p.orderId, systemActor('Evasione dopo bonifico'));
      },
    },
  };
}
