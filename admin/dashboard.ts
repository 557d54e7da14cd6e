/** What needs attention now, each figure with the link to its filtered list. */
import type { App } from '../core/app.js';
import { euro } from './money.js';

export interface Figure {
  key: string;
  label: string;
  value: string;
  sub?: string;
  href: string;
  alert?: boolean;
  /** a ratio (the renewal rate), not a count of the records its link lists */
  ratio?: boolean;
}

export function dashboardHandler(app: App) {
  return async () => {
<<<<<<< HEAD
    const f = await app.useCases.dashboardFigures();
    const { waiting, overdue, paidToday, paidMonth, today, month } = f;
    const late = f.lateBefore;
    const [failedProv, failedEmails, failedJobs, unmatched] = [f.failedProvisioning, f.failedEmails, f.failedJobs, f.unmatchedLines];
=======
    const now = app.clock.now();
    const late = new Date(now.getTime() - 24 * HOUR);
    const today = romeStartOf(now, 'day');
    const month = romeStartOf(now, 'month');
    const sum = async (where: any) => {
      const row = (await m.Order.findOne({ where, attributes: [[fn('COUNT', col('id')), 'n'], [fn('COALESCE', fn('SUM', col('gross_cents')), 0), 'cents']], raw: true })) as any;
      return { n: Number(row?.n ?? 0), cents: Number(row?.cents ?? 0) };
    };
    const waitingWhere = { status: 'pending_payment', paymentMethod: 'bank_transfer' };
    const in30 = new Date(now.getTime() + 30 * 24 * HOUR);
    const [expiring, inGrace, suspended, rate] = await Promise.all([
      m.Company.count({ where: { subscriptionState: 'active', subscriptionExpiresAt: { [Op.lte]: in30 } } }),
      m.Company.count({ where: { subscriptionState: 'grace' } }),
      m.Company.count({ where: { subscriptionState: 'suspended' } }),
      app.useCases.renewalRate(),
    ]);
    const [waiting, overdue, paidToday, paidMonth, failedProv, failedEmails, failedJobs, unmatched] = await Promise.all([
      sum(waitingWhere),
      sum({ ...waitingWhere, createdAt: { [Op.lt]: late } }),
      sum({ paidAt: { [Op.gte]: today } }),
      sum({ paidAt: { [Op.gte]: month } }),
      m.Company.count({ where: { provisioningState: 'failed' } }),
      m.Email.count({ where: { status: 'failed' } }),
      m.OutboxJob.count({ where: { status: 'failed' } }),
      m.BankLine.count({ where: { status: 'unmatched', amountCents: { [Op.gt]: 0 } } }),
    ]);
>>>>>>> 4ecb24a (back-office: extend a subscription by hand (reason required, audited), expiring / in grace / suspended figures and filters, renewal rate of the last 12 months (core/reports/renewal-rate.ts), a partner's upcoming renewals)
    const orders = '/admin/resources/orders?';
    const companies = '/admin/resources/companies?';
    const figures: Figure[] = [
      { key: 'waiting', label: 'Bonifici in attesa', value: String(waiting.n), sub: euro(waiting.cents), href: `${orders}filters.status=pending_payment&filters.paymentMethod=bank_transfer` },
      { key: 'overdue', label: 'Oltre le 24 ore promesse', value: String(overdue.n), sub: euro(overdue.cents), alert: overdue.n > 0, href: `${orders}filters.status=pending_payment&filters.paymentMethod=bank_transfer&filters.createdAt~~to=${encodeURIComponent(late.toISOString())}` },
      { key: 'paid_today', label: 'Pagati oggi', value: String(paidToday.n), sub: euro(paidToday.cents), href: `${orders}filters.paidAt~~from=${encodeURIComponent(today.toISOString())}` },
      { key: 'paid_month', label: 'Pagati questo mese', value: String(paidMonth.n), sub: euro(paidMonth.cents), href: `${orders}filters.paidAt~~from=${encodeURIComponent(month.toISOString())}` },
      { key: 'failed_provisioning', label: 'Attivazioni fallite', value: String(failedProv), alert: failedProv > 0, href: '/admin/resources/companies?filters.provisioningState=failed' },
      { key: 'failed_emails', label: 'Email non inviate', value: String(failedEmails), alert: failedEmails > 0, href: '/admin/resources/emails?filters.status=failed' },
      { key: 'failed_jobs', label: 'Job falliti', value: String(failedJobs), alert: failedJobs > 0, href: '/admin/resources/outbox_jobs?filters.status=failed' },
      { key: 'expiring_30d', label: 'Abbonamenti in scadenza (30 giorni)', value: String(expiring), href: `${companies}filters.subscriptionState=active&filters.subscriptionExpiresAt~~to=${encodeURIComponent(in30.toISOString())}` },
      { key: 'in_grace', label: 'Scaduti, in tolleranza', value: String(inGrace), alert: inGrace > 0, href: `${companies}filters.subscriptionState=grace` },
      { key: 'suspended', label: 'Aziende sospese', value: String(suspended), href: `${companies}filters.subscriptionState=suspended` },
      {
        key: 'renewal_rate', label: 'Tasso di rinnovo (ultimi 12 mesi)', ratio: true,
        value: rate.rate === null ? '—' : `${Math.round(rate.rate * 100)} %`, sub: `${rate.renewed} rinnovati su ${rate.due} in scadenza`,
        href: '/admin/resources/audit_logs?filters.action=company.renewed',
      },
      { key: 'unmatched_lines', label: 'Righe bancarie da abbinare', value: String(unmatched), alert: unmatched > 0, href: '/admin/resources/bank_lines?filters.status=unmatched' },
    ];
    return { figures, at: f.now.toISOString() };
  };
}
