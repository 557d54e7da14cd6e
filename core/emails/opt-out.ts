/**
 * Invitations and reminders go to people who did not ask for them: each carries List-Unsubscribe
 * (mailto and a one-click link, RFC 2369 / RFC 8058) and Auto-Submitted (RFC 3834). An address that
 * opted out gets no more invitations from any partner; the partner who tries is told why.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { AppConfig } from '../config.js';
import type { Ctx } from '../shared/context.js';
import type { Models } from '../db/models.js';
import type { OptOutSource } from '../db/email-opt-out-model.js';
import { recordAudit } from '../audit/record-audit.js';
import { systemActor } from '../shared/actor.js';
import { DomainError } from '../errors.js';

/** The emails that people receive without having asked: they carry the opt-out headers. */
export const unsolicitedTemplates = ['invitation', 'invitation_reminder'] as const;

const normal = (email: string) => email.trim().toLowerCase();
const mac = (secret: string, email: string) => createHmac('sha256', secret).update(`opt-out:${email}`).digest('base64url').slice(0, 32);

/** `<address in base64url>.<mac>`: the link works without storing anything and names only its own address. */
export function optOutToken(config: AppConfig, email: string): string {
  const e = normal(email);
  return `${Buffer.from(e, 'utf8').toString('base64url')}.${mac(config.appSecret, e)}`;
}

export function emailFromOptOutToken(config: AppConfig, token: unknown): string | null {
  if (typeof token !== 'string' || token.length > 600) return null;
  const [b64, m] = token.split('.');
  if (!b64 || !m) return null;
  const email = Buffer.from(b64, 'base64url').toString('utf8');
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email !== normal(email)) return null;
  const a = Buffer.from(m);
  const b = Buffer.from(mac(config.appSecret, email));
  return a.length === b.length && timingSafeEqual(a, b) ? email : null;
}

export const optOutLink = (config: AppConfig, email: string) => `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/disiscrizione/${optOutToken(config, email)}`;

/** The headers of an unsolicited email to `to`. */
export function optOutHeaders(config: AppConfig, to: string): Record<string, string> {
  const subject = encodeURIComponent(`Disiscrizione ${normal(to)}`);
  return {
    'List-Unsubscribe': `<mailto:${config.SUPPORT_EMAIL}?subject=${subject}>, <${optOutLink(config, to)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'Auto-Submitted': 'auto-generated',
  };
}

export async function isOptedOut(m: Models, email: string, t?: Transaction): Promise<boolean> {
  return (await m.EmailOptOut.count({ where: { email: normal(email) }, transaction: t })) > 0;
}

/** Refuses an invitation to an address that opted out, with the words the partner reads. */
export async function assertMayInvite(m: Models, email: string, t?: Transaction): Promise<void> {
  if (await isOptedOut(m, email, t))
    throw new DomainError('validation', 'Indirizzo disiscritto dagli inviti', {
      fields: {
        clientEmail: {
          it: `${email} ha chiesto di non ricevere più inviti: l’invito non è stato inviato. Contatta il cliente in altro modo.`,
          en: `${email} asked to receive no more invitations: the invitation was not sent. Contact the client another way.`,
        },
      },
    });
}

/** Records an opt-out (once per address; repeating it changes nothing), audited. */
export function optOutEmail(ctx: Ctx) {
  return async (raw: { token: string; source: OptOutSource }): Promise<{ email: string; already: boolean }> => {
    const email = emailFromOptOutToken(ctx.config, raw.token);
    if (!email) throw new DomainError('not_found', 'Link di disiscrizione non valido');
    return ctx.db.tx(async (t) => {
      if (await isOptedOut(ctx.db.models, email, t)) return { email, already: true };
      await ctx.db.models.EmailOptOut.create({ email, source: raw.source }, { transaction: t });
      await recordAudit(ctx.db.models, t, systemActor('opt-out'), { action: 'email.opted_out', entityType: 'email_address', entityId: email.slice(0, 64), after: { source: raw.source } });
      return { email, already: false };
    });
  };
}
