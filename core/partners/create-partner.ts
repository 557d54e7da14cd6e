/** Staff create a reseller (Centro Servizi or Commercialista). */
import { z } from 'zod';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { validatePartitaIva } from '../validation/index.js';

const schema = z.object({
  kind: z.enum(['service_centre', 'accountant']),
  legalName: z.string().trim().min(2).max(200),
  vatNumber: z.string().trim(),
  billingEmail: z.string().trim().toLowerCase().email('Indirizzo email non valido').max(254),
  pec: z.string().trim().toLowerCase().email('PEC non valida').max(254).optional(),
  address: z.string().trim().max(300).optional(),
  phone: z.string().trim().max(30).optional(),
});
export type CreatePartnerInput = z.input<typeof schema>;

export function createPartner(ctx: Ctx) {
  const m = ctx.db.models;
  return async (raw: CreatePartnerInput, actor: Actor) => {
    const input = parseInput(schema, raw);
    const vat = validatePartitaIva(input.vatNumber);
    if (!vat.ok) throw new DomainError('validation', vat.error.it, { fields: { vatNumber: vat.error } });
    return ctx.db.tx(async (t) => {
      const partner = await m.Partner.create(
        { kind: input.kind, legalName: input.legalName, vatNumber: vat.value, taxCode: vat.value, billingEmail: input.billingEmail, pec: input.pec ?? null, address: input.address ?? null, phone: input.phone ?? null },
        { transaction: t },
      );
      await recordAudit(m, t, actor, { action: 'partner.created', entityType: 'partner', entityId: partner.id, after: { legalName: partner.legalName, kind: partner.kind } });
      return partner;
    });
  };
}

/** The first partner created (the demo's, for the demo tools such as the bot console); null when there is none. */
export function firstPartner(ctx: Ctx) {
  return () => ctx.db.models.Partner.findOne({ order: [['id', 'ASC']] });
}
