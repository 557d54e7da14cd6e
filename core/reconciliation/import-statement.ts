/**
 * Import a bank statement: parse the whole file first (a file that does not parse is refused whole,
 * naming the line and the reason), store the statement and its new lines in one transaction (lines
 * already known by their dedup key are skipped: re-importing the same or an overlapping statement adds
 * nothing), then match the new credit lines to orders waiting for payment.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import type { MarkOrderPaid } from './mark-paid.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { parseStatement } from './parse-statement.js';
import type { CsvMapping } from './parse-csv.js';
import type { StatementLine } from './statement.js';
import { reconcileLines, type ReconcileSummary } from './reconcile-lines.js';

const schema = z.object({
  fileName: z.string().trim().min(1).max(255),
  content: z.instanceof(Buffer),
  /** For CSV files: the bank whose saved column mapping reads the file. */
  bankName: z.string().trim().max(100).optional(),
});
export type ImportStatementInput = z.input<typeof schema>;

export interface ImportStatementResult {
  statementId: number | null;
  format: string;
  lines: number;
  newLines: number;
  duplicates: number;
  reconcile: ReconcileSummary;
}

const CHUNK = 500;

export function importStatement(ctx: Ctx, markOrderPaid: MarkOrderPaid) {
  const m = ctx.db.models;
  return async (raw: ImportStatementInput, actor: Actor): Promise<ImportStatementResult> => {
    const input = parseInput(schema, raw);
    let csvMapping: CsvMapping | undefined;
    if (input.bankName) {
      const saved = await m.BankCsvMapping.findOne({ where: { bankName: input.bankName } });
      if (!saved) throw new DomainError('not_found', `Nessuna mappatura CSV salvata per "${input.bankName}"`);
      csvMapping = saved.mapping as unknown as CsvMapping;
    }
    const parsed = parseStatement(input.content, { csvMapping });
    const sha = createHash('sha256').update(input.content).digest('hex');

    const { statementId, fresh } = await ctx.db.tx(async (t) => {
      const fresh = await withoutKnown(ctx, dedupWithinFile(parsed.lines), t);
      if (!fresh.length) return { statementId: null, fresh };
      const statement = await m.BankStatement.create(
        {
          format: parsed.format, fileName: input.fileName, fileSha256: sha, accountIban: parsed.accountIban, statementRef: parsed.statementId,
          openingBalanceCents: parsed.openingBalanceCents, closingBalanceCents: parsed.closingBalanceCents,
          lineCount: parsed.lines.length, newLineCount: fresh.length,
          importedById: actor.type === 'staff' ? actor.id : null, importedByLabel: actor.label.slice(0, 200),
        },
        { transaction: t },
      );
      for (let i = 0; i < fresh.length; i += CHUNK) {
        await m.BankLine.bulkCreate(
          fresh.slice(i, i + CHUNK).map((l) => ({
            statementId: statement.id, dedupKey: l.dedupKey, bankRef: l.bankRef?.slice(0, 100) ?? null, bookingDate: l.bookingDate, valueDate: l.valueDate,
            amountCents: l.amountCents, currency: l.currency, counterparty: l.counterparty?.slice(0, 300) ?? null, remittance: l.remittance,
            reversal: l.reversal, status: 'unmatched' as const, matchKind: null, suggestions: null, note: null,
          })),
          { transaction: t },
        );
      }
      await recordAudit(m, t, actor, {
        action: 'bank_statement.imported', entityType: 'bank_statement', entityId: statement.id,
        after: { fileName: input.fileName, format: parsed.format, lines: parsed.lines.length, newLines: fresh.length, sha256: sha },
      });
      return { statementId: statement.id, fresh };
    });

    const reconcile = statementId
      ? await reconcileLines(ctx, markOrderPaid, { statementId }, actor)
      : { matched: 0, partial: 0, unmatched: 0, ignored: 0, paidOrderIds: [] };
    return { statementId, format: parsed.format, lines: parsed.lines.length, newLines: fresh.length, duplicates: parsed.lines.length - fresh.length, reconcile };
  };
}

function dedupWithinFile(lines: StatementLine[]): StatementLine[] {
  const seen = new Set<string>();
  return lines.filter((l) => !seen.has(l.dedupKey) && seen.add(l.dedupKey));
}

async function withoutKnown(ctx: Ctx, lines: StatementLine[], t: import('sequelize').Transaction): Promise<StatementLine[]> {
  const known = new Set<string>();
  for (let i = 0; i < lines.length; i += CHUNK) {
    const keys = lines.slice(i, i + CHUNK).map((l) => l.dedupKey);
    const rows = await ctx.db.models.BankLine.findAll({ where: { dedupKey: { [Op.in]: keys } }, attributes: ['dedupKey'], raw: true, transaction: t });
    for (const r of rows) known.add(r.dedupKey);
  }
  return lines.filter((l) => !known.has(l.dedupKey));
}
