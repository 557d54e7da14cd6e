/**
 * A person matches an unmatched line: to one order, or split across several (amounts given per order).
 * What is left of the line is kept as surplus and flagged. The orders that have then received their
 * total are marked paid and fulfilled through the core; the others keep the money and wait for the rest.
 */
import { z } from 'zod';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { applyAllocations, type ApplyResult } from './apply-allocations.js';

const schema = z.object({
  lineId: z.number().int().positive(),
  allocations: z.array(z.object({ orderId: z.number().int().positive(), amountCents: z.number().int().positive() })).min(1).max(50),
  fulfil: z.boolean().default(true),
});
export type MatchLineByHandInput = z.input<typeof schema>;

export function matchLineByHand(ctx: Ctx) {
  const m = ctx.db.models;
  return async (raw: MatchLineByHandInput, actor: Actor): Promise<ApplyResult & { surplusCents: number }> => {
    const input = parseInput(schema, raw);
    const line = await m.BankLine.findByPk(input.lineId);
    if (!line) throw new DomainError('not_found', 'Riga non trovata');
    if (line.status !== 'unmatched') throw new DomainError('conflict', 'La riga è già stata abbinata o scartata', { status: line.status });
    if (line.amountCents <= 0 || line.reversal) throw new DomainError('validation', 'Solo gli accrediti possono pagare un ordine');
    const ids = input.allocations.map((a) => a.orderId);
    if (new Set(ids).size !== ids.length) throw new DomainError('validation', 'Ogni ordine una volta sola');
    const total = input.allocations.reduce((s, a) => s + a.amountCents, 0);
    if (total > line.amountCents) {
      throw new DomainError('validation', 'La somma ripartita supera l’importo della riga', { lineCents: line.amountCents, totalCents: total });
    }
    const surplusCents = line.amountCents - total;
    const result = await applyAllocations(ctx, line, input.allocations, surplusCents, 'hand', actor, { fulfil: input.fulfil });
    if (surplusCents > 0) await m.BankLine.update({ note: `Eccedenza di ${(surplusCents / 100).toFixed(2)} €: da rimborsare o compensare` }, { where: { id: line.id } });
    return { ...result, surplusCents };
  };
}
