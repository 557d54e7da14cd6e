/**
 * The Mailer port: how the outbox worker hands a rendered email to the outside world.
 * Adapters: core/adapters/smtp (real SMTP, pooled) and core/adapters/file-outbox (.eml files,
 * the default when SMTP_URL is unset).
 */

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  from: string;
  replyTo?: string;
  /**
   * Our own stable id (e.g. the outbox row id), to make resends recognisable: it becomes the
   * Message-ID `<id@from-domain>` and an `X-Sportello-Email-Id` header, identical on every retry.
   */
  messageId?: string;
  /** extra headers (List-Unsubscribe, Auto-Submitted on unsolicited emails) */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(m: OutgoingEmail): Promise<{ messageId: string }>;
  close(): Promise<void>;
}

/**
 * What a send failure means for the caller's retry logic. `permanent` (an SMTP 5xx, bad address,
 * malformed message, rejected credentials): retrying the same email will fail the same way, so
 * park it for a human. Otherwise (4xx, connection refused/reset, timeout): retry with backoff.
 */
export class MailSendError extends Error {
  readonly permanent: boolean;
  readonly responseCode?: number;
  readonly code?: string;

  constructor(message: string, opts: { permanent: boolean; responseCode?: number; code?: string; cause?: unknown }) {
    super(message, { cause: opts.cause });
    this.name = 'MailSendError';
    this.permanent = opts.permanent;
    this.responseCode = opts.responseCode;
    this.code = opts.code;
  }
}

export const isPermanentMailError = (e: unknown): boolean => e instanceof MailSendError && e.permanent;

/** `<id@domain>` from our id and the sender's domain; an id already in `<a@b>` form is kept. */
export function toMessageIdHeader(id: string, from: string): string {
  if (/^<[^<>\s]+@[^<>\s]+>$/.test(id)) return id;
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'sportello.localhost';
  const local = id.replace(/[^A-Za-z0-9._-]/g, '-');
  return `<${local}@${domain}>`;
}
