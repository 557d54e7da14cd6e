/**
 * Taking back what a refunded order issued, inside the refund's transaction, as far as that is
 * still possible: unactivated coupons, unused credit and unused e-invoices. Each take-back is a
 * conditional update, so it races safely with a partner activating or spending at the same moment.
 * What cannot be taken back is described for staff, never silently ignored.
 */
import { Op, fn, col, type Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import { formatEuro } from '../shared/money.js';
import type { Order } from '../db/models.js';
import type { TakenBack } from '../db/back-office-models.js';

export interface Revocation {
  couponsRevoked: number;
  creditRevokedCents: number;
  einvoicesRevoked: number;
  /** Italian sentences for the order's flag */
  notRevoked: string[];
  /** Exactly what was taken back (a bank reversal keeps it, to give it back if staff so decide). */
  taken: TakenBack;
}


export async function revokeIssued(ctx: Ctx, t: Transaction, order: Order): Promise<Revocation> {
  const m = ctx.db.models;
  const now = ctx.clock.now();
  const out: Revocation = { couponsRevoked: 0, creditRevokedCents: 0, einvoicesRevoked: 0, notRevoked: [], taken: { couponIds: [], credit: [], einvoices: [] } };

  // The unused coupons, locked (an activation at the same moment waits, then finds them revoked).
  const unused = await m.Coupon.findAll({ where: { orderId: order.id, status: 'available' }, attributes: ['id'], transaction: t, lock: t.LOCK.UPDATE });
  if (unused.length) {
    const ids = unused.map((c) => c.id);
    out.couponsRevoked = (await m.Coupon.update({ status: 'revoked', revokedAt: now }, { where: { id: ids, status: 'available' }, transaction: t }))[0];
    out.taken.couponIds = ids;
  }
  const activated = await m.Coupon.findAll({ where: { orderId: order.id, status: 'activated' }, transaction: t });
  if (activated.length) out.notRevoked.push(`${activated.length} coupon già attivati (${activated.map((c) => c.code).slice(0, 5).join(', ')})`);
  if (order.buyerType === 'client' && order.companyId) out.notRevoked.push(`azienda #${order.companyId} già creata per il cliente: disattivarla a mano`);

  for (const line of order.lines ?? []) {
    const units = line.unitQuantity * line.quantity;
    if (line.productKind === 'credit_topup' && line.companyId) {
      const row = (await m.CreditEntry.findOne({
        where: { companyId: line.companyId },
        attributes: [[fn('COALESCE', fn('SUM', col('amount_cents')), 0), 'total']],
        raw: true,
        transaction: t,
      })) as unknown as { total: number | string } | null;
      const take = Math.max(0, Math.min(units, Number(row?.total ?? 0)));
      if (take > 0) {
        await m.CreditEntry.create(
          { partnerId: order.partnerId, companyId: line.companyId, orderId: order.id, amountCents: -take, kind: 'refund', note: `Rimborso ordine ${order.number}` },
          { transaction: t },
        );
        out.creditRevokedCents += take;
        out.taken.credit.push({ companyId: line.companyId, cents: take });
      }
      if (take < units) out.notRevoked.push(`credito già speso: ${formatEuro(units - take)} (azienda #${line.companyId})`);
    } else if (line.productKind === 'einvoice_pack' && line.companyId) {
      const company = await m.Company.findByPk(line.companyId, { transaction: t, lock: t.LOCK.UPDATE });
      const take = Math.max(0, Math.min(units, company?.einvoiceAllowance ?? 0));
      if (take > 0) {
        await m.Company.decrement('einvoiceAllowance', { by: take, where: { id: line.companyId, einvoiceAllowance: { [Op.gte]: take } }, transaction: t });
        out.einvoicesRevoked += take;
        out.taken.einvoices.push({ companyId: line.companyId, count: take });
      }
      if (take < units) out.notRevoked.push(`${units - take} fatture elettroniche già usate (azienda #${line.companyId})`);
    } else if (line.productKind === 'renewal') {
      out.notRevoked.push(`rinnovo di ${units} mesi già applicato (azienda #${line.companyId}): verificare la scadenza`);
    } else if (line.productKind === 'upgrade') {
      out.notRevoked.push(`upgrade a ${line.toTier} già applicato (azienda #${line.companyId}): verificare la tipologia`);
    }
  }
  return out;
}
