/**
 * What needs attention in the back-office now: bank transfers waiting (and those past the 24 hours
 * promised), orders paid today and this month (Italian days), failed activations, emails and jobs,
 * bank lines to match. Counts and integer cents; the face labels and links them.
 */
import { Op, fn, col, type WhereOptions } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Order } from '../db/models.js';

const HOUR = 3600_000;

/** Midnight in Italy (the day staff mean by "today"), as an instant. */
export function romeStartOf(now: Date, unit: 'day' | 'month'): Date {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hour12: false }).formatToParts(now).map((p) => [p.type, p.value]));
  const day = unit === 'day' ? parts.day : '01';
  const guess = new Date(`${parts.year}-${parts.month}-${day}T00:00:00Z`);
  const offsetH = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hour: '2-digit', hour12: false }).format(guess)) % 24;
  return new Date(guess.getTime() - offsetH * HOUR);
}

export interface OrderSum {
  n: number;
  cents: number;
}

export interface DashboardFigures {
  now: Date;
  /** Bank transfers created before this instant are past the 24 hours promised. */
  lateBefore: Date;
  today: Date;
  month: Date;
  waiting: OrderSum;
  overdue: OrderSum;
  paidToday: OrderSum;
  paidMonth: OrderSum;
  failedProvisioning: number;
  failedEmails: number;
  failedJobs: number;
  unmatchedLines: number;
}

export function dashboardFigures(ctx: Ctx) {
  const m = ctx.db.models;
  const sum = async (where: WhereOptions<Order>): Promise<OrderSum> => {
    const row = (await m.Order.findOne({ where, attributes: [[fn('COUNT', col('id')), 'n'], [fn('COALESCE', fn('SUM', col('gross_cents')), 0), 'cents']], raw: true })) as unknown as { n?: unknown; cents?: unknown } | null;
    return { n: Number(row?.n ?? 0), cents: Number(row?.cents ?? 0) };
  };
  return async (): Promise<DashboardFigures> => {
    const now = ctx.clock.now();
    const lateBefore = new Date(now.getTime() - 24 * HOUR);
    const today = romeStartOf(now, 'day');
    const month = romeStartOf(now, 'month');
    const waitingWhere = { status: 'pending_payment', paymentMethod: 'bank_transfer' } as const;
    const [waiting, overdue, paidToday, paidMonth, failedProvisioning, failedEmails, failedJobs, unmatchedLines] = await Promise.all([
      sum(waitingWhere),
      sum({ ...waitingWhere, createdAt: { [Op.lt]: lateBefore } }),
      sum({ paidAt: { [Op.gte]: today } }),
      sum({ paidAt: { [Op.gte]: month } }),
      m.Company.count({ where: { provisioningState: 'failed' } }),
      m.Email.count({ where: { status: 'failed' } }),
      m.OutboxJob.count({ where: { status: 'failed' } }),
      m.BankLine.count({ where: { status: 'unmatched', amountCents: { [Op.gt]: 0 } } }),
    ]);
    return { now, lateBefore, today, month, waiting, overdue, paidToday, paidMonth, failedProvisioning, failedEmails, failedJobs, unmatchedLines };
  };
}
