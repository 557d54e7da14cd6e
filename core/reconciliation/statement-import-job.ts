/**
 * Statements of real size are imported in the background: the upload (already on disk) is moved under
 * STATEMENTS_DIR and a `bank_imports` row plus a `bank_import` job are written in one transaction; the
 * worker runs importStatement, recording the phase and counts on the row (the back-office shows them)
 * and the outcome when done. Idempotent: a job that runs again finds its import done and does nothing,
 * or finds its statement written and resumes the matching (resumeImport); a killed import never leaves
 * half a statement (the lines are written in one transaction).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { systemActor } from '../shared/actor.js';
import { DomainError, isDomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { enqueueJob } from '../outbox/enqueue-job.js';
import type { JobHandler } from '../worker/worker.js';
import { PermanentFailure, RetryLater } from '../worker/worker.js';
import { Op } from 'sequelize';
import type { BankImport } from '../db/back-office-models.js';
import { importStatement, resumeImport } from './import-statement.js';
import { detectFormat } from './parse-statement.js';
import { emptyFileError, parseError } from './statement.js';

export const BANK_IMPORT_JOB = 'bank_import';
const STALE_MS = 5 * 60_000;

const schema = z.object({
  fileName: z.string().trim().min(1).max(255),
  /** The uploaded file on disk; moved away from there. */
  path: z.string().min(1),
  bankName: z.string().trim().max(100).optional(),
});

export function queueStatementImport(ctx: Ctx) {
  const m = ctx.db.models;
  return async (raw: z.input<typeof schema>, actor: Actor): Promise<{ importId: number }> => {
    const input = parseInput(schema, raw);
    if (input.bankName && !(await m.BankCsvMapping.findOne({ where: { bankName: input.bankName }, attributes: ['id'] })))
      throw new DomainError('not_found', `Nessuna mappatura CSV salvata per "${input.bankName}"`);
    const { sha, size, head } = await hashFile(input.path);
    if (!size) throw emptyFileError();
    // What can be said from the first bytes is said now, not after a trip through the queue.
    const format = detectFormat(head);
    if (format === null) throw parseError(1, 'un file XML che non è un estratto conto camt.053');
    if (format === 'csv' && !input.bankName) throw parseError(1, 'sembra un file CSV: scegli prima la mappatura delle colonne della banca');
    const limit = ctx.config.STATEMENT_UPLOAD_MAX_MB * 1024 * 1024;
    if (size > limit) throw new DomainError('validation', `File troppo grande (massimo ${ctx.config.STATEMENT_UPLOAD_MAX_MB} MB)`);
    await mkdir(ctx.config.statementsDir, { recursive: true });
    const stored = join(ctx.config.statementsDir, `${Date.now()}-${sha.slice(0, 16)}.upload`);
    await move(input.path, stored);
    try {
      return await ctx.db.tx(async (t) => {
        const row = await m.BankImport.create(
          {
            fileName: input.fileName, filePath: stored, fileSize: size, fileSha256: sha, bankName: input.bankName ?? null, status: 'queued', phase: 'in coda',
            error: null, statementId: null, startedById: actor.type === 'staff' ? actor.id : null, startedByLabel: actor.label.slice(0, 200), finishedAt: null,
          },
          { transaction: t },
        );
        await enqueueJob(m, t, BANK_IMPORT_JOB, { importId: row.id }, { dedupKey: `bank_import:${row.id}`, maxAttempts: 3 });
        await recordAudit(m, t, actor, { action: 'bank_statement.import_queued', entityType: 'bank_import', entityId: row.id, after: { fileName: input.fileName, size, sha256: sha } });
        return { importId: row.id };
      });
    } catch (e) {
      await rm(stored, { force: true });
      throw e;
    }
  };
}

export function statementImportJob(ctx: Ctx): JobHandler {
  const m = ctx.db.models;
  const run = importStatement(ctx);
  const resume = resumeImport(ctx);
  const finish = async (id: number, values: Record<string, unknown>) => m.BankImport.update({ ...values, finishedAt: ctx.clock.now() }, { where: { id } });

  async function work(job: BankImport, actor: Actor): Promise<void> {
    if (job.statementId) {
      // Lines written by an earlier run that was cut short: carry on with the matching.
      const r = await resume(job.statementId, actor);
      await finish(job.id, { status: 'done', phase: 'completato', matched: job.matched + r.reconcile.matched, partial: job.partial + r.reconcile.partial, reversals: r.reversals });
      await rm(job.filePath, { force: true });
      return;
    }
    if (!(await stat(job.filePath).catch(() => null))) {
      await finish(job.id, { status: 'failed', phase: 'non riuscito', error: 'Il file caricato non è più disponibile: caricarlo di nuovo' });
      throw new PermanentFailure('statement file missing');
    }
    try {
      // Read from disk in pieces: a 100 MB statement is never held whole.
      const r = await run({ fileName: job.fileName, path: job.filePath, bankName: job.bankName ?? undefined }, actor, {
        onProgress: async (phase, counts) => void (await m.BankImport.update({ phase: phase.slice(0, 40), ...counts }, { where: { id: job.id } })),
        onStatementWritten: async (statementId, t) => void (await m.BankImport.update({ statementId }, { where: { id: job.id }, transaction: t })),
      });
      await finish(job.id, {
        status: 'done', phase: 'completato', statementId: r.statementId, linesRead: r.linesRead, newLines: r.newLines, duplicates: r.duplicates, held: r.held,
        matched: r.matched, partial: r.partial, toReview: r.toReview, ignored: r.ignored, reversals: r.reversals,
      });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      await finish(job.id, { status: 'failed', phase: 'rifiutato', error: e.message.slice(0, 2000) });
    }
    await rm(job.filePath, { force: true });
  }

  return {
    async run(payload: { importId: number }) {
      const job = await m.BankImport.findByPk(payload.importId);
      if (!job || job.status === 'done' || job.status === 'failed') return;
      const staff = job.startedById ? await m.StaffUser.findByPk(job.startedById, { attributes: ['id', 'role'] }) : null;
      const actor: Actor = staff ? { type: 'staff', id: staff.id, label: job.startedByLabel, role: staff.role } : systemActor(job.startedByLabel);
      // One runner at a time: a worker whose lease ran out may see this job again while the first still
      // works (its progress keeps updatedAt fresh); a runner silent for STALE_MS is taken as dead.
      const [claimed] = await m.BankImport.update(
        { status: 'running', phase: job.statementId ? 'ripresa dopo un’interruzione' : 'avvio' },
        { where: { id: job.id, [Op.or]: [{ status: 'queued' }, { status: 'running', updatedAt: { [Op.lt]: new Date(Date.now() - STALE_MS) } }] } },
      );
      if (claimed !== 1) throw new RetryLater(STALE_MS / 2, 'import already running');
      try {
        await work(job, actor);
      } catch (e) {
        // The database or the disk: the worker retries; the import waits for it, not for STALE_MS.
        if (!(e instanceof PermanentFailure)) await m.BankImport.update({ status: 'queued', phase: 'nuovo tentativo dopo un errore' }, { where: { id: job.id, status: 'running' } });
        throw e;
      }
    },
    async onGiveUp(payload: { importId: number }, error: string) {
      await finish(payload.importId, { status: 'failed', phase: 'non riuscito', error: `Importazione non riuscita dopo vari tentativi: ${error}`.slice(0, 2000) });
    },
  };
}

async function hashFile(path: string): Promise<{ sha: string; size: number; head: Buffer }> {
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (head.length < 4096) head = Buffer.concat([head, (chunk as Buffer).subarray(0, 4096 - head.length)]);
  }
  return { sha: hash.digest('hex'), size, head };
}

/** rename, or copy + remove across file systems (the upload folder may be a tmpfs). */
async function move(from: string, to: string) {
  try {
    await rename(from, to);
  } catch (e: any) {
    if (e?.code !== 'EXDEV') throw e;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}
