/** Per statement: how many lines and how much money were matched automatically, by hand, are waiting, or set aside. */
import { QueryTypes } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import { DomainError } from '../errors.js';

export interface ReportRow {
  count: number;
  cents: number;
}
export interface ReconciliationReport {
  statementId: number;
  fileName: string;
  importedAt: Date;
  lines: number;
  credits: ReportRow;
  debits: ReportRow;
  matchedAuto: ReportRow;
  matchedByHand: ReportRow;
  partial: ReportRow;
  unmatched: ReportRow;
  notOurs: ReportRow;
  ignored: ReportRow;
  surplusCents: number;
}

export function reconciliationReport(ctx: Ctx) {
  return async (statementId: number): Promise<ReconciliationReport> => {
    const statement = await ctx.db.models.BankStatement.findByPk(statementId);
    if (!statement) throw new DomainError('not_found', 'Estratto conto non trovato');
    const rows = await ctx.db.sequelize.query<{ status: string; matchKind: string | null; credit: number; n: number; cents: number; surplus: number }>(
      `SELECT status, match_kind AS matchKind, CASE WHEN amount_cents > 0 THEN 1 ELSE 0 END AS credit, COUNT(*) AS n,
              SUM(amount_cents) AS cents, SUM(surplus_cents) AS surplus
       FROM bank_lines WHERE statement_id = ? GROUP BY status, match_kind, CASE WHEN amount_cents > 0 THEN 1 ELSE 0 END`,
      { replacements: [statementId], type: QueryTypes.SELECT },
    );
    const zero = (): ReportRow => ({ count: 0, cents: 0 });
    const r: ReconciliationReport = {
      statementId, fileName: statement.fileName, importedAt: statement.createdAt, lines: 0, credits: zero(), debits: zero(),
      matchedAuto: zero(), matchedByHand: zero(), partial: zero(), unmatched: zero(), notOurs: zero(), ignored: zero(), surplusCents: 0,
    };
    const add = (row: ReportRow, n: number, cents: number) => ((row.count += n), (row.cents += cents));
    for (const x of rows) {
      const n = Number(x.n);
      const cents = Number(x.cents);
      r.lines += n;
      r.surplusCents += Number(x.surplus ?? 0);
      add(Number(x.credit) ? r.credits : r.debits, n, cents);
      if (x.status === 'matched') add(x.matchKind === 'hand' ? r.matchedByHand : r.matchedAuto, n, cents);
      else if (x.status === 'partial') add(r.partial, n, cents);
      else if (x.status === 'unmatched') add(r.unmatched, n, cents);
      else if (x.status === 'not_ours') add(r.notOurs, n, cents);
      else add(r.ignored, n, cents);
    }
    return r;
  };
}
