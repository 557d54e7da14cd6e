/**
 * Finds the credit each reversal takes back and applies the reversal (apply-reversal.ts). The credit is
 * the one with the same amount, booked on or before the reversal within REVERSAL_WINDOW_DAYS, not yet
 * reversed, on the same account when both say which: first the one whose identifiers the reversal
 * repeats (the bank reference, a payment reference of the causale), then the closest payer, then the
 * latest. A reversal whose credit is not found stays "ignored" with a note, for a person.
 */
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { findPaymentReferences } from '../orders/payment-reference.js';
import { nameSimilarity, nameTokens } from './payer-name.js';
import { applyReversal } from './apply-reversal.js';

const REVERSAL_WINDOW_DAYS = 90;

export interface ReversalsSummary {
  reversals: number;
  linked: number;
  reopenedOrderIds: number[];
  flaggedOrderIds: number[];
}

export async function linkReversals(ctx: Ctx, statementId: number, actor: Actor): Promise<ReversalsSummary> {
  const m = ctx.db.models;
  const out: ReversalsSummary = { reversals: 0, linked: 0, reopenedOrderIds: [], flaggedOrderIds: [] };
  const reversals = await m.BankLine.findAll({ where: { statementId, reversal: true, amountCents: { [Op.lt]: 0 } }, order: [['id', 'ASC']] });
  if (!reversals.length) return out;
  const statement = await m.BankStatement.findByPk(statementId, { attributes: ['id', 'accountIban'] });
  for (const rev of reversals) {
    out.reversals++;
    if (rev.reversalOfId) continue; // linked by an earlier run
    const since = new Date(Date.parse(rev.bookingDate) - REVERSAL_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
    const candidates = await m.BankLine.findAll({
      where: {
        amountCents: -rev.amountCents,
        bookingDate: { [Op.between]: [since, rev.bookingDate] },
        reversal: false,
        status: { [Op.notIn]: ['reversed', 'held'] },
        id: { [Op.ne]: rev.id },
      },
      include: [{ model: m.BankStatement, as: 'statement', attributes: ['accountIban'] }],
    });
    const account = statement?.accountIban ?? null;
    const refs = findPaymentReferences(rev.remittance).exact;
    const payer = nameTokens(rev.counterparty);
    let best: { id: number; score: number; date: string } | null = null;
    for (const c of candidates) {
      const theirs = (c as unknown as { statement?: { accountIban: string | null } }).statement?.accountIban ?? null;
      if (account && theirs && account !== theirs) continue;
      let score = 0;
      if (c.bankRef && rev.remittance.includes(c.bankRef)) score += 4;
      if (refs.length && findPaymentReferences(c.remittance).exact.some((r) => refs.includes(r))) score += 3;
      score += 2 * nameSimilarity(payer, nameTokens(c.counterparty));
      if (!best || score > best.score || (score === best.score && c.bookingDate > best.date)) best = { id: c.id, score, date: c.bookingDate };
    }
    if (!best) {
      await m.BankLine.update({ note: 'Storno: bonifico stornato non trovato, verificare' }, { where: { id: rev.id, reversalOfId: { [Op.is]: null } } });
      continue;
    }
    const r = await applyReversal(ctx, rev.id, best.id, actor);
    if (r.linked) out.linked++;
    out.reopenedOrderIds.push(...r.reopenedOrderIds);
    out.flaggedOrderIds.push(...r.flaggedOrderIds);
  }
  return out;
}
