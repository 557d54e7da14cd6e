/**
 * Import a bank statement. Steps, each reported through `onProgress`:
 * 1. parse the whole file, a camt.053 read from disk in pieces (a file that does not parse is refused
 *    whole, naming the line and the reason);
 * 2. de-duplicate: lines of this format already stored (dedupKey) and the same movements already
 *    imported from another format or an overlapping file (movement-identity.ts) add nothing; a line whose
 *    identity is ambiguous, or that may be cut short (a CSV's last line without its line break), is
 *    stored `held`, for a person;
 * 3. match the new credits against the orders waiting for payment, in memory (match-lines.ts);
 * 4. write the statement and its lines in one transaction, in batches, each line with its final state
 *    (debits and reversals ignored, unmatched ones with their top suggestions): all or nothing;
 * 5. record the allocations of the matched lines and mark their orders paid, their fulfilment queued
 *    (`fulfil_order` jobs) rather than done here; each allocation is conditional, so a resumed import
 *    (resumeImport) carries on where a killed one stopped;
 * 6. link reversals to the credits they take back (link-reversals.ts).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Op, type Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError, isDomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { parseStatement, readStatementFile } from './parse-statement.js';
import type { CsvMapping } from './parse-csv.js';
import type { StatementLine } from './statement.js';
import { type LineDecision, matchLines } from './match-lines.js';
import { loadOpenOrders } from './open-orders.js';
import { applyAllocations } from './apply-allocations.js';
import { type Match, applyMatchesInTx } from './apply-matches.js';
import { type KnownLine, judgeMovements, movementKeyOf } from './movement-identity.js';
import { linkReversals } from './link-reversals.js';
import { reconcileLines, type ReconcileSummary } from './reconcile-lines.js';

const schema = z
  .object({
    fileName: z.string().trim().min(1).max(255),
    /** The file's bytes (a small upload, tests) or, for the background import, where it is on disk. */
    content: z.instanceof(Buffer).optional(),
    path: z.string().min(1).optional(),
    /** For CSV files: the bank whose saved column mapping reads the file. */
    bankName: z.string().trim().max(100).optional(),
  })
  .refine((v) => (v.content === undefined) !== (v.path === undefined), { message: 'content oppure path', path: ['content'] });
export type ImportStatementInput = z.input<typeof schema>;

export interface ImportCounts {
  linesRead: number;
  newLines: number;
  duplicates: number;
  held: number;
  matched: number;
  partial: number;
  toReview: number;
  ignored: number;
  reversals: number;
}

export interface ImportStatementResult extends ImportCounts {
  statementId: number | null;
  format: string;
  /** Kept for callers of the first version: linesRead. */
  lines: number;
  reconcile: ReconcileSummary;
}

export interface ImportHooks {
  /** Called between steps (never inside the write transaction). */
  onProgress?: (phase: string, counts: Partial<ImportCounts>) => Promise<void>;
  /** Runs inside the write transaction, once the statement row exists (the background import records its statement there). */
  onStatementWritten?: (statementId: number, t: Transaction) => Promise<void>;
}

const BATCH = 1000;
const KEYS_PER_QUERY = 2000;
const SUGGESTIONS_KEPT = 3;
const APPLY_PER_TX = 100;
const IGNORED_NOTE = { debit: 'Addebito', reversal: 'Storno', other_currency: 'Valuta diversa da EUR' } as const;

export function importStatement(ctx: Ctx) {
  const m = ctx.db.models;
  return async (raw: ImportStatementInput, actor: Actor, hooks: ImportHooks = {}): Promise<ImportStatementResult> => {
    const input = parseInput(schema, raw);
    const progress = hooks.onProgress ?? (async () => {});
    let csvMapping: CsvMapping | undefined;
    if (input.bankName) {
      const saved = await m.BankCsvMapping.findOne({ where: { bankName: input.bankName } });
      if (!saved) throw new DomainError('not_found', `Nessuna mappatura CSV salvata per "${input.bankName}"`);
      csvMapping = saved.mapping as unknown as CsvMapping;
    }
    await progress('lettura del file', {});
    const { parsed, sha256: sha } = input.path
      ? await readStatementFile(input.path, { csvMapping, onLines: (n) => progress('lettura del file', { linesRead: n }) })
      : { parsed: parseStatement(input.content!, { csvMapping }), sha256: createHash('sha256').update(input.content!).digest('hex') };
    const linesRead = parsed.lines.length;
    await progress('ricerca dei movimenti già importati', { linesRead });

    // 2. De-duplication: own format first, then across formats.
    const { fresh, consumed, known } = await storedLines(ctx, parsed.lines);
    const account = parsed.accountIban;
    const verdicts = judgeMovements(fresh, known, consumed, account);
    const newLines: StatementLine[] = [];
    const held: { line: StatementLine; note: string }[] = [];
    verdicts.forEach((v, i) => {
      if (v.kind === 'new' && fresh[i].suspect) held.push({ line: fresh[i], note: fresh[i].suspect! });
      else if (v.kind === 'new') newLines.push(fresh[i]);
      else if (v.kind === 'held') held.push({ line: fresh[i], note: heldNote(v.like) });
    });
    const duplicates = linesRead - newLines.length - held.length;
    const empty: ReconcileSummary = { matched: 0, partial: 0, unmatched: 0, ignored: 0, paidOrderIds: [] };
    const base = { format: parsed.format, lines: linesRead, linesRead, duplicates, held: held.length };
    if (!newLines.length && !held.length) {
      return { ...base, statementId: null, newLines: 0, matched: 0, partial: 0, toReview: 0, ignored: 0, reversals: 0, reconcile: empty };
    }

    // 3. Matching, in memory.
    await progress('abbinamento agli ordini', { linesRead, duplicates, held: held.length, newLines: newLines.length });
    const decisions = matchLines(newLines, await loadOpenOrders(ctx), { maxSuggestions: SUGGESTIONS_KEPT });

    // 4. One transaction for the statement and all its lines.
    const statementId = await ctx.db.tx(async (t) => {
      const statement = await m.BankStatement.create(
        {
          format: parsed.format, fileName: input.fileName, fileSha256: sha, accountIban: parsed.accountIban, statementRef: parsed.statementId,
          openingBalanceCents: parsed.openingBalanceCents, closingBalanceCents: parsed.closingBalanceCents,
          lineCount: linesRead, newLineCount: newLines.length + held.length,
          importedById: actor.type === 'staff' ? actor.id : null, importedByLabel: actor.label.slice(0, 200),
        },
        { transaction: t },
      );
      // Plain rows through the query interface, built a batch at a time: model instances (or one array
      // of rows) for 100,000 lines cost more memory than the lines themselves.
      const total = newLines.length + held.length;
      const now = new Date();
      for (let from = 0; from < total; from += BATCH) {
        const batch = [];
        for (let i = from; i < Math.min(from + BATCH, total); i++) {
          if (i < newLines.length) batch.push(columns(row(statement.id, newLines[i]), initialState(decisions[i]), now));
          else {
            const h = held[i - newLines.length];
            batch.push(columns(row(statement.id, h.line), { status: 'held', note: h.note }, now));
          }
        }
        await ctx.db.sequelize.getQueryInterface().bulkInsert('bank_lines', batch, { transaction: t });
      }
      await recordAudit(m, t, actor, {
        action: 'bank_statement.imported', entityType: 'bank_statement', entityId: statement.id,
        after: { fileName: input.fileName, format: parsed.format, lines: linesRead, newLines: newLines.length, held: held.length, duplicates, sha256: sha },
      });
      await hooks.onStatementWritten?.(statement.id, t);
      return statement.id;
    });

    // 5. Allocations of the matched lines.
    const counts = { linesRead, newLines: newLines.length, duplicates, held: held.length };
    await progress('registrazione dei pagamenti', counts);
    const reconcile = await applyDecisions(ctx, statementId, newLines, decisions, actor, async (done) => progress(`registrazione dei pagamenti (${done})`, counts));

    // 6. Reversals.
    await progress('storni', counts);
    const rev = await linkReversals(ctx, statementId, actor);
    return {
      ...base, statementId, newLines: newLines.length, matched: reconcile.matched, partial: reconcile.partial,
      toReview: reconcile.unmatched, ignored: reconcile.ignored, reversals: rev.linked, reconcile,
    };
  };
}

/**
 * Carries on an import whose lines were written but whose allocations or reversals were cut short (the
 * worker died): the statement's lines still waiting are matched again, reversals linked.
 */
export function resumeImport(ctx: Ctx) {
  return async (statementId: number, actor: Actor) => {
    const reconcile = await reconcileLines(ctx, { statementId }, actor, { fulfil: 'queue' });
    const rev = await linkReversals(ctx, statementId, actor);
    return { reconcile, reversals: rev.linked };
  };
}

const heldNote = (like: number) => `Possibile doppione della riga #${like} (stesso giorno, importo e ordinante in un altro estratto): verificare prima di abbinarla`;

const row = (statementId: number, l: StatementLine) => ({
  statementId, dedupKey: l.dedupKey, movementKey: movementKeyOf(l), bankRef: l.bankRef?.slice(0, 100) ?? null, bookingDate: l.bookingDate, valueDate: l.valueDate,
  amountCents: l.amountCents, currency: l.currency, counterparty: l.counterparty?.slice(0, 300) ?? null, remittance: l.remittance, reversal: l.reversal,
});

/** The state a line is written with: final for ignored and unmatched lines, `unmatched` until allocated for the others. */
function initialState(d: LineDecision) {
  if (d.kind === 'ignored') return { status: 'ignored' as const, note: IGNORED_NOTE[d.reason] };
  if (d.kind === 'unmatched') return { status: 'unmatched' as const, suggestions: d.suggestions };
  if (d.kind === 'paid' && !d.allocations.some((a) => a.amountCents > 0)) {
    // Every order it names was settled by an earlier line: a duplicate payment, for a person to refund or reassign.
    return {
      status: 'unmatched' as const, note: 'Pagamento doppio: l’ordine era già saldato',
      suggestions: d.allocations.map((a) => ({ orderId: a.orderId, score: 1, reasons: ['reference'] })),
    };
  }
  return { status: 'unmatched' as const };
}

async function applyDecisions(
  ctx: Ctx, statementId: number, lines: StatementLine[], decisions: LineDecision[], actor: Actor,
  onProgress: (done: number) => Promise<void>,
): Promise<ReconcileSummary> {
  const m = ctx.db.models;
  const summary: ReconcileSummary = { matched: 0, partial: 0, unmatched: 0, ignored: 0, paidOrderIds: [] };
  const toApply: number[] = [];
  decisions.forEach((d, i) => {
    if (d.kind === 'ignored') summary.ignored++;
    else if (d.kind === 'unmatched' || (d.kind === 'paid' && !d.allocations.some((a) => a.amountCents > 0))) summary.unmatched++;
    else toApply.push(i);
  });
  const ids = new Map<string, number>();
  for (let i = 0; i < toApply.length; i += KEYS_PER_QUERY) {
    const keys = toApply.slice(i, i + KEYS_PER_QUERY).map((k) => lines[k].dedupKey);
    const rows = await m.BankLine.findAll({ where: { statementId, dedupKey: { [Op.in]: keys } }, attributes: ['id', 'dedupKey'], raw: true });
    for (const r of rows) ids.set(r.dedupKey, r.id);
  }
  const matches: Match[] = toApply.map((i) => {
    const d = decisions[i];
    return {
      line: { id: ids.get(lines[i].dedupKey)!, bankRef: lines[i].bankRef, bookingDate: lines[i].bookingDate },
      allocations: d.kind === 'paid' ? d.allocations.filter((a) => a.amountCents > 0) : d.kind === 'partial' ? [{ orderId: d.orderId, amountCents: d.amountCents }] : [],
      surplusCents: d.kind === 'paid' ? d.surplusCents : 0,
    };
  });
  // Many lines per transaction, each line's proof and payment together. A chunk meeting a line taken
  // meanwhile (a concurrent run) is rolled back and applied line by line, skipping what is taken.
  for (let c = 0; c < matches.length; c += APPLY_PER_TX) {
    const chunk = matches.slice(c, c + APPLY_PER_TX);
    try {
      const r = await ctx.db.tx((t) => applyMatchesInTx(ctx, t, chunk, actor));
      summary.matched += r.matched;
      summary.partial += r.partial;
      summary.unmatched += r.skipped;
      summary.paidOrderIds.push(...r.paidOrderIds);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      for (const x of chunk) {
        try {
          const r = await applyAllocations(ctx, x.line, x.allocations, x.surplusCents, 'auto', actor, { fulfil: 'queue' });
          summary[r.status]++;
          summary.paidOrderIds.push(...r.paidOrderIds);
        } catch (err) {
          if (!isDomainError(err)) throw err;
          ctx.log.warn({ err, lineId: x.line.id }, 'automatic match skipped');
          summary.unmatched++;
        }
      }
    }
    await onProgress(Math.min(c + APPLY_PER_TX, matches.length));
  }
  return summary;
}

/** A line row as the table names its columns. */
function columns(r: ReturnType<typeof row>, state: { status: string; note?: string | null; suggestions?: unknown }, now: Date) {
  return {
    statement_id: r.statementId, dedup_key: r.dedupKey, movement_key: r.movementKey, reversal_of_id: null, bank_ref: r.bankRef, booking_date: r.bookingDate,
    value_date: r.valueDate, amount_cents: r.amountCents, currency: r.currency, counterparty: r.counterparty, remittance: r.remittance, reversal: r.reversal,
    status: state.status, match_kind: null, allocated_cents: 0, surplus_cents: 0, suggestions: state.suggestions == null ? null : JSON.stringify(state.suggestions),
    note: state.note ?? null, created_at: now, updated_at: now,
  };
}

/**
 * The stored lines of the days this file covers, read once: those with the same dedupKey are this
 * format's copies of the file's lines (left out, and `consumed`: they stand for those movements); all of
 * them, with their account, are the candidates for "the same movement from another file".
 */
async function storedLines(ctx: Ctx, lines: StatementLine[]): Promise<{ fresh: StatementLine[]; consumed: Set<number>; known: KnownLine[] }> {
  const seen = new Set<string>();
  const unique = lines.filter((l) => !seen.has(l.dedupKey) && seen.add(l.dedupKey));
  if (!unique.length) return { fresh: [], consumed: new Set(), known: [] };
  const m = ctx.db.models;
  let from = unique[0].bookingDate;
  let to = from;
  for (const l of unique) {
    if (l.bookingDate < from) from = l.bookingDate;
    if (l.bookingDate > to) to = l.bookingDate;
  }
  const rows = await m.BankLine.findAll({
    where: { bookingDate: { [Op.between]: [from, to] } },
    attributes: ['id', 'statementId', 'dedupKey', 'bookingDate', 'valueDate', 'amountCents', 'counterparty', 'remittance', 'status'],
    raw: true,
  });
  const byKey = new Map(rows.map((r) => [r.dedupKey, r.id]));
  const consumed = new Set<number>();
  const fresh = unique.filter((l) => {
    const id = byKey.get(l.dedupKey);
    if (id === undefined) return true;
    consumed.add(id);
    return false;
  });
  const keys = new Set(fresh.map(movementKeyOf));
  // A held line stands for no movement until a person releases it: the same movement read whole from
  // another file is new (a last line perhaps cut short, then the complete file).
  const mine = rows.filter((r) => r.status !== 'held' && keys.has(movementKeyOf({ bookingDate: r.bookingDate, amountCents: Number(r.amountCents) })));
  if (!mine.length) return { fresh, consumed, known: [] };
  const statements = await m.BankStatement.findAll({ where: { id: [...new Set(mine.map((r) => r.statementId))] }, attributes: ['id', 'accountIban'], raw: true });
  const accountOf = new Map(statements.map((st) => [st.id, st.accountIban]));
  const known = mine.map((r) => ({
    id: r.id, bookingDate: r.bookingDate, valueDate: r.valueDate, amountCents: Number(r.amountCents), counterparty: r.counterparty, remittance: r.remittance,
    account: accountOf.get(r.statementId) ?? null,
  }));
  return { fresh, consumed, known };
}
