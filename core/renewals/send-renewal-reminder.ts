/**
 * The reminders queued by the daily scan. Each checks, when it runs, that the company still expires
 * on the day it was queued for (a renewal paid meanwhile moved it: nothing is sent) and marks itself
 * sent (renewal_reminders) in the transaction that queues its messages, so a job run twice by
 * two workers or after a crash sends once. A renewal waiting for its bank transfer is named instead
 * of asking again for payment.
 *
 * - `renewal_reminder`: a client-paid company; the client's billing email with a fresh renewal link,
 *   and the partner is told.
 * - `renewal_digest`: a partner's own companies expiring on one day: one bot message and one email listing them.
 */
import type { Ctx } from '../shared/context.js';
import { systemActor } from '../shared/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueEmail } from '../outbox/queue-email.js';
import { queueNotification } from '../notifications/queue-notification.js';
import { hashToken, randomToken } from '../shared/tokens.js';
import { addRomeDays, romeDayStart } from '../shared/rome-date.js';
import { claimReminder, expiresOn, graceEndsOn, renewalProductFor, renewalsAwaitingTransfer } from './renewal-rules.js';
import { computeTotals } from '../orders/totals.js';

const actor = systemActor('renewals');

export const renewalLinkUrl = (baseUrl: string, token: string) => `${baseUrl.replace(/\/$/, '')}/rinnovo/${token}`;

export function sendRenewalReminder(ctx: Ctx) {
  const m = ctx.db.models;
  return async (p: { companyId: number; threshold: number; expiresOn: string }) => {
    const company = await m.Company.findByPk(p.companyId);
    if (!company || company.payer !== 'client' || company.subscriptionState === 'suspended' || expiresOn(company) !== p.expiresOn) return;
    const product = await renewalProductFor(m, company.tier);
    const awaiting = (await renewalsAwaitingTransfer(m, [company.id])).get(company.id) ?? null;
    const order = company.orderId ? await m.Order.findByPk(company.orderId, { attributes: ['buyerEmail', 'language'] }) : null;
    const graceEnd = graceEndsOn(p.expiresOn, ctx.config.RENEWAL_GRACE_DAYS);
    await ctx.db.tx(async (t) => {
      if (!(await claimReminder(m, t, `c${company.id}-${p.threshold}-${p.expiresOn}`))) return;
      const token = randomToken(32);
      // The link works until the end of the grace (and at least RENEWAL_LINK_TTL_DAYS), for one paid renewal.
      const ttlEnd = new Date(ctx.clock.now().getTime() + ctx.config.RENEWAL_LINK_TTL_DAYS * 86_400_000);
      const graceEndAt = romeDayStart(addRomeDays(graceEnd, 1));
      await m.RenewalLink.create(
        { companyId: company.id, tokenHash: hashToken(token), expiresOn: p.expiresOn, expiresAt: ttlEnd > graceEndAt ? ttlEnd : graceEndAt, usedAt: null, orderId: null },
        { transaction: t },
      );
      const total = product ? computeTotals([{ unitNetCents: product.netCents, quantity: 1, vatRateBp: product.vatRateBp }]) : null;
      await queueEmail(m, t, {
        template: 'renewal_due_client',
        language: order?.language ?? 'it',
        to: order?.buyerEmail ?? company.email,
        data: {
          recipientName: `${company.repFirstName} ${company.repLastName}`.trim(),
          legalName: company.legalName,
          tier: company.tier,
          expiresOn: p.expiresOn,
          graceEndsOn: graceEnd,
          threshold: p.threshold,
          netCents: total?.netCents ?? 0,
          grossCents: total?.grossCents ?? 0,
          awaitingOrderNumber: awaiting,
          link: renewalLinkUrl(ctx.config.PUBLIC_BASE_URL, token),
        },
        entity: { type: 'company', id: company.id },
      });
      await queueNotification(m, t, company.partnerId, 'renewal_client_reminded', {
        companyId: company.id, legalName: company.legalName, expiresOn: p.expiresOn, threshold: p.threshold, awaitingOrderNumber: awaiting,
      });
      await recordAudit(m, t, actor, { action: 'company.renewal_reminded', entityType: 'company', entityId: company.id, after: { threshold: p.threshold, expiresOn: p.expiresOn, to: 'client' } });
    });
  };
}

export function sendRenewalDigest(ctx: Ctx) {
  const m = ctx.db.models;
  return async (p: { partnerId: number; threshold: number; expiresOn: string; companyIds: number[] }) => {
    const rows = await m.Company.findAll({ where: { id: p.companyIds, partnerId: p.partnerId, payer: 'partner' }, order: [['legalName', 'ASC'], ['id', 'ASC']] });
    const still = rows.filter((c) => c.subscriptionState !== 'suspended' && expiresOn(c) === p.expiresOn);
    if (!still.length) return;
    const partner = await m.Partner.findByPk(p.partnerId);
    if (!partner) return;
    const awaiting = await renewalsAwaitingTransfer(m, still.map((c) => c.id));
    const companies = still.map((c) => ({ id: c.id, legalName: c.legalName, tier: c.tier, awaitingOrderNumber: awaiting.get(c.id) ?? null }));
    const graceEnd = graceEndsOn(p.expiresOn, ctx.config.RENEWAL_GRACE_DAYS);
    await ctx.db.tx(async (t) => {
      if (!(await claimReminder(m, t, `p${p.partnerId}-${p.threshold}-${p.expiresOn}`))) return;
      const facts = { threshold: p.threshold, expiresOn: p.expiresOn, graceEndsOn: graceEnd, companies };
      await queueNotification(m, t, p.partnerId, 'renewals_due', facts);
      await queueEmail(m, t, {
        template: 'renewal_due_partner',
        language: 'it',
        to: partner.billingEmail,
        data: { ...facts, recipientName: partner.legalName },
        entity: { type: 'partner', id: partner.id },
      });
      await recordAudit(m, t, actor, {
        action: 'partner.renewals_reminded', entityType: 'partner', entityId: partner.id,
        after: { threshold: p.threshold, expiresOn: p.expiresOn, companyIds: companies.map((c) => c.id) },
      });
    });
  };
}
