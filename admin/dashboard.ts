/** What needs attention now, each figure with the link to its filtered list. */
import { Op, fn, col } from 'sequelize';
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

const HOUR = 3600_000;

/** Midnight in Italy (the day staff mean by "today"), as an instant. */
function romeStartOf(now: Date, unit: 'day' | 'month'): Date {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hour12: false }).formatToParts(now).map((p) => [p.type, p.value]));
  const day = unit === 'day' ? parts.day : '01';
  const guess = new Date(`${parts.year}-${parts.month}-${day}T00:00:00Z`);
  const offsetH = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hour: '2-digit', hour12: false }).format(guess)) % 24;
  return new Date(guess.getTime() - offsetH * HOUR);
}

export function dashboardHandler(app: App) {
  const m = app.db.models;
  return async () => {
    const now = app.clock.now();
    const late = new Date(now.getTime() - 24 * HOUR);
    const today = romeStartOf(now, 'day');
    const month = romeStartOf(now, 'month');
    const sum = async (where: any) => {
      const row = (await m.Order.findOne({ where, attributes: [[fn('COUNT', col('id')), 'n'], [fn('COALESCE', fn('SUM', col('gross_cents')), 0), 'cents']], raw: true })) as any;
      return { n: Number(row?.n ?? 0), cents: Number(row?.cents ?? 0) };
    };
    const waitingWhere = { status: 'pending_payment', paymentMethod: 'bank_transfer' };
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
    return { figures, at: now.toISOString() };
  };
}
