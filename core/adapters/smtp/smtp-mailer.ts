/**
 * Mailer over real SMTP (nodemailer, pooled). Failures are rethrown as MailSendError so the
 * outbox worker's retry logic can tell "try again later" from "this will never go through".
 */
import nodemailer from 'nodemailer';
import { MailSendError, type Mailer } from '../../emails/mailer.js';
import { toNodemailerMessage } from './message.js';
import { noDelaySocket } from './no-delay-socket.js';

export interface SmtpMailerOptions {
  /** e.g. smtp://user:pass@127.0.0.1:2525, or smtps://… for implicit TLS on 465. */
  url: string;
  /** Parallel SMTP connections kept open (config SMTP_MAX_CONNECTIONS). */
  maxConnections?: number;
  /** Messages per connection before it is recycled (some providers cap it). */
  maxMessages?: number;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/** Connection-level failures: the server was not reached or dropped us; nothing was accepted. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'ECONNRESET', 'ECONNREFUSED']);
/** Our side is wrong (no recipient, bad message, rejected credentials): retrying won't help. */
const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EAUTH']);

export function classifySmtpError(e: unknown): MailSendError {
  const err = e as Error & { responseCode?: number; code?: string; response?: string };
  const responseCode = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  let permanent: boolean;
  if (responseCode !== undefined && responseCode >= 500 && responseCode < 600) permanent = true;
  else if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) permanent = false;
  else if (err.code && TRANSIENT_CODES.has(err.code)) permanent = false;
  else permanent = Boolean(err.code && PERMANENT_CODES.has(err.code));
  const kind = permanent ? 'permanent' : 'transient';
  return new MailSendError(`SMTP send failed (${kind}): ${err.message}`, { permanent, responseCode, code: err.code, cause: e });
}

export function createSmtpMailer(opts: SmtpMailerOptions): Mailer {
  const url = new URL(opts.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`SMTP_URL must be smtp:// or smtps://, got ${url.protocol}`);
  const connectionTimeout = opts.connectionTimeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    pool: true,
    getSocket: noDelaySocket(connectionTimeout),
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    maxConnections: opts.maxConnections ?? 5,
    maxMessages: opts.maxMessages ?? 100,
    // A message whose connection drops is failed back to the outbox (which retries it) rather than
    // re-queued inside nodemailer, where it could outlive the worker's lease and be sent twice.
    ...({ maxRequeues: 0 } as object), // supported by nodemailer 6.10's pool, missing from its typings
    // nodemailer's defaults (2 min connect, 10 min socket) would stall a worker for minutes on a
    // dead server; these fail fast and let the outbox retry with backoff.
    connectionTimeout,
    greetingTimeout: opts.greetingTimeoutMs ?? 10_000,
    socketTimeout: opts.socketTimeoutMs ?? 60_000,
  });
  return {
    async send(m) {
      try {
        const info = await transport.sendMail(toNodemailerMessage(m));
        return { messageId: info.messageId };
      } catch (e) {
        throw classifySmtpError(e);
      }
    },
    async close() {
      transport.close();
    },
  };
}
