/**
 * Emails as the composition root wires them: `buildEmails` (called by createApp only) builds the
 * `send_email` job handler with the renderer and the mailer, each made once and on first need — the
 * renderer compiles every MJML template, the SMTP mailer opens a pool — so a process that never
 * sends (a web role) pays nothing.
 * `ready()` compiles the templates now: `main.ts` awaits it so a broken template stops the start
 * instead of a customer's email. `close()` closes the mailer if one was made (the SMTP pool holds sockets).
 */
import type { AppConfig } from '../config.js';
import type { Ctx } from '../shared/context.js';
import { createSmtpMailer } from '../adapters/smtp/smtp-mailer.js';
import { createFileMailer } from '../adapters/file-outbox/file-mailer.js';
import type { JobHandler } from '../worker/worker.js';
import type { Mailer } from './mailer.js';
import { createEmailRenderer, type EmailRenderer } from './renderer.js';
import { emailGivenUp, sendEmailJob } from './send-email-job.js';

/** SMTP_URL → pooled nodemailer; otherwise one .eml per email under config.outboxDir. */
function mailerFromConfig(config: AppConfig): Mailer {
  if (config.SMTP_URL) return createSmtpMailer({ url: config.SMTP_URL, maxConnections: config.SMTP_MAX_CONNECTIONS });
  return createFileMailer({ dir: config.outboxDir });
}

function rendererFromConfig(config: AppConfig): Promise<EmailRenderer> {
  return createEmailRenderer({
    baseUrl: config.PUBLIC_BASE_URL,
    vendor: { name: config.VENDOR_NAME, address: config.VENDOR_ADDRESS, vatNumber: config.VENDOR_VAT, supportEmail: config.SUPPORT_EMAIL, privacyPolicyUrl: config.privacyPolicyUrl },
  });
}

export interface EmailsOptions {
  mailer?: Mailer;
  renderer?: EmailRenderer;
}

export interface Emails {
  /** The `send_email` job handler (wired by createApp). */
  handler: JobHandler;
  /** Compiles every template now; rejects naming the broken one. */
  ready(): Promise<void>;
  renderer(): Promise<EmailRenderer>;
  mailer(): Mailer;
  close(): Promise<void>;
}

export function buildEmails(ctx: Ctx, opts: EmailsOptions = {}): Emails {
  const { config } = ctx;
  // A rejected compilation stays rejected: templates are part of the deployment, retrying cannot fix them.
  let renderer: Promise<EmailRenderer> | undefined = opts.renderer ? Promise.resolve(opts.renderer) : undefined;
  let mailer: Mailer | undefined = opts.mailer;
  let handler: JobHandler | undefined;
  const emails: Emails = {
    renderer: () => (renderer ??= rendererFromConfig(config)),
    mailer: () => (mailer ??= mailerFromConfig(config)),
    async ready() {
      await emails.renderer();
    },
    handler: {
      async run(payload, job) {
        handler ??= sendEmailJob(ctx, { renderer: await emails.renderer(), mailer: emails.mailer(), from: config.MAIL_FROM, replyTo: config.SUPPORT_EMAIL });
        return handler.run(payload, job);
      },
      onGiveUp: emailGivenUp(ctx),
    },
    async close() {
      const m = mailer;
      mailer = undefined;
      handler = undefined;
      await m?.close();
    },
  };
  return emails;
}
