/**
 * A person decides that a `held` line (possibly a movement already imported from another file) is a
 * movement of its own: it becomes an ordinary unmatched line and is matched like the others.
 */
import { z } from 'zod';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { reconcileLines, type ReconcileSummary } from './reconcile-lines.js';

const schema = z.object({ lineId: z.number().int().positive() });

export function releaseHeldLine(ctx: Ctx) {
  const m = ctx.db.models;
  return async (raw: z.input<typeof schema>, actor: Actor): Promise<{ alreadyDone: boolean; reconcile: ReconcileSummary }> => {
    const input = parseInput(schema, raw);
    const released = await ctx.db.tx(async (t) => {
      const line = await m.BankLine.findByPk(input.lineId, { transaction: t });
      if (!line) throw new DomainError('not_found', 'Riga non trovata');
      const [won] = await m.BankLine.update({ status: 'unmatched', note: null }, { where: { id: line.id, status: 'held' }, transaction: t });
      if (won !== 1) return false;
      await recordAudit(m, t, actor, { action: 'bank_line.released', entityType: 'bank_line', entityId: line.id, before: { status: 'held', note: line.note }, after: { status: 'unmatched' } });
      return true;
    });
    const empty: ReconcileSummary = { matched: 0, partial: 0, unmatched: 0, ignored: 0, paidOrderIds: [] };
    if (!released) return { alreadyDone: true, reconcile: empty };
    return { alreadyDone: false, reconcile: await reconcileLines(ctx, { lineId: input.lineId }, actor) };
  };
}
