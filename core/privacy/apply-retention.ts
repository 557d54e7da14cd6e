/**
 * The daily retention job (GDPR art. 5(1)(e)): applies every rule of retention-policy.ts, in batches,
 * each batch in its own short transaction, and ends with one log line and one audit entry holding the
 * counts. It selects only what may go — invitations never bought, orders never paid (not even in
 * part), bank lines marked not ours, expired sessions and codes — and never touches invoices, paid
 * orders, the companies they were invoiced to, matched bank lines or payment events (LEGALLY_KEPT).
 */
import { Op, QueryTypes } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import { addDays } from '../shared/clock.js';
import { systemActor } from '../shared/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { sqlDate } from '../db/sql-date.js';
import { anonymiseInvitations, anonymiseUnpaidOrders, maskAuditEntries, maskBankLines } from './anonymise.js';

export interface RetentionCounts {
  invitations: number;
  unpaidOrders: number;
  bankLines: number;
  auditEntries: number;
  botSessions: number;
  adminSessions: number;
  linkCodes: number;
  loginAttempts: number;
  doneJobs: number;
}

const BATCH = 200;
/** A run stops after this many batches of one rule and finishes the rest the next day (a first run on an old database). */
const MAX_BATCHES = 500;

export function applyRetention(ctx: Ctx) {
  const { db, config } = ctx;
  const m = db.models;
  const actor = systemActor('conservazione dati');

  /** Runs `step` on batches of due ids until none is left; returns how many were changed. */
  async function inBatches(due: (afterId: number) => Promise<number[]>, step: (ids: number[], now: Date) => Promise<number>): Promise<number> {
    let total = 0;
    let afterId = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const ids = await due(afterId);
      if (!ids.length) break;
      const now = ctx.clock.now();
      total += await step(ids, now);
      afterId = ids[ids.length - 1]!;
      if (ids.length < BATCH) break;
    }
    return total;
  }

  return async function execute(): Promise<RetentionCounts> {
    const now = ctx.clock.now();
    const before = (days: number) => addDays(now, -days);

    // Invitations never bought, N days past their expiry (or their cancellation).
    const invitationCutoff = before(config.RETENTION_INVITATION_DAYS);
    const invitations = await inBatches(
      async (afterId) => {
        const rows = await m.Invitation.findAll({
          where: {
            id: { [Op.gt]: afterId },
            status: { [Op.ne]: 'purchased' },
            purchasedAt: null,
            anonymisedAt: null,
            [Op.or]: [{ expiresAt: { [Op.lte]: invitationCutoff } }, { cancelledAt: { [Op.lte]: invitationCutoff } }],
          },
          attributes: ['id'], order: [['id', 'ASC']], limit: BATCH,
        });
        const ids = rows.map((r) => r.id);
        // An invitation whose order has money on it is part of that order's record: it stays.
        const withMoney = ids.length ? await m.Order.findAll({ where: { invitationId: ids, [Op.or]: [{ paidAt: { [Op.ne]: null } }, { receivedCents: { [Op.gt]: 0 } }] }, attributes: ['invitationId'] }) : [];
        const keep = new Set(withMoney.map((o) => o.invitationId));
        return ids.filter((id) => !keep.has(id));
      },
      (ids, at) => db.tx((t) => anonymiseInvitations(db, t, ids, at)),
    );

    // Orders closed without any money, N days after closing.
    const orderCutoff = before(config.RETENTION_UNPAID_ORDER_DAYS);
    const unpaidOrders = await inBatches(
      async (afterId) =>
        (await m.Order.findAll({
          where: {
            id: { [Op.gt]: afterId },
            status: ['expired', 'cancelled'],
            paidAt: null,
            receivedCents: 0,
            anonymisedAt: null,
            [Op.or]: [{ closedAt: { [Op.lte]: orderCutoff } }, { closedAt: null, expiresAt: { [Op.lte]: orderCutoff } }],
          },
          attributes: ['id'], order: [['id', 'ASC']], limit: BATCH,
        })).map((r) => r.id),
      (ids, at) => db.tx((t) => anonymiseUnpaidOrders(db, t, ids, at)),
    );

    // Bank lines that are not ours, N days after import (read in SQL: see maskBankLines).
    const bankCutoff = sqlDate(db.dialect, before(config.RETENTION_BANK_LINE_DAYS));
    const bankLines = await inBatches(
      async (afterId) =>
        (await db.sequelize.query<{ id: number }>(
          `SELECT id FROM bank_lines WHERE id > :afterId AND status = 'not_ours' AND anonymised_at IS NULL AND created_at <= :cutoff ORDER BY id LIMIT ${BATCH}`,
          { replacements: { afterId, cutoff: bankCutoff }, type: QueryTypes.SELECT },
        )).map((r) => Number(r.id)),
      (ids, at) => db.tx((t) => maskBankLines(db, t, ids, at)),
    );

    // Audit entries past their period: who did what stays, personal values go.
    const auditCutoff = before(config.RETENTION_AUDIT_DAYS);
    const auditEntries = await inBatches(
      async (afterId) =>
        (await m.AuditLog.findAll({ where: { id: { [Op.gt]: afterId }, anonymisedAt: null, createdAt: { [Op.lte]: auditCutoff } }, attributes: ['id'], order: [['id', 'ASC']], limit: BATCH })).map((r) => r.id),
      (ids, at) => db.tx((t) => maskAuditEntries(db, t, { id: ids }, at)),
    );

    // Sessions, codes and login attempts: deleted outright once expired.
    const botSessions = await m.BotSession.destroy({ where: { updatedAt: { [Op.lte]: before(config.RETENTION_BOT_SESSION_DAYS) } } });
    const adminSessions = await m.AdminSession.destroy({ where: { expiresAt: { [Op.lte]: now } } });
    const linkCodes = await m.LinkCode.destroy({ where: { expiresAt: { [Op.lte]: now } } });
    // At least a day: the login slow-down counts the failures of the last 24 hours.
    const loginAttempts = await m.StaffLoginAttempt.destroy({ where: { createdAt: { [Op.lte]: before(Math.max(1, config.RETENTION_LOGIN_ATTEMPT_DAYS)) } } });

    const jobCutoff = before(config.RETENTION_DONE_JOB_DAYS);
    // A job with a dedup key stays (the key keeps it from being queued twice), its payload emptied.
    const doneJobs =
      (await m.OutboxJob.destroy({ where: { status: 'done', dedupKey: null, doneAt: { [Op.lte]: jobCutoff } } })) +
      (await m.OutboxJob.update({ payload: {} }, { where: { status: 'done', dedupKey: { [Op.ne]: null }, doneAt: { [Op.lte]: jobCutoff }, payload: { [Op.ne]: '{}' } } }))[0] +
      (await m.AdminActionKey.destroy({ where: { createdAt: { [Op.lte]: jobCutoff } } }));

    const counts: RetentionCounts = { invitations, unpaidOrders, bankLines, auditEntries, botSessions, adminSessions, linkCodes, loginAttempts, doneJobs };
    await db.tx((t) => recordAudit(m, t, actor, { action: 'privacy.retention_run', entityType: 'retention', entityId: now.toISOString().slice(0, 10), after: { ...counts } }));
    ctx.log.info({ retention: counts }, 'retention run: personal data past their period removed');
    return counts;
  };
}
