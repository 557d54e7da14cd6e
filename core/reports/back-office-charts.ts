/**
 * The figures behind the back-office charts, read-only: sales per Italian day by tier and payment
 * method, bank transfers waiting by age against the 24-hour promise, provisioning outcomes, what is
 * failing in emails and background jobs, and one partner's purchases per month. Each figure carries
 * the range it counts, so a face can link every bar to the list of exactly those records.
 */
import { Op, fn, col } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { tiers, type Tier } from '../shared/types.js';
import { lastRomeDays, nextRomeDay, romeDay, romeDayStart, romeMonth } from './rome-time.js';

const HOUR = 3600_000;
/** Orders that count as sales: paid, whether fulfilled yet or not (refunded and cancelled ones do not). */
const SOLD = ['paid', 'fulfilled'] as const;
export const saleMethods = ['card', 'bank_transfer'] as const;
export type SaleMethod = (typeof saleMethods)[number];
export type SaleTier = Tier | 'other';
export const saleTiers: readonly SaleTier[] = [...tiers, 'other'];

export interface SalesPerDay {
  days: { day: string; from: string; to: string }[];
  /** cents[method][tier][i]: gross sales of day i (VAT included), by the tier of each order line */
  cents: Record<SaleMethod, Record<SaleTier, number[]>>;
  /** orders paid per day and method */
  orders: Record<SaleMethod, number[]>;
}
export interface WaitingBucket { key: '0-12h' | '12-24h' | 'over-24h'; count: number; cents: number; createdFrom?: string; createdTo?: string }
export interface BackOfficeCharts {
  at: string;
  sales: SalesPerDay;
  waiting: WaitingBucket[];
  provisioning: { state: 'provisioning' | 'active' | 'failed'; count: number }[];
  failing: { emails: { template: string; count: number }[]; jobs: { kind: string; count: number }[] };
}
export interface PartnerPurchases { months: { month: string; from: string; to: string; orders: number; cents: number }[] }

const staffOnly = (actor: Actor) => {
  if (actor.type !== 'staff' && actor.type !== 'system') throw new DomainError('forbidden', 'Operazione riservata al personale');
};
const methodOf = (m: string): SaleMethod => (m === 'bank_transfer' ? 'bank_transfer' : 'card'); // sandbox stands in for the card
const tierOf = (t: string | null): SaleTier => ((tiers as readonly string[]).includes(String(t)) ? (t as Tier) : 'other');

export function backOfficeCharts(ctx: Ctx) {
  const m = ctx.db.models;

  async function salesPerDay(now: Date, n = 30): Promise<SalesPerDay> {
    const keys = lastRomeDays(now, n);
    const days = keys.map((day) => ({ day, from: romeDayStart(day).toISOString(), to: new Date(romeDayStart(nextRomeDay(day)).getTime() - 1).toISOString() }));
    const index = new Map(keys.map((k, i) => [k, i]));
    const zeros = () => keys.map(() => 0);
    const cents = Object.fromEntries(saleMethods.map((mt) => [mt, Object.fromEntries(saleTiers.map((t) => [t, zeros()]))])) as SalesPerDay['cents'];
    const orders = Object.fromEntries(saleMethods.map((mt) => [mt, zeros()])) as SalesPerDay['orders'];
    const paid = await m.Order.findAll({
      where: { status: [...SOLD], paidAt: { [Op.gte]: new Date(days[0].from) } },
      attributes: ['id', 'paidAt', 'paymentMethod'], raw: true,
    });
    const orderDay = new Map<number, { i: number; method: SaleMethod }>();
    for (const o of paid) {
      const i = index.get(romeDay(new Date(o.paidAt!)));
      if (i === undefined) continue;
      const method = methodOf(o.paymentMethod);
      orderDay.set(o.id, { i, method });
      orders[method][i]++;
    }
    const ids = [...orderDay.keys()];
    for (let k = 0; k < ids.length; k += 500) {
      const lines = await m.OrderLine.findAll({ where: { orderId: ids.slice(k, k + 500) }, attributes: ['orderId', 'tier', 'grossCents'], raw: true });
      for (const l of lines) {
        const at = orderDay.get(l.orderId)!;
        cents[at.method][tierOf(l.tier)][at.i] += Number(l.grossCents);
      }
    }
    return { days, cents, orders };
  }

  async function waitingByAge(now: Date): Promise<WaitingBucket[]> {
    const h12 = new Date(now.getTime() - 12 * HOUR);
    const h24 = new Date(now.getTime() - 24 * HOUR);
    const sum = async (createdAt: object) => {
      const row = (await m.Order.findOne({
        where: { status: 'pending_payment', paymentMethod: 'bank_transfer', createdAt },
        attributes: [[fn('COUNT', col('id')), 'n'], [fn('COALESCE', fn('SUM', col('gross_cents')), 0), 'cents']], raw: true,
      })) as any;
      return { count: Number(row?.n ?? 0), cents: Number(row?.cents ?? 0) };
    };
    const [young, due, late] = await Promise.all([sum({ [Op.gt]: h12 }), sum({ [Op.gt]: h24, [Op.lte]: h12 }), sum({ [Op.lte]: h24 })]);
    return [
      { key: '0-12h', ...young, createdFrom: h12.toISOString() },
      { key: '12-24h', ...due, createdFrom: h24.toISOString(), createdTo: h12.toISOString() },
      { key: 'over-24h', ...late, createdTo: h24.toISOString() },
    ];
  }

  async function countBy<T extends string>(model: any, column: string, where: object): Promise<{ key: T; count: number }[]> {
    const rows = (await model.findAll({ where, attributes: [column, [fn('COUNT', col('id')), 'n']], group: [column], raw: true })) as any[];
    return rows.map((r) => ({ key: String(r[column]) as T, count: Number(r.n) })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  }

  return {
    async backOfficeCharts(actor: Actor): Promise<BackOfficeCharts> {
      staffOnly(actor);
      const now = ctx.clock.now();
      const [sales, waiting, provisioning, emails, jobs] = await Promise.all([
        salesPerDay(now),
        waitingByAge(now),
        countBy(m.Company, 'provisioningState', {}),
        countBy(m.Email, 'template', { status: 'failed' }),
        countBy(m.OutboxJob, 'kind', { status: 'failed' }),
      ]);
      const byState = new Map(provisioning.map((p) => [p.key, p.count]));
      return {
        at: now.toISOString(), sales, waiting,
        provisioning: (['active', 'provisioning', 'failed'] as const).map((state) => ({ state, count: byState.get(state) ?? 0 })),
        failing: { emails: emails.map((e) => ({ template: e.key, count: e.count })), jobs: jobs.map((j) => ({ kind: j.key, count: j.count })) },
      };
    },

    /** One partner's paid purchases per Italian month, the last `months` months up to this one. */
    async partnerPurchases(raw: { partnerId: number; months?: number }, actor: Actor): Promise<PartnerPurchases> {
      staffOnly(actor);
      const partnerId = Number(raw.partnerId);
      if (!Number.isSafeInteger(partnerId) || partnerId <= 0) throw new DomainError('validation', 'Partner non valido');
      const n = Math.min(Math.max(Math.trunc(raw.months ?? 12), 1), 36);
      const now = ctx.clock.now();
      const keys: string[] = [romeMonth(now)];
      while (keys.length < n) {
        const [y, mo] = keys[0].split('-').map(Number);
        keys.unshift(mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`);
      }
      const next = (k: string) => {
        const [y, mo] = k.split('-').map(Number);
        return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
      };
      const months = keys.map((month) => ({ month, from: romeDayStart(`${month}-01`).toISOString(), to: new Date(romeDayStart(`${next(month)}-01`).getTime() - 1).toISOString(), orders: 0, cents: 0 }));
      const index = new Map(keys.map((k, i) => [k, i]));
      const paid = await m.Order.findAll({
        where: { partnerId, status: [...SOLD], paidAt: { [Op.gte]: new Date(months[0].from) } },
        attributes: ['paidAt', 'grossCents'], raw: true,
      });
      for (const o of paid) {
        const i = index.get(romeMonth(new Date(o.paidAt!)));
        if (i === undefined) continue;
        months[i].orders++;
        months[i].cents += Number(o.grossCents);
      }
      return { months };
    },
  };
}
