/**
 * Staff (or the system) send an email again: a sent one as a fresh copy, a failed one as a new try.
 * The row goes back to `queued` and a new `send_email` job is written in the same transaction.
 * A queued email is refused: its job will send it anyway, and two jobs would send two copies.
 */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { enqueueJob } from '../outbox/enqueue-job.js';
import type { Email } from '../db/models.js';

export function resendEmail(ctx: Ctx) {
  const m = ctx.db.models;
  return async function execute(emailId: number, actor: Actor): Promise<Email> {
    if (actor.type === 'partner_user' || actor.type === 'client') throw new DomainError('forbidden', 'Operazione non consentita');
    return ctx.db.tx(async (t) => {
      const email = await m.Email.findByPk(emailId, { transaction: t });
      if (!email) throw new DomainError('not_found', 'Email non trovata');
      if (email.status === 'queued') throw new DomainError('conflict', 'L’email è già in coda di invio', { status: email.status });
      const before = email.status;
      const [won] = await m.Email.update({ status: 'queued', error: null }, { where: { id: email.id, status: before }, transaction: t });
      if (!won) throw new DomainError('conflict', 'L’email è cambiata nel frattempo');
      const job = await enqueueJob(m, t, 'send_email', { emailId: email.id, resend: before === 'sent' });
      await recordAudit(m, t, actor, {
        action: 'email.resent',
        entityType: 'email',
        entityId: email.id,
        before: { status: before, messageId: email.messageId },
        after: { status: 'queued', jobId: job.id },
      });
      return (await m.Email.findByPk(email.id, { transaction: t }))!;
    });
  };
}
