/** Renewals' use cases and outbox job kinds, wired by the composition root (core/app.ts). */
import type { Ctx } from '../shared/context.js';
import type { JobHandler } from '../worker/worker.js';
import type { CompanyProvisioner } from '../companies/provisioner.js';
import { queueRenewalScan, scanRenewals } from './scan-renewals.js';
import { sendRenewalDigest, sendRenewalReminder } from './send-renewal-reminder.js';
import { reactivateCompany, suspendCompany } from './suspend-company.js';
import { openRenewalLink, placeRenewalOrder } from './renewal-link.js';
import { extendSubscription } from './extend-subscription.js';
import { renewalRate } from '../reports/renewal-rate.js';
import { listExpiring, quoteRenewal, renewableCompanyIds, subscriptionFigures } from './list-expiring.js';

export function renewalUseCases(ctx: Ctx) {
  return {
    queueRenewalScan: queueRenewalScan(ctx),
    scanRenewals: scanRenewals(ctx),
    openRenewalLink: openRenewalLink(ctx),
    placeRenewalOrder: placeRenewalOrder(ctx),
    listExpiring: listExpiring(ctx),
    renewableCompanyIds: renewableCompanyIds(ctx),
    quoteRenewal: quoteRenewal(ctx),
    extendSubscription: extendSubscription(ctx),
    renewalRate: renewalRate(ctx),
    subscriptionFigures: subscriptionFigures(ctx),
  };
}

export function renewalJobHandlers(ctx: Ctx, provisioner: CompanyProvisioner): Record<string, JobHandler> {
  const scan = scanRenewals(ctx);
  return {
    renewal_scan: { run: async (p) => void (await scan(p)) },
    renewal_reminder: { run: sendRenewalReminder(ctx) },
    renewal_digest: { run: sendRenewalDigest(ctx) },
    suspend_company: { run: suspendCompany(ctx, provisioner) },
    reactivate_company: { run: reactivateCompany(ctx, provisioner) },
  };
}
