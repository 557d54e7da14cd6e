/** A person marks an unmatched line as not ours (a transfer for someone else, a bank fee refund…). */
import { z } from 'zod';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';

const schema = z.object({ lineId: z.number().int().positive(), note: z.string().trim().max(500).optional() });

export function markLineNotOurs(ctx: Ctx) {
  const m = ctx.db.models;
  return async (raw: z.input<typeof schema>, actor: Actor) => {
    const input = parseInput(schema, raw);
    return ctx.db.tx(async (t) => {
      const line = await m.BankLine.findByPk(input.lineId, { transaction: t });
      if (!line) throw new DomainError('not_found', 'Riga non trovata');
      if (line.status === 'not_ours') return { alreadyDone: true };
      const [won] = await m.BankLine.update({ status: 'not_ours', note: input.note ?? 'Non nostro' }, { where: { id: line.id, status: ['unmatched', 'held'] }, transaction: t });
      if (won !== 1) throw new DomainError('conflict', 'Solo una riga non abbinata (o un possibile doppione) può essere scartata', { status: line.status });
      await recordAudit(m, t, actor, { action: 'bank_line.not_ours', entityType: 'bank_line', entityId: line.id, before: { status: line.status }, after: { status: 'not_ours', note: input.note ?? null } });
      return { alreadyDone: false };
    });
  };
}
