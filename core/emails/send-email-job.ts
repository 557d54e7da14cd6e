/**
 * The `send_email` job: one queued row of `emails` → rendered → handed to the Mailer → state recorded.
 * At-least-once by nature (SMTP may accept a message just before we crash), so the Message-ID is
 * stable across retries of one job and receivers can fold duplicates; a staff "resend" is a new
 * message on purpose and gets its own id (mail clients hide a second copy with the same id).
 */
import { isOptedOut, optOutHeaders, unsolicitedTemplates } from './opt-out.js';
import type { Ctx } from '../shared/context.js';
import type { OutboxJob } from '../db/models.js';
import type { JobHandler } from '../worker/worker.js';
import { PermanentFailure } from '../worker/worker.js';
import { emailNames, type EmailName, type Lang } from './email-data.js';
import { emailDataFromFacts } from './email-data-from-facts.js';
import { isPermanentMailError, type Mailer } from './mailer.js';
import type { EmailRenderer } from './renderer.js';

export interface SendEmailPayload {
  emailId: number;
  /** Set by resendEmail: this job sends a fresh copy. */
  resend?: boolean;
}

export interface SendEmailDeps {
  renderer: EmailRenderer;
  mailer: Mailer;
  /** "Name <address>" (config MAIL_FROM). */
  from: string;
  replyTo?: string;
}

/** Our Message-ID local part: the same on every retry of one job. */
export const emailMessageKey = (emailId: number, job: Pick<OutboxJob, 'id'>, resend?: boolean) => (resend ? `email-${emailId}-r${job.id}` : `email-${emailId}`);

const short = (e: unknown) => String((e as Error)?.message ?? e).slice(0, 1000);

export function sendEmailJob(ctx: Ctx, deps: SendEmailDeps): JobHandler {
  const m = ctx.db.models;
  return {
    async run(payload: SendEmailPayload, job: OutboxJob) {
      const email = await m.Email.findByPk(payload.emailId);
      if (!email) throw new PermanentFailure(`email ${payload.emailId} not found`);
      if (email.status === 'sent') return; // a retry after success, or a duplicate job: nothing to do

      const template = email.template as EmailName;
      const lang: Lang = email.language === 'en' ? 'en' : 'it';
      let rendered;
      try {
        if (!emailNames.includes(template)) throw new Error(`unknown email template "${email.template}"`);
        const data = await emailDataFromFacts({ models: m, config: ctx.config }, template, lang, email.data ?? {});
        rendered = deps.renderer.render(template, lang, data);
      } catch (e) {
        // Bad stored data renders the same way every time: park it for a person instead of retrying.
        await m.Email.update({ status: 'failed', error: `render: ${short(e)}`, attempts: email.attempts + 1 }, { where: { id: email.id } });
        throw new PermanentFailure(`email ${email.id}: ${short(e)}`);
      }

      const unsolicited = (unsolicitedTemplates as readonly string[]).includes(template);
      if (unsolicited && (await isOptedOut(m, email.toAddress))) {
        // The address opted out after this email was queued: it is not sent, and staff can see why.
        await m.Email.update({ status: 'failed', error: 'Destinatario disiscritto dagli inviti: non inviata', attempts: email.attempts + 1 }, { where: { id: email.id } });
        return;
      }
      try {
        const { messageId } = await deps.mailer.send({
          to: email.toAddress,
          from: deps.from,
          replyTo: deps.replyTo,
          subject: rendered.subject,
          html: rendered.html,
          text: rendered.text,
          messageId: emailMessageKey(email.id, job, payload.resend),
          headers: unsolicited ? optOutHeaders(ctx.config, email.toAddress) : undefined,
        });
        await m.Email.update(
          { status: 'sent', messageId, subject: rendered.subject.slice(0, 300), sentAt: ctx.clock.now(), error: null, attempts: email.attempts + 1 },
          { where: { id: email.id } },
        );
        ctx.log.info({ emailId: email.id, template, messageId }, 'email sent');
      } catch (e) {
        const permanent = isPermanentMailError(e);
        // Still 'queued' while the worker retries (an outage loses nothing); 'failed' only when nobody will retry.
        await m.Email.update(
          { status: permanent ? 'failed' : 'queued', error: short(e), attempts: email.attempts + 1, subject: rendered.subject.slice(0, 300) },
          { where: { id: email.id } },
        );
        if (permanent) throw new PermanentFailure(`email ${email.id}: ${short(e)}`);
        throw e;
      }
    },
    onGiveUp: emailGivenUp(ctx),
  };
}

/** After the job's last attempt: the email, still queued, is parked as failed for a person to see. */
export function emailGivenUp(ctx: Ctx) {
  return async (payload: SendEmailPayload, error: string) => {
    await ctx.db.models.Email.update({ status: 'failed', error: error.slice(0, 1000) }, { where: { id: payload.emailId, status: 'queued' } });
  };
}
