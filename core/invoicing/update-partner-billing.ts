/**
 * A partner's billing data (what its invoices need): sede legale in parts, codice destinatario or
 * PEC, tax code, a sole trader's name. Set by the partner in the bot or by staff; every invoice of the
 * partner that waited for them is then queued for sending, with its number and date unchanged.
 */
import { z } from 'zod';
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { validateCap, validateCodiceFiscaleAzienda, validatePec, validateProvincia, validateRequiredText } from '../validation/index.js';
import { buyerProblems, partnerBuyer } from './buyer.js';
import { requeueInTx } from './resend-invoice.js';

const schema = z.object({
  partnerId: z.number().int().positive(),
  address: z.string(),
  cap: z.string(),
  city: z.string(),
  province: z.string(),
  /** 7 characters, or 0000000 (PEC, or the cassetto fiscale) */
  sdiCode: z.string(),
  pec: z.string().optional().nullable(),
  taxCode: z.string().optional().nullable(),
  firstName: z.string().optional().nullable(),
  lastName: z.string().optional().nullable(),
});
export type PartnerBillingInput = z.input<typeof schema>;

export function updatePartnerBilling(ctx: Ctx) {
  const m = ctx.db.models;
  return async (raw: PartnerBillingInput, actor: Actor) => {
    const input = parseInput(schema, raw);
    if (actor.type === 'partner_user' && actor.partnerId !== input.partnerId) throw new DomainError('forbidden', 'Dati di un altro partner');
    const fields: Record<string, { it: string; en: string }> = {};
    const check = (key: string, r: { ok: boolean; error?: { it: string; en: string } }) => {
      if (!r.ok) fields[key] = r.error!;
    };
    check('address', validateRequiredText(input.address, { min: 3, max: 60, label: { it: 'Indirizzo', en: 'Address' } }));
    const cap = validateCap(input.cap);
    check('cap', cap);
    check('city', validateRequiredText(input.city, { min: 2, max: 60, label: { it: 'Comune', en: 'Town' } }));
    const province = validateProvincia(input.province);
    check('province', province);
    const sdi = input.sdiCode.replace(/\s/g, '').toUpperCase();
    if (!/^[A-Z0-9]{7}$/.test(sdi)) fields.sdiCode = { it: 'Il codice destinatario è di 7 lettere o cifre (0000000 se si riceve via PEC o nel cassetto fiscale)', en: 'The recipient code has 7 letters or digits' };
    const pec = input.pec ? validatePec(input.pec) : null;
    if (pec) check('pec', pec);
    const taxCode = input.taxCode ? validateCodiceFiscaleAzienda(input.taxCode) : null;
    if (taxCode) check('taxCode', taxCode);
    if (Object.keys(fields).length) throw new DomainError('validation', Object.values(fields)[0]!.it, { fields });
    return ctx.db.tx(async (t) => {
      const partner = await m.Partner.findByPk(input.partnerId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!partner) throw new DomainError('not_found', 'Partner non trovato');
      const after = {
        address: input.address.trim(),
        billingCap: cap.ok ? cap.value : input.cap,
        billingCity: input.city.trim(),
        billingProvince: province.ok ? province.value : input.province,
        sdiCode: sdi,
        pec: pec && pec.ok ? pec.value : partner.pec,
        taxCode: taxCode && taxCode.ok ? taxCode.value : partner.taxCode,
        billingFirstName: input.firstName?.trim() || null,
        billingLastName: input.lastName?.trim() || null,
      };
      await m.Partner.update(after, { where: { id: partner.id }, transaction: t });
      await recordAudit(m, t, actor, { action: 'partner.billing_updated', entityType: 'partner', entityId: partner.id, after });
      const fresh = (await m.Partner.findByPk(partner.id, { transaction: t }))!;
      const waiting = await m.Invoice.findAll({ where: { partnerId: partner.id, buyerType: 'partner', state: { [Op.in]: ['awaiting_data'] } }, transaction: t });
      let queued = 0;
      for (const inv of waiting) if (await requeueInTx(ctx, t, inv, actor)) queued++;
      return { complete: buyerProblems(partnerBuyer(fresh)).length === 0, invoicesQueued: queued };
    });
  };
}
