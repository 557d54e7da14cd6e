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
}

export function dashboardHandler(app: App) {
  return async () => {
    const f = await app.useCases.dashboardFigures();
    const { waiting, overdue, paidToday, paidMonth, today, month } = f;
    const late = f.lateBefore;
    const [failedProv, failedEmails, failedJobs, unmatched] = [f.failedProvisioning, f.failedEmails, f.failedJobs, f.unmatchedLines];
    const orders = '/admin/resources/orders?';
    const figures: Figure[] = [
      { key: 'waiting', label: 'Bonifici in attesa', value: String(waiting.n), sub: euro(waiting.cents), href: `${orders}filters.status=pending_payment&filters.paymentMethod=bank_transfer` },
      { key: 'overdue', label: 'Oltre le 24 ore promesse', value: String(overdue.n), sub: euro(overdue.cents), alert: overdue.n > 0, href: `${orders}filters.status=pending_payment&filters.paymentMethod=bank_transfer&filters.createdAt~~to=${encodeURIComponent(late.toISOString())}` },
      { key: 'paid_today', label: 'Pagati oggi', value: String(paidToday.n), sub: euro(paidToday.cents), href: `${orders}filters.paidAt~~from=${encodeURIComponent(today.toISOString())}` },
      { key: 'paid_month', label: 'Pagati questo mese', value: String(paidMonth.n), sub: euro(paidMonth.cents), href: `${orders}filters.paidAt~~from=${encodeURIComponent(month.toISOString())}` },
      { key: 'failed_provisioning', label: 'Attivazioni fallite', value: String(failedProv), alert: failedProv > 0, href: '/admin/resources/companies?filters.provisioningState=failed' },
      { key: 'failed_emails', label: 'Email non inviate', value: String(failedEmails), alert: failedEmails > 0, href: '/admin/resources/emails?filters.status=failed' },
      { key: 'failed_jobs', label: 'Job falliti', value: String(failedJobs), alert: failedJobs > 0, href: '/admin/resources/outbox_jobs?filters.status=failed' },
      { key: 'unmatched_lines', label: 'Righe bancarie da abbinare', value: String(unmatched), alert: unmatched > 0, href: '/admin/resources/bank_lines?filters.status=unmatched' },
    ];
    return { figures, at: f.now.toISOString() };
  };
}
