/**
 * Wires emails into an app: builds the renderer (compiling every MJML template once, so a broken
 * template fails the boot) and the mailer ONCE, and registers the `send_email` job handler.
 * Call it before `app.createWorker()`; call `close()` at shutdown (the SMTP pool holds sockets).
 */
import type { App } from '../app.js';
import type { AppConfig } from '../config.js';
import { createSmtpMailer } from '../adapters/smtp/smtp-mailer.js';
import { createFileMailer } from '../adapters/file-outbox/file-mailer.js';
import type { Mailer } from './mailer.js';
import { createEmailRenderer, type EmailRenderer } from './renderer.js';
import { sendEmailJob } from './send-email-job.js';

/** SMTP_URL → pooled nodemailer; otherwise one .eml per email under config.outboxDir. */
export function mailerFromConfig(config: AppConfig): Mailer {
  if (config.SMTP_URL) return createSmtpMailer({ url: config.SMTP_URL, maxConnections: config.SMTP_MAX_CONNECTIONS });
  return createFileMailer({ dir: config.outboxDir });
}

export function rendererFromConfig(config: AppConfig): Promise<EmailRenderer> {
  return createEmailRenderer({
    baseUrl: config.PUBLIC_BASE_URL,
    vendor: { name: config.VENDOR_NAME, address: config.VENDOR_ADDRESS, vatNumber: config.VENDOR_VAT, supportEmail: config.SUPPORT_EMAIL },
  });
}

export interface InstalledEmails {
  renderer: EmailRenderer;
  mailer: Mailer;
  close(): Promise<void>;
}

export async function installEmails(app: App, opts: { mailer?: Mailer; renderer?: EmailRenderer } = {}): Promise<InstalledEmails> {
  const renderer = opts.renderer ?? (await rendererFromConfig(app.config));
  const mailer = opts.mailer ?? mailerFromConfig(app.config);
  app.registerJobHandler('send_email', sendEmailJob(app.ctx, { renderer, mailer, from: app.config.MAIL_FROM, replyTo: app.config.SUPPORT_EMAIL }));
  return { renderer, mailer, close: () => mailer.close() };
}
