/**
 * The renewal rate of the last 12 months: of the subscriptions whose expiry fell in that window,
 * how many were renewed (renewed ÷ due). A renewal moves a company's expiry, so the renewed ones are
 * read from the audit trail (`company.renewed`, which keeps the expiry it renewed); the due but not
 * renewed are the companies whose current expiry is in the window.
 */
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import { addRomeMonths } from '../shared/rome-date.js';

export interface RenewalRate {
  from: Date;
  to: Date;
  due: number;
  renewed: number;
  /** renewed ÷ due, null when nothing was due */
  rate: number | null;
}

export function renewalRate(ctx: Ctx) {
  const m = ctx.db.models;
  return async (): Promise<RenewalRate> => {
    const to = ctx.clock.now();
    const from = addRomeMonths(to, -12);
    // A renewal is paid at most a few months before its expiry, or after it: 14 months back covers the window.
    const audits = await m.AuditLog.findAll({
      where: { action: 'company.renewed', createdAt: { [Op.gte]: addRomeMonths(to, -14) } },
      attributes: ['entityId', 'before'],
    });
    const renewedKeys = new Set<string>();
    for (const a of audits) {
      const old = new Date(String((a.before as Record<string, unknown> | null)?.subscriptionExpiresAt ?? ''));
      if (!Number.isNaN(old.getTime()) && old >= from && old < to) renewedKeys.add(`${a.entityId}:${old.toISOString()}`);
    }
    const lapsed = await m.Company.count({ where: { subscriptionExpiresAt: { [Op.gte]: from, [Op.lt]: to } } });
    const renewed = renewedKeys.size;
    const due = renewed + lapsed;
    return { from, to, due, renewed, rate: due ? renewed / due : null };
  };
}
