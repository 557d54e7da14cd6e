/**
 * Staff extend a company's subscription by hand (a goodwill month, a payment settled outside the
 * counter): a reason is required and audited with the staff member. The period runs like a paid
 * renewal (from the old expiry, or from today for a suspended company, which is then reactivated).
 */
import { z } from 'zod';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { expiresOn, renewedExpiry } from './renewal-rules.js';
import { queueReactivation } from './suspend-company.js';

const schema = z.object({
  companyId: z.number().int().positive(),
  months: z.number().int().min(1, 'Almeno un mese').max(24, 'Al massimo 24 mesi'),
  reason: z.string().trim().min(5, 'Scrivi il motivo (almeno 5 caratteri)').max(500, 'Il motivo è troppo lungo (massimo 500 caratteri)'),
});

export function extendSubscription(ctx: Ctx) {
  const m = ctx.db.models;
  return async (raw: z.input<typeof schema>, actor: Actor) => {
    if (actor.type !== 'staff' || !['admin', 'accounting'].includes(actor.role)) throw new DomainError('forbidden', 'Operazione non consentita');
    const input = parseInput(schema, raw);
    return ctx.db.tx(async (t) => {
      const company = await m.Company.findByPk(input.companyId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!company) throw new DomainError('not_found', 'Azienda non trovata');
      const before = { subscriptionExpiresAt: company.subscriptionExpiresAt.toISOString(), subscriptionState: company.subscriptionState };
      const oldExpiry = expiresOn(company);
      const { expiresAt, reactivate } = renewedExpiry(company, ctx.clock.now(), input.months);
      company.subscriptionExpiresAt = expiresAt;
      company.subscriptionState = 'active';
      company.suspendedAt = null;
      await company.save({ transaction: t });
      if (reactivate) await queueReactivation(m, t, company.id, oldExpiry);
      await recordAudit(m, t, actor, {
        action: 'company.subscription_extended', entityType: 'company', entityId: company.id, before,
        after: { subscriptionExpiresAt: expiresAt.toISOString(), subscriptionState: 'active', months: input.months, reason: input.reason, reactivated: reactivate },
      });
      return { companyId: company.id, expiresOn: expiresOn(company), reactivated: reactivate };
    });
  };
}
