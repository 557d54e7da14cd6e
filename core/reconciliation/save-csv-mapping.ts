/** The column mapping of one bank's CSV export, saved once by staff and reused at every import. */
import { z } from 'zod';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';

const column = z.string().trim().min(1).max(100);
export const csvMappingSchema = z
  .object({
    delimiter: z.string().min(1).max(1).default(';'),
    hasHeader: z.boolean().default(true),
    date: column,
    dateFormat: z.enum(['DD/MM/YYYY', 'YYYY-MM-DD', 'DD-MM-YYYY']).default('DD/MM/YYYY'),
    amount: column.optional(),
    credit: column.optional(),
    debit: column.optional(),
    decimalComma: z.boolean().default(true),
    counterparty: column.optional(),
    remittance: column,
    bankRef: column.optional(),
    currency: column.optional(),
    valueDate: column.optional(),
  })
  .refine((m) => Boolean(m.amount) !== Boolean(m.credit || m.debit), { message: 'Indica la colonna importo, oppure le colonne dare/avere', path: ['amount'] });

const schema = z.object({ bankName: z.string().trim().min(1).max(100), mapping: csvMappingSchema });

export function saveCsvMapping(ctx: Ctx) {
  const m = ctx.db.models;
  return async (raw: z.input<typeof schema>, actor: Actor) => {
    const input = parseInput(schema, raw);
    return ctx.db.tx(async (t) => {
      const existing = await m.BankCsvMapping.findOne({ where: { bankName: input.bankName }, transaction: t });
      const row = existing
        ? await existing.update({ mapping: input.mapping }, { transaction: t })
        : await m.BankCsvMapping.create({ bankName: input.bankName, mapping: input.mapping }, { transaction: t });
      await recordAudit(m, t, actor, { action: 'bank_csv_mapping.saved', entityType: 'bank_csv_mapping', entityId: row.id, before: existing ? { mapping: existing.previous('mapping') ?? null } : null, after: { bankName: input.bankName, mapping: input.mapping } });
      return row;
    });
  };
}
