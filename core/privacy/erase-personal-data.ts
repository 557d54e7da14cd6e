/**
 * Erasure on request (GDPR art. 17): in one transaction, anonymises what may go — invitations never
 * bought, orders never paid, emails not about a paid order, bank lines not ours, a Telegram user and
 * its conversation, login attempts, the person's values inside audit entries — and lists what must
 * stay and why (paid orders, activated companies, partners' contracts, matched bank lines: accounting
 * records and invoices). Audited with the staff user and the request's reference; the person's
 * identifier is not written anywhere. Running it again finds nothing more to do.
 */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { collectFindings, type Finding } from './collect-findings.js';
import { parsePersonQuery } from './person-query.js';
import { assertPrivacyOfficer } from './personal-data-report.js';
import { anonymiseInvitations, anonymiseUnpaidOrders, maskAuditEntries, maskBankLines } from './anonymise.js';
import { REMOVED } from './mask.js';

export interface ErasureResult {
  reference: string;
  /** rows anonymised or deleted, per table */
  erased: Record<string, number>;
  /** rows that stay, with the reason */
  kept: { table: string; id: string; reason: { it: string; en: string } }[];
}

export function erasePersonalData(ctx: Ctx) {
  const { db } = ctx;
  const m = db.models;
  return async function execute(raw: { kind?: unknown; value?: unknown; requestRef?: unknown }, actor: Actor): Promise<ErasureResult> {
    assertPrivacyOfficer(actor);
    const q = parsePersonQuery(raw);
    return db.tx(async (t) => {
      const now = ctx.clock.now();
      const findings = await collectFindings(db, q, t);
      const ids = (table: string, fate: Finding['fate']) => findings.filter((f) => f.table === table && f.fate === fate).map((f) => f.id);
      const erased: Record<string, number> = {};
      const count = (table: string, n: number) => void (n && (erased[table] = (erased[table] ?? 0) + n));

      // Invitations still open are withdrawn first, so no reminder is sent to an erased address.
      const invitations = ids('invitations', 'erase').map(Number);
      if (invitations.length) await m.Invitation.update({ status: 'cancelled', cancelledAt: now }, { where: { id: invitations, status: ['sent', 'opened'] }, transaction: t });
      count('invitations', await anonymiseInvitations(db, t, invitations, now));
      count('orders', await anonymiseUnpaidOrders(db, t, ids('orders', 'erase').map(Number), now));
      const emails = ids('emails', 'erase');
      if (emails.length) {
        const [n] = await m.Email.update({ toAddress: REMOVED, data: {}, subject: null, error: null, anonymisedAt: now }, { where: { id: emails.map(Number), anonymisedAt: null }, transaction: t });
        count('emails', n);
      }
      count('bank_lines', await maskBankLines(db, t, ids('bank_lines', 'erase').map(Number), now));
      for (const id of ids('partner_users', 'erase').map(Number)) {
        const [n] = await m.PartnerUser.update(
          { displayName: REMOVED, telegramUserId: `erased-${id}`, telegramChatId: `erased-${id}`, active: false },
          { where: { id }, transaction: t },
        );
        count('partner_users', n);
      }
      const sessions = ids('bot_sessions', 'delete');
      if (sessions.length) count('bot_sessions', await m.BotSession.destroy({ where: { chatId: sessions }, transaction: t }));
      const attempts = ids('staff_login_attempts', 'delete');
      if (attempts.length) count('staff_login_attempts', await m.StaffLoginAttempt.destroy({ where: { id: attempts.map(Number) }, transaction: t }));
      const audit = ids('audit_logs', 'erase').map(Number);
      if (audit.length) count('audit_logs', await maskAuditEntries(db, t, { id: audit }, now));

      const kept = findings.filter((f) => f.fate === 'keep').map((f) => ({ table: f.table, id: f.id, reason: f.reason! }));
      await recordAudit(m, t, actor, {
        action: 'privacy.erasure', entityType: 'privacy_request', entityId: q.requestRef.slice(0, 64),
        after: { kind: q.kind, erased, kept: kept.map((k) => ({ table: k.table, id: k.id, reason: k.reason.it })) },
      });
      return { reference: q.requestRef, erased, kept };
    });
  };
}
