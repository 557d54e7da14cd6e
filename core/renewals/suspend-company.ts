/**
 * `suspend_company` and `reactivate_company` jobs: the platform is asked first (the provisioner's
 * operations are idempotent per key), then the state change, its audit entry and the messages are
 * written in one transaction. A renewal paid while a suspension was in flight wins: the conditional
 * update finds the expiry moved, and the account is opened again.
 */
import type { Ctx } from '../shared/context.js';
import type { Transaction } from 'sequelize';
import type { Company } from '../db/models.js';
import { systemActor } from '../shared/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueEmail } from '../outbox/queue-email.js';
import { queueNotification } from '../notifications/queue-notification.js';
import { enqueueJob } from '../outbox/enqueue-job.js';
import type { CompanyProvisioner } from '../companies/provisioner.js';
import { expiresOn, notSuspended } from './renewal-rules.js';

const actor = systemActor('renewals');

export function suspendCompany(ctx: Ctx, provisioner: CompanyProvisioner) {
  const m = ctx.db.models;
  return async (p: { companyId: number; expiresOn: string }) => {
    const company = await m.Company.findByPk(p.companyId);
    if (!company || company.subscriptionState === 'suspended' || expiresOn(company) !== p.expiresOn) return;
    await provisioner.suspend(company, `suspend-${company.id}-${p.expiresOn}`);
    await ctx.db.tx(async (t) => {
      const [won] = await m.Company.update(
        { subscriptionState: 'suspended', suspendedAt: ctx.clock.now() },
        { where: { id: company.id, subscriptionState: notSuspended, subscriptionExpiresAt: company.subscriptionExpiresAt }, transaction: t },
      );
      if (!won) {
        // Renewed between our read and the platform's answer: the account must not stay closed.
        await queueReactivation(m, t, company.id, p.expiresOn);
        return;
      }
      await recordAudit(m, t, actor, { action: 'company.suspended', entityType: 'company', entityId: company.id, before: { subscriptionState: company.subscriptionState }, after: { subscriptionState: 'suspended', expiresOn: p.expiresOn } });
      await tellPeople(ctx, t, company, 'company_suspended', { expiresOn: p.expiresOn });
    });
  };
}

export function reactivateCompany(ctx: Ctx, provisioner: CompanyProvisioner) {
  const m = ctx.db.models;
  return async (p: { companyId: number; key: string }) => {
    const company = await m.Company.findByPk(p.companyId);
    if (!company || company.subscriptionState === 'suspended') return;
    await provisioner.reactivate(company, p.key);
    await ctx.db.tx(async (t) => {
      await recordAudit(m, t, actor, { action: 'company.reactivated', entityType: 'company', entityId: company.id, after: { expiresOn: expiresOn(company) } });
      await tellPeople(ctx, t, company, 'company_reactivated', { expiresOn: expiresOn(company) });
    });
  };
}

/** In the caller's transaction (a paid renewal of a suspended company, or a suspension that lost to one). */
export async function queueReactivation(m: Ctx['db']['models'], t: Transaction, companyId: number, afterExpiry: string) {
  const key = `reactivate-${companyId}-${afterExpiry}`;
  await enqueueJob(m, t, 'reactivate_company', { companyId, key }, { dedupKey: `reactivate-company-${companyId}-${afterExpiry}` });
}

/** The partner in the bot and by email; the client too when it pays for the company. */
async function tellPeople(ctx: Ctx, t: Transaction, company: Company, event: 'company_suspended' | 'company_reactivated', extra: Record<string, unknown>) {
  const m = ctx.db.models;
  await queueNotification(m, t, company.partnerId, event, { companyId: company.id, legalName: company.legalName, payer: company.payer, ...extra });
  const partner = await m.Partner.findByPk(company.partnerId, { transaction: t });
  const data = { companyId: company.id, legalName: company.legalName, ...extra };
  if (partner) await queueEmail(m, t, { template: event, language: 'it', to: partner.billingEmail, data: { ...data, recipientName: partner.legalName }, entity: { type: 'company', id: company.id } });
  if (company.payer === 'client') {
    const order = company.orderId ? await m.Order.findByPk(company.orderId, { attributes: ['buyerEmail', 'language'], transaction: t }) : null;
    await queueEmail(m, t, {
      template: event,
      language: order?.language ?? 'it',
      to: order?.buyerEmail ?? company.email,
      data: { ...data, recipientName: `${company.repFirstName} ${company.repLastName}`.trim() },
      entity: { type: 'company', id: company.id },
    });
  }
}
