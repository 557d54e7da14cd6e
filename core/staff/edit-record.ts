/**
 * The back-office's generic edit (AdminJS's "edit" form on products, partners and staff users): only
 * the fields listed here may change, each validated, and the change and its audit row (the fields
 * that changed, before and after) are written in one transaction. Money, states, tokens and
 * identities never change here: they have use cases of their own.
 */
import { z } from 'zod';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import type { Models } from '../db/models.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { staffRoles, type StaffRole } from '../shared/types.js';

/** A form sends text: "true"/"false" and digits are read as what they mean. */
const flag = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean({ invalid_type_error: 'Sì o no' }));
const integer = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number({ invalid_type_error: 'Numero intero' }).int('Numero intero').min(-1_000_000).max(1_000_000));
const text = (min: number, max: number) => z.string().trim().min(min, `Almeno ${min} caratteri`).max(max, `Al massimo ${max} caratteri`);
/** An empty optional field is stored as "none" (null), not as an empty string. */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v == null || (typeof v === 'string' && v.trim() === '') ? null : v), schema.nullable());
const email = (message: string) => z.string().trim().toLowerCase().email(message).max(254);

interface Editable {
  model: keyof Models;
  /** Who may edit (the back-office policy says the same: admin/policy.ts). */
  roles: readonly StaffRole[];
  fields: z.ZodObject<z.ZodRawShape>;
}

/** Keyed by table name, the id AdminJS gives the resource. */
export const editableRecords: Record<string, Editable> = {
  products: {
    model: 'Product',
    roles: ['admin'],
    fields: z.object({ nameIt: text(1, 200), nameEn: text(1, 200), active: flag, sort: integer }).partial().strict(),
  },
  partners: {
    model: 'Partner',
    roles: ['admin'],
    fields: z
      .object({
        legalName: text(2, 200),
        billingEmail: email('Indirizzo email non valido'),
        pec: optional(email('PEC non valida')),
        // The sede legale is billing data: the «Dati di fatturazione» action (updatePartnerBilling) checks
        // it in its parts and sends the invoices that waited for it.
        phone: optional(text(1, 30)),
        active: flag,
      })
      .partial()
      .strict(),
  },
  staff_users: {
    model: 'StaffUser',
    roles: ['admin'],
    fields: z.object({ name: text(1, 200), role: z.enum(staffRoles, { errorMap: () => ({ message: 'Ruolo sconosciuto' }) }), active: flag }).partial().strict(),
  },
};

/** The fields of a table that the generic edit may change (the back-office shows only these on its form). */
export const editableFields = (table: string): string[] => Object.keys(editableRecords[table]?.fields.shape ?? {});

export interface EditRecordInput {
  /** The table (AdminJS's resource id). */
  table: string;
  id: number | string;
  changes: Record<string, unknown>;
}

export function editRecord(ctx: Ctx) {
  return async (input: EditRecordInput, actor: Actor) => {
    const spec = editableRecords[input.table];
    if (!spec) throw new DomainError('forbidden', 'Questi dati non si modificano da qui');
    if (actor.type !== 'staff' || !spec.roles.includes(actor.role)) throw new DomainError('forbidden', 'Modifica non consentita al tuo ruolo');
    const id = parseInput(z.coerce.number().int().positive(), input.id);
    const changes = parseInput(spec.fields, input.changes) as Record<string, unknown>;
    const model = ctx.db.models[spec.model] as unknown as {
      findByPk(id: number, o: object): Promise<{ get(k: string): unknown; update(v: object, o: object): Promise<unknown> } | null>;
    };
    return ctx.db.tx(async (t) => {
      const row = await model.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
      if (!row) throw new DomainError('not_found', 'Record non trovato');
      const changed = Object.keys(changes).filter((k) => row.get(k) !== changes[k]);
      if (!changed.length) return { changed: [] as string[] };
      const before = Object.fromEntries(changed.map((k) => [k, row.get(k) ?? null]));
      const after = Object.fromEntries(changed.map((k) => [k, changes[k] ?? null]));
      await row.update(after, { transaction: t });
      await recordAudit(ctx.db.models, t, actor, { action: `${input.table}.edited`.slice(0, 64), entityType: input.table.slice(0, 40), entityId: id, before, after });
      return { changed };
    });
  };
}
