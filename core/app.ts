/**
 * The composition root: builds the database, adapters and use cases once. Faces (bot/, web/,
 * admin/) receive this object and only translate their input into these calls.
 */
import type { AppConfig } from './config.js';
import { createLogger, wantsPrettyLogs, type Logger } from './logger.js';
import { openDatabase, type Db } from './db/database.js';
import { createMigrator } from './db/migrator.js';
import { systemClock, type Clock } from './shared/clock.js';
import type { Ctx } from './shared/context.js';
import type { CompanyProvisioner } from './companies/provisioner.js';
import { builtinProvisioner } from './adapters/provisioner/builtin-provisioner.js';
import { httpProvisioner } from './adapters/provisioner/http-provisioner.js';
import { placeOrder } from './orders/place-order.js';
import { markOrderPaid } from './orders/mark-order-paid.js';
import { fulfilOrder } from './orders/fulfil-order.js';
import { cancelOrder } from './orders/cancel-order.js';
import { expireOrders } from './orders/expire-orders.js';
import { listOrders, getOrder } from './orders/list-orders.js';
import { activateCoupon } from './coupons/activate-coupon.js';
import { listCoupons, countAvailableCoupons } from './coupons/list-coupons.js';
import { listCompanies, getCompany, creditBalance } from './companies/list-companies.js';
import { provisionCompany, markProvisioningFailed, retryProvisioning } from './companies/provision-company.js';
import { createInvitation } from './invitations/create-invitation.js';
import { openInvitation, findInvitationByToken } from './invitations/open-invitation.js';
import { cancelInvitation } from './invitations/cancel-invitation.js';
import { listInvitations } from './invitations/list-invitations.js';
import { sendInvitationReminder } from './invitations/send-invitation-reminder.js';
import { resendEmail } from './emails/resend-email.js';
import { invitationOffer } from './invitations/invitation-offer.js';
import { pendingInvitationOrder } from './invitations/pending-invitation-order.js';
import { createPartner, firstPartner } from './partners/create-partner.js';
import { findPartnerUserByTelegram } from './partners/find-partner-user.js';
import { setPartnerUserLanguage } from './partners/set-partner-user-language.js';
import { listProducts, getProduct } from './catalogue/list-products.js';
import { getCoupon } from './coupons/get-coupon.js';
import { issueLinkCode } from './partners/issue-link-code.js';
import { linkTelegramUser } from './partners/link-telegram-user.js';
import { markTelegramChatBlocked, markTelegramUserReachable } from './partners/telegram-reachability.js';
import { createStaffUser } from './staff/create-staff-user.js';
import { importPriceList } from './catalogue/import-price-list.js';
import { reconciliationUseCases, reconciliationJobHandlers } from './reconciliation/reconciliation-use-cases.js';
import { botStateUseCases } from './bot-state/bot-state-use-cases.js';
import { backOfficeUseCases } from './staff/back-office-use-cases.js';
import { backOfficeCharts } from './reports/back-office-charts.js';
import { paymentUseCases } from './payments/payment-use-cases.js';
import { buildCheckoutAdapters, type CheckoutAdapters } from './payments/checkout-adapters.js';
import { EXPIRE_CHECKOUT_SESSION_JOB, type ExpireCheckoutSessionPayload } from './payments/expire-checkout-session.js';
import { previewEmail } from './emails/preview-email.js';
import { databaseAnswers } from './health/database-answers.js';
import { renewalUseCases, renewalJobHandlers } from './renewals/renewal-use-cases.js';
import { exportCsv } from './reports/export-csv.js';
import { vatNumberInUse } from './companies/same-vat-number.js';
import { optOutEmail, recordOptOutByStaff, withdrawOptOut } from './emails/opt-out.js';
import { privacyUseCases } from './privacy/privacy-use-cases.js';
import { RETENTION_JOB } from './privacy/schedule-retention.js';
import { deliverNotification } from './notifications/deliver-notification.js';
import type { Notifier } from './notifications/events.js';
import { buildEmails, type Emails } from './emails/build-emails.js';
import type { Mailer } from './emails/mailer.js';
import type { EmailRenderer } from './emails/renderer.js';
import { createWorker, type JobHandler, type WorkerOptions } from './worker/worker.js';
import { invoicingUseCases, invoicingJobHandlers, configuredTransmitter, INVOICE_LANE_JOBS } from './invoicing/invoicing-use-cases.js';
import { receiptPollScheduler } from './invoicing/poll-receipts.js';
import type { InvoiceTransmitter } from './invoicing/transmitter.js';

export interface AppOverrides {
  clock?: Clock;
  log?: Logger;
  provisioner?: CompanyProvisioner;
  db?: Db;
  /** Default: SMTP when SMTP_URL is set, else .eml files under the outbox folder. */
  mailer?: Mailer;
  renderer?: EmailRenderer;
  /**
   * The Telegram side of `notify` jobs (the adapter lives in bot/, so the process that has a bot
   * passes it). Without one, workers of this app do not claim `notify` jobs: they wait in the
   * outbox, visible as pending, for a worker that has the bot.
   */
  notifier?: Notifier;
  /** Where invoices go: default the file drop, or the HTTP intermediary when configured. */
  invoiceTransmitter?: InvoiceTransmitter;
}

/** The adapters the use cases need, built by createApp. */
interface Adapters {
  checkout: CheckoutAdapters;
  emails: Emails;
}

function buildUseCases(ctx: Ctx, adapters: Adapters) {
  return {
    placeOrder: placeOrder(ctx),
    markOrderPaid: markOrderPaid(ctx),
    fulfilOrder: fulfilOrder(ctx),
    cancelOrder: cancelOrder(ctx),
    expireOrders: expireOrders(ctx),
    listOrders: listOrders(ctx),
    getOrder: getOrder(ctx),
    activateCoupon: activateCoupon(ctx),
    listCoupons: listCoupons(ctx),
    countAvailableCoupons: countAvailableCoupons(ctx),
    listCompanies: listCompanies(ctx),
    getCompany: getCompany(ctx),
    creditBalance: creditBalance(ctx),
    retryProvisioning: retryProvisioning(ctx),
    createInvitation: createInvitation(ctx),
    openInvitation: openInvitation(ctx),
    findInvitationByToken: findInvitationByToken(ctx),
    cancelInvitation: cancelInvitation(ctx),
    listInvitations: listInvitations(ctx),
    createPartner: createPartner(ctx),
    firstPartner: firstPartner(ctx),
    findPartnerUserByTelegram: findPartnerUserByTelegram(ctx),
    setPartnerUserLanguage: setPartnerUserLanguage(ctx),
    listProducts: listProducts(ctx),
    getProduct: getProduct(ctx),
    getCoupon: getCoupon(ctx),
    issueLinkCode: issueLinkCode(ctx),
    linkTelegramUser: linkTelegramUser(ctx),
    markTelegramChatBlocked: markTelegramChatBlocked(ctx),
    markTelegramUserReachable: markTelegramUserReachable(ctx),
    createStaffUser: createStaffUser(ctx),
    importPriceList: importPriceList(ctx),
    ...reconciliationUseCases(ctx),
    ...botStateUseCases(ctx),
    ...backOfficeUseCases(ctx),
    ...backOfficeCharts(ctx),
    ...paymentUseCases(ctx, adapters.checkout),
    ...renewalUseCases(ctx),
    exportCsv: exportCsv(ctx),
    vatNumberInUse: vatNumberInUse(ctx),
    optOutEmail: optOutEmail(ctx),
    /** Staff: an objection received another way; a person who wants invitations again. */
    recordOptOutByStaff: recordOptOutByStaff(ctx),
    withdrawOptOut: withdrawOptOut(ctx),
    ...privacyUseCases(ctx),
    ...invoicingUseCases(ctx),
    resendEmail: resendEmail(ctx),
    previewEmail: previewEmail(ctx, adapters.emails.renderer),
    invitationOffer: invitationOffer(ctx),
    pendingInvitationOrder: pendingInvitationOrder(ctx),
    databaseAnswers: databaseAnswers(ctx),
  };
}

export type UseCases = ReturnType<typeof buildUseCases>;

export async function createApp(config: AppConfig, overrides: AppOverrides = {}) {
  const log = overrides.log ?? createLogger(config.LOG_LEVEL, { pretty: wantsPrettyLogs({ isTTY: process.stdout.isTTY, nodeEnv: config.NODE_ENV }) });
  const db = overrides.db ?? (await openDatabase(config.databaseUrl, { log, poolMax: config.DB_POOL_MAX }));
  const clock = overrides.clock ?? systemClock;
  const ctx: Ctx = { db, config, clock, log };
  const provisioner =
    overrides.provisioner ?? (config.PROVISIONER_URL ? httpProvisioner(config.PROVISIONER_URL) : builtinProvisioner(db, config.PROVISIONING_DELAY_MS));
  const emails = buildEmails(ctx, { mailer: overrides.mailer, renderer: overrides.renderer });
  const useCases = buildUseCases(ctx, { checkout: buildCheckoutAdapters(ctx), emails });
  const invoiceTransmitter = overrides.invoiceTransmitter ?? configuredTransmitter(ctx);
  const scheduleReceiptPoll = receiptPollScheduler(ctx, invoiceTransmitter);
  /** Kinds added by tests and tools (e.g. a probe job); every product kind is wired below. */
  const extraHandlers: Record<string, JobHandler> = {};

  const app = {
    config,
    log,
    db,
    clock,
    ctx,
    useCases,
    provisioner,
    /** The `send_email` handler, its renderer and mailer; `await app.emails.ready()` compiles the templates. */
    emails,
    migrator: createMigrator(db.sequelize, { info: (m) => log.debug(m) }),
    async migrate() {
      return app.migrator.up();
    },
    registerJobHandler(kind: string, handler: JobHandler) {
      extraHandlers[kind] = handler;
    },
    /**
     * Every job kind of the product, plus those registered. `notify` only with a notifier (this
     * call's, else the app's): a worker without the bot leaves notifications waiting for one that has it.
     */
    jobHandlers(notifier: Notifier | undefined = overrides.notifier): Record<string, JobHandler> {
      const provision = provisionCompany(ctx, provisioner);
      const failed = markProvisioningFailed(ctx);
      return {
        provision_company: { run: (p) => provision(p.companyId), onGiveUp: (p, err) => failed(p.companyId, err) },
        ...(notifier ? { notify: { run: deliverNotification(ctx, notifier) } } : {}),
        invitation_reminder: { run: sendInvitationReminder(ctx) },
        send_email: emails.handler,
        [EXPIRE_CHECKOUT_SESSION_JOB]: { run: async (p: ExpireCheckoutSessionPayload) => void (await useCases.expireCheckoutSession(p)) },
        ...renewalJobHandlers(ctx, provisioner),
        ...reconciliationJobHandlers(ctx),
        [RETENTION_JOB]: { run: async () => void (await useCases.applyRetention()) },
        ...invoicingJobHandlers(ctx, invoiceTransmitter),
        ...extraHandlers,
      };
    },
    createWorker(opts: Partial<WorkerOptions> & { notifier?: Notifier } = {}) {
      return createWorker({
        db,
        log,
        handlers: opts.handlers ?? app.jobHandlers(opts.notifier),
        batch: config.WORKER_BATCH,
        pollMs: config.WORKER_POLL_MS,
        leaseMs: config.WORKER_LEASE_MS,
        periodic: async () => {
          await useCases.expireOrders();
          // Today's renewal scan (Europe/Rome day), queued once whichever worker asks first.
          await useCases.queueRenewalScan();
          // Today's retention run (UTC day), queued once whichever worker asks first.
          await useCases.scheduleRetention();
          // SdI receipts read from the intermediary (INVOICE_TRANSMITTER=http), besides its webhook.
          await scheduleReceiptPoll();
        },
        ...opts,
      });
    },
    /**
     * What a worker role runs: one worker for every kind but invoices, and one for invoices apart (sending
     * them, reading their receipts), so that a year-end batch of invoices never delays a notice or an email.
     */
    createWorkerLanes(opts: Partial<WorkerOptions> & { notifier?: Notifier } = {}) {
      const all = opts.handlers ?? app.jobHandlers(opts.notifier);
      const invoices = Object.fromEntries(Object.entries(all).filter(([kind]) => INVOICE_LANE_JOBS.includes(kind)));
      const rest = Object.fromEntries(Object.entries(all).filter(([kind]) => !INVOICE_LANE_JOBS.includes(kind)));
      return [app.createWorker({ ...opts, handlers: rest }), app.createWorker({ concurrency: 4, ...opts, handlers: invoices })];
    },
    /** Queues a reading of SdI receipts when one is due (the worker's housekeeping calls it). */
    scheduleReceiptPoll,
    async close() {
      await emails.close().catch((err) => log.warn({ err }, 'mailer close failed'));
      await db.close();
    },
  };
  return app;
}

export type App = Awaited<ReturnType<typeof createApp>>;
