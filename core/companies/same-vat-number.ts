/**
 * Companies already holding a Partita IVA. A second company with the same number is sometimes right
 * (a separate account for a branch), never silent: the buyer is asked to confirm and staff see a flag.
 */
import type { Transaction } from 'sequelize';
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Models } from '../db/models.js';
import { validatePartitaIva } from '../validation/index.js';

export async function companiesWithVatNumber(m: Models, vatNumber: string, t?: Transaction): Promise<{ id: number; legalName: string }[]> {
  const checked = validatePartitaIva(vatNumber);
  if (!checked.ok) return [];
  return m.Company.findAll({
    where: { vatNumber: checked.value, provisioningState: { [Op.ne]: 'failed' } },
    attributes: ['id', 'legalName'], order: [['id', 'ASC']], limit: 20, raw: true, transaction: t,
  });
}

/** For the faces: whether an account already exists for this Partita IVA (no names: the asker is not staff). */
export function vatNumberInUse(ctx: Ctx) {
  return async (vatNumber: string): Promise<boolean> => (await companiesWithVatNumber(ctx.db.models, vatNumber)).length > 0;
}

/** The staff flag of an order for a company whose Partita IVA is already taken, or null. */
export async function sameVatFlag(m: Models, vatNumber: unknown, t: Transaction): Promise<string | null> {
  if (typeof vatNumber !== 'string') return null;
  const existing = await companiesWithVatNumber(m, vatNumber, t);
  if (!existing.length) return null;
  return `Partita IVA già presente: ${existing.map((c) => `azienda n. ${c.id} (${c.legalName})`).join(', ')}`.slice(0, 250);
}
