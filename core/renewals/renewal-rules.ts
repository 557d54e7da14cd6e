/**
 * The renewal rules (README, "Rinnovi"): a subscription expires on the Rome day of its expiry
 * instant; from that day the company is in grace for RENEWAL_GRACE_DAYS days (still working), then
 * suspended. A renewal paid before the suspension runs on from the old expiry (nobody loses days
 * by paying early, nobody gains the grace by paying late); paid after it, from the payment.
 */
import type { Transaction } from 'sequelize';
import { Op } from 'sequelize';
import type { Company, Models } from '../db/models.js';
import type { Tier } from '../shared/types.js';
import { addRomeDays, addRomeMonths, romeDay } from '../shared/rome-date.js';

export const expiresOn = (company: Pick<Company, 'subscriptionExpiresAt'>) => romeDay(company.subscriptionExpiresAt);

/** The last day a company works unpaid; it is suspended the day after. */
export const graceEndsOn = (expiry: string, graceDays: number) => addRomeDays(expiry, graceDays);

/** The new expiry a paid renewal of `months` gives, and whether the account must be opened again. */
export function renewedExpiry(company: Pick<Company, 'subscriptionExpiresAt' | 'subscriptionState'>, paidAt: Date, months: number): { expiresAt: Date; reactivate: boolean } {
  if (company.subscriptionState === 'suspended') return { expiresAt: addRomeMonths(paidAt, months), reactivate: true };
  return { expiresAt: addRomeMonths(company.subscriptionExpiresAt, months), reactivate: false };
}

/** The catalogue's 12-month renewal of a tier (the cheapest active one when several exist). */
export async function renewalProductFor(m: Models, tier: Tier, t?: Transaction) {
  return m.Product.findOne({ where: { kind: 'renewal', tier, active: true }, order: [['quantity', 'DESC'], ['netCents', 'ASC'], ['id', 'ASC']], transaction: t });
}

/** Companies (of these) with a renewal order placed and waiting for its bank transfer: id → order number. */
export async function renewalsAwaitingTransfer(m: Models, companyIds: number[], t?: Transaction): Promise<Map<number, string>> {
  if (!companyIds.length) return new Map();
  const lines = await m.OrderLine.findAll({
    where: { companyId: companyIds, productKind: 'renewal' },
    include: [{ model: m.Order, where: { status: 'pending_payment', paymentMethod: 'bank_transfer' }, attributes: ['id', 'number'] }],
    transaction: t,
  });
  return new Map(lines.map((l) => [l.companyId!, String((l as any).Order?.number ?? '')]));
}

/** Marks a reminder as sent; false when it already was (the job ran before). */
export async function claimReminder(m: Models, t: Transaction, key: string): Promise<boolean> {
  const [, created] = await m.RenewalReminder.findOrCreate({ where: { key }, defaults: { key }, transaction: t });
  return created;
}

export const notSuspended = { [Op.in]: ['active', 'grace'] };
