/**
 * The anonymising steps shared by the retention job and by an erasure request, each inside the
 * caller's transaction and each conditional on `anonymised_at IS NULL` (a second run, or a run racing
 * another worker, changes nothing). Never called on what the law keeps: the callers select only
 * invitations never bought, orders never paid (not even in part) and bank lines that are not ours.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Db } from '../db/database.js';
import { sqlDate } from '../db/sql-date.js';
import { maskIban, maskName, maskPersonalValues, maskText, REMOVED } from './mask.js';

/** Invitations (by id): the invitee's name and email go; partner, tier, dates and status stay. */
export async function anonymiseInvitations(db: Db, t: Transaction, ids: number[], now: Date): Promise<number> {
  if (!ids.length) return 0;
  const [n] = await db.models.Invitation.update({ clientName: REMOVED, clientEmail: REMOVED, anonymisedAt: now }, { where: { id: ids, anonymisedAt: null }, transaction: t });
  await anonymiseEmailsOf(db, t, 'invitation', ids, now);
  await maskAuditOf(db, t, 'invitation', ids, now);
  return n;
}

/** Orders never paid (by id): the submitted company data and a client buyer's name and email go; amounts stay. */
export async function anonymiseUnpaidOrders(db: Db, t: Transaction, ids: number[], now: Date): Promise<number> {
  if (!ids.length) return 0;
  const m = db.models;
  // The condition again, read in this transaction: an order paid since it was selected is not touched.
  const unpaid = await m.Order.findAll({
    where: { id: ids, anonymisedAt: null, paidAt: null, receivedCents: 0, status: ['expired', 'cancelled'] },
    attributes: ['id', 'buyerType'], transaction: t,
  });
  const clients = unpaid.filter((o) => o.buyerType === 'client').map((o) => o.id);
  const partners = unpaid.filter((o) => o.buyerType !== 'client').map((o) => o.id);
  // A partner's order names the partner (a business, kept while it is a partner); a client's names a person.
  if (clients.length) await m.Order.update({ companyData: null, buyerName: REMOVED, buyerEmail: null, anonymisedAt: now }, { where: { id: clients, anonymisedAt: null }, transaction: t });
  if (partners.length) await m.Order.update({ companyData: null, anonymisedAt: now }, { where: { id: partners, anonymisedAt: null }, transaction: t });
  const done = [...clients, ...partners];
  await anonymiseEmailsOf(db, t, 'order', done, now);
  await maskAuditOf(db, t, 'order', done, now);
  return done.length;
}

/** The emails sent about these records: the address and the data they were written from go. */
export async function anonymiseEmailsOf(db: Db, t: Transaction, entityType: string, ids: (number | string)[], now: Date): Promise<number> {
  if (!ids.length) return 0;
  const [n] = await db.models.Email.update(
    { toAddress: REMOVED, data: {}, subject: null, error: null, anonymisedAt: now },
    { where: { entityType, entityId: ids.map(String), anonymisedAt: null }, transaction: t },
  );
  return n;
}

/** Audit entries: who did what stays (actor type and id, action, record, time); personal values inside are masked. */
export async function maskAuditEntries(db: Db, t: Transaction, where: Record<string | symbol, unknown>, now: Date): Promise<number> {
  const rows = await db.models.AuditLog.findAll({ where: { ...where, anonymisedAt: null }, transaction: t });
  for (const row of rows) {
    await db.models.AuditLog.update(
      {
        before: maskPersonalValues(row.before),
        after: maskPersonalValues(row.after),
        // Staff and system labels are who did it; a client's label is their email, a partner user's their Telegram name.
        actorLabel: row.actorType === 'client' ? 'cliente' : row.actorType === 'partner_user' ? `utente Telegram #${row.actorId ?? '?'}` : row.actorLabel,
        anonymisedAt: now,
      },
      { where: { id: row.id, anonymisedAt: null }, transaction: t },
    );
  }
  return rows.length;
}

export const maskAuditOf = (db: Db, t: Transaction, entityType: string, ids: (number | string)[], now: Date) =>
  ids.length ? maskAuditEntries(db, t, { entityType, entityId: ids.map(String) }, now) : Promise.resolve(0);

/**
 * Bank lines (by id) that are not ours: payer name to initials, IBANs (in any IBAN column and inside the
 * remittance text) to country + last four. Written in SQL over the table's own columns, so that this
 * module keeps working whatever columns the reconciliation adds (any column named like `iban` is masked).
 */
export async function maskBankLines(db: Db, t: Transaction, ids: number[], now: Date): Promise<number> {
  if (!ids.length) return 0;
  const q = (c: string) => (db.dialect === 'mysql' ? `\`${c}\`` : `"${c}"`);
  const ibanColumns = Object.keys(await db.sequelize.getQueryInterface().describeTable('bank_lines')).filter((c) => /iban/i.test(c));
  const rows = await db.sequelize.query<Record<string, string | number | null>>(
    `SELECT ${['id', 'counterparty', 'remittance', 'note', ...ibanColumns].map(q).join(', ')} FROM bank_lines WHERE id IN (:ids) AND status = 'not_ours' AND anonymised_at IS NULL`,
    { replacements: { ids }, type: QueryTypes.SELECT, transaction: t },
  );
  for (const row of rows) {
    const set: Record<string, string | null> = {
      counterparty: row.counterparty == null ? null : maskName(String(row.counterparty)),
      remittance: maskText(String(row.remittance ?? '')),
      note: row.note == null ? null : maskText(String(row.note)),
    };
    for (const c of ibanColumns) set[c] = row[c] == null ? null : maskIban(String(row[c]));
    const assignments = Object.keys(set).map((c, i) => `${q(c)} = :v${i}`).join(', ');
    const values = Object.fromEntries(Object.values(set).map((v, i) => [`v${i}`, v]));
    await db.sequelize.query(`UPDATE bank_lines SET ${assignments}, anonymised_at = :now WHERE id = :id AND anonymised_at IS NULL`, {
      replacements: { ...values, now: sqlDate(db.dialect, now), id: row.id },
      transaction: t,
    });
  }
  return rows.length;
}
