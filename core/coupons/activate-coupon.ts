/**
 * Activate a coupon into a company: the company data are validated with the Italian rules, the
 * coupon moves available → activated with a conditional update (so of 50 concurrent attempts one
 * wins), the company is created and its provisioning queued — all in one transaction.
 */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { enqueueJob } from '../outbox/enqueue-job.js';
import { addRomeMonths } from '../shared/rome-date.js';
import { validateCompanyData } from '../validation/index.js';
import type { Company } from '../db/models.js';

export function activateCoupon(ctx: Ctx) {
  const m = ctx.db.models;
  return async function execute(input: { couponId: number; partnerId: number; companyData: Record<string, unknown> }, actor: Actor): Promise<Company> {
    if (actor.type === 'partner_user' && actor.partnerId !== input.partnerId) throw new DomainError('forbidden', 'Operazione non consentita');
    const checked = validateCompanyData(input.companyData ?? {});
    if (!checked.ok) throw new DomainError('validation', 'Dati aziendali non validi', { fields: checked.errors });
    const data = checked.value;
    return ctx.db.tx(async (t) => {
      const coupon = await m.Coupon.findOne({ where: { id: input.couponId, partnerId: input.partnerId }, transaction: t });
      if (!coupon) throw new DomainError('not_found', 'Coupon non trovato');
      if (coupon.status !== 'available') throw new DomainError('already_used', coupon.status === 'activated' ? 'Questo coupon è già stato attivato' : 'Questo coupon è stato revocato');
      const now = ctx.clock.now();
      const [won] = await m.Coupon.update({ status: 'activated', activatedAt: now }, { where: { id: coupon.id, status: 'available' }, transaction: t });
      if (won !== 1) throw new DomainError('already_used', 'Questo coupon è già stato attivato');
      const company = await m.Company.create(
        {
          partnerId: input.partnerId,
          payer: 'partner',
          tier: coupon.tier,
          ...data,
          pec: data.pec ?? null,
          phone: data.phone ?? null,
          couponId: coupon.id,
          orderId: null,
          provisioningState: 'provisioning',
          provisioningError: null,
          externalAccountId: null,
          subscriptionExpiresAt: addRomeMonths(now, 12),
        },
        { transaction: t },
      );
      await m.Coupon.update({ companyId: company.id }, { where: { id: coupon.id }, transaction: t });
      await recordAudit(m, t, actor, { action: 'coupon.activated', entityType: 'coupon', entityId: coupon.id, before: { status: 'available' }, after: { status: 'activated', companyId: company.id } });
      await recordAudit(m, t, actor, { action: 'company.created', entityType: 'company', entityId: company.id, after: { payer: 'partner', tier: coupon.tier, couponId: coupon.id, legalName: data.legalName } });
      await enqueueJob(m, t, 'provision_company', { companyId: company.id }, { dedupKey: `provision-company-${company.id}` });
      return company;
    });
  };
}
