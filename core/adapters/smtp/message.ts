/**
 * OutgoingEmail → nodemailer message options. Shared by the SMTP adapter and the file outbox so the outbox
 * holds the message SMTP would have carried, with the same Message-ID and headers.
 */
import { toMessageIdHeader, type OutgoingEmail } from '../../emails/mailer.js';

export function toNodemailerMessage(m: OutgoingEmail) {
  const id = m.messageId ? toMessageIdHeader(m.messageId, m.from) : undefined;
  return {
    from: m.from,
    to: m.to,
    replyTo: m.replyTo,
    subject: m.subject,
    html: m.html,
    text: m.text,
    messageId: id,
    headers: m.messageId || m.headers ? { ...m.headers, ...(m.messageId ? { 'X-Sportello-Email-Id': m.messageId } : {}) } : undefined,
  };
}

