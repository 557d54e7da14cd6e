/**
 * Invitations and reminders go to people who did not ask for them: each carries List-Unsubscribe
 * (mailto and a one-click link, RFC 2369 / RFC 8058) and Auto-Submitted (RFC 3834). An address that
 * opted out gets no more invitations from any partner; the partner who tries is told why.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { AppConfig } from '../config.js';
import { z } from 'zod';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { parseInput } from '../shared/input.js';
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

const staffOptOut = z.object({
  email: z.string().trim().toLowerCase().email('Indirizzo email non valido').max(191),
  note: z.string().trim().min(3, 'Scrivi come è arrivata la richiesta').max(300),
});

/**
 * Staff record an objection received another way (a phone call, a letter, an email to support): the
 * address gets no more invitations, as if its owner had used the link. Once per address, audited.
 */
export function recordOptOutByStaff(ctx: Ctx) {
  return async (raw: z.input<typeof staffOptOut>, actor: Actor): Promise<{ id: number; already: boolean }> => {
    const input = parseInput(staffOptOut, raw);
    return ctx.db.tx(async (t) => {
      const m = ctx.db.models;
      const known = await m.EmailOptOut.findOne({ where: { email: input.email }, transaction: t });
      if (known) return { id: known.id, already: true };
      const row = await m.EmailOptOut.create({ email: input.email, source: 'staff' }, { transaction: t });
      await recordAudit(m, t, actor, { action: 'email.opted_out', entityType: 'email_address', entityId: input.email.slice(0, 64), after: { source: 'staff', note: input.note } });
      return { id: row.id, already: false };
    });
  };
}

const withdraw = z.object({
  id: z.number().int().positive(),
  note: z.string().trim().min(3, 'Scrivi come la persona ha chiesto di ricevere di nuovo gli inviti').max(300),
});

/**
 * The person asked to receive invitations again (in writing, to support): the opt-out is removed and
 * partners may invite the address again. Audited with the address and the reason.
 */
export function withdrawOptOut(ctx: Ctx) {
  return async (raw: z.input<typeof withdraw>, actor: Actor): Promise<{ alreadyDone: boolean }> => {
    const input = parseInput(withdraw, raw);
    return ctx.db.tx(async (t) => {
      const m = ctx.db.models;
      const row = await m.EmailOptOut.findByPk(input.id, { transaction: t });
      if (!row) return { alreadyDone: true };
      await m.EmailOptOut.destroy({ where: { id: row.id }, transaction: t });
      await recordAudit(m, t, actor, {
        action: 'email.opt_out_withdrawn', entityType: 'email_address', entityId: row.email.slice(0, 64),
        before: { source: row.source, since: row.createdAt }, after: { note: input.note },
      });
      return { alreadyDone: false };
    });
  };
}
