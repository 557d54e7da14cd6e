/**
 * The `provision_company` job: ask the platform for the account, then mark the company active and
 * tell the partner (and, for a client-paid company, the client). Running it twice is harmless.
 */
import type { Ctx } from '../shared/context.js';
import { systemActor } from '../shared/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueEmail } from '../outbox/queue-email.js';
import { queueNotification } from '../notifications/queue-notification.js';
import type { CompanyProvisioner } from './provisioner.js';
import type { Actor } from '../shared/actor.js';
import { enqueueJob } from '../outbox/enqueue-job.js';

const actor = systemActor('provisioning');

export function provisionCompany(ctx: Ctx, provisioner: CompanyProvisioner) {
  const m = ctx.db.models;
  return async (companyId: number): Promise<void> => {
    const company = await m.Company.findByPk(companyId);
    if (!company || company.provisioningState === 'active') return;
    const { externalAccountId } = await provisioner.provision(company);
    await ctx.db.tx(async (t) => {
      const [won] = await m.Company.update(
        { provisioningState: 'active', externalAccountId, provisioningError: null },
        { where: { id: companyId, provisioningState: ['provisioning', 'failed'] }, transaction: t },
      );
      if (!won) return;
      await recordAudit(m, t, actor, { action: 'company.provisioned', entityType: 'company', entityId: companyId, before: { provisioningState: company.provisioningState }, after: { provisioningState: 'active', externalAccountId } });
      await queueNotification(m, t, company.partnerId, 'company_ready', { companyId, legalName: company.legalName, payer: company.payer });
      if (company.payer === 'client') {
        const partner = await m.Partner.findByPk(company.partnerId, { transaction: t });
        const order = company.orderId ? await m.Order.findByPk(company.orderId, { transaction: t }) : null;
        await queueEmail(m, t, {
          template: 'company_ready',
          language: order?.language ?? 'it',
          to: order?.buyerEmail ?? company.email,
          data: { companyId, legalName: company.legalName, tier: company.tier, partnerName: partner?.legalName ?? '', appUrl: ctx.config.PUBLIC_BASE_URL },
          entity: { type: 'company', id: companyId },
        });
      }
    });
  };
}

/** Called when the job has used up its attempts: the company is marked failed and people are told. */
export function markProvisioningFailed(ctx: Ctx) {
  const m = ctx.db.models;
  return async (companyId: number, error: string): Promise<void> => {
    await ctx.db.tx(async (t) => {
      const company = await m.Company.findByPk(companyId, { transaction: t });
      if (!company) return;
      const [won] = await m.Company.update({ provisioningState: 'failed', provisioningError: error.slice(0, 1000) }, { where: { id: companyId, provisioningState: 'provisioning' }, transaction: t });
      if (!won) return;
      await recordAudit(m, t, actor, { action: 'company.provisioning_failed', entityType: 'company', entityId: companyId, before: { provisioningState: 'provisioning' }, after: { provisioningState: 'failed', error: error.slice(0, 300) } });
      await queueNotification(m, t, company.partnerId, 'company_failed', { companyId, legalName: company.legalName });
      const partner = await m.Partner.findByPk(company.partnerId, { transaction: t });
      if (partner) {
        await queueEmail(m, t, { template: 'company_failed', language: 'it', to: partner.billingEmail, data: { companyId, legalName: company.legalName, partnerName: partner.legalName, supportEmail: ctx.config.SUPPORT_EMAIL }, entity: { type: 'company', id: companyId } });
      }
    });
  };
}

/** Staff retry: a failed company goes back to provisioning with a fresh job. */
export function retryProvisioning(ctx: Ctx) {
  const m = ctx.db.models;
  return async (companyId: number, by: Actor) =>
    ctx.db.tx(async (t) => {
      const [won] = await m.Company.update({ provisioningState: 'provisioning', provisioningError: null }, { where: { id: companyId, provisioningState: 'failed' }, transaction: t });
      if (!won) return false;
      await enqueueJob(m, t, 'provision_company', { companyId }, { dedupKey: `provision-company-${companyId}-retry-${Date.now()}` });
      await recordAudit(m, t, by, { action: 'company.provisioning_retried', entityType: 'company', entityId: companyId, before: { provisioningState: 'failed' }, after: { provisioningState: 'provisioning' } });
      return true;
    });
}
