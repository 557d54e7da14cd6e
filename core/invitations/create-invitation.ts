/**
 * A partner invites a client to buy its own company account ("invito all'acquisto differito").
 * The personal link carries 256 random bits and only its hash is stored; the email and a later
 * reminder are queued in the same transaction.
 */
import { z } from 'zod';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueEmail } from '../outbox/queue-email.js';
import { enqueueJob } from '../outbox/enqueue-job.js';
import { addDays } from '../shared/clock.js';
import { hashToken, randomToken } from '../shared/tokens.js';
import { tiers } from '../shared/types.js';
import type { Invitation } from '../db/models.js';
import { invitationEmailData } from './invitation-email-data.js';
import { assertMayInvite } from '../emails/opt-out.js';

const schema = z.object({
  partnerId: z.number().int().positive(),
  clientName: z.string().trim().min(2, 'Il nome del cliente è troppo corto').max(200, 'Il nome del cliente è troppo lungo'),
  clientEmail: z.string().trim().toLowerCase().email('Indirizzo email non valido').max(254),
  tier: z.enum(tiers),
  language: z.enum(['it', 'en']).default('it'),
});
export type CreateInvitationInput = z.input<typeof schema>;

export const invitationLink = (baseUrl: string, token: string) => `${baseUrl.replace(/\/$/, '')}/invito/${token}`;

export function createInvitation(ctx: Ctx) {
  const m = ctx.db.models;
  return async function execute(raw: CreateInvitationInput, actor: Actor): Promise<{ invitation: Invitation; token: string; link: string }> {
    const input = parseInput(schema, raw);
    if (actor.type === 'partner_user' && actor.partnerId !== input.partnerId) throw new DomainError('forbidden', 'Operazione non consentita');
    const token = randomToken(32);
    const link = invitationLink(ctx.config.PUBLIC_BASE_URL, token);
    const invitation = await ctx.db.tx(async (t) => {
      const partner = await m.Partner.findByPk(input.partnerId, { transaction: t });
      if (!partner || !partner.active) throw new DomainError('not_found', 'Centro Servizi non trovato');
      await assertMayInvite(m, input.clientEmail, t);
      const now = ctx.clock.now();
      const inv = await m.Invitation.create(
        {
          partnerId: partner.id,
          createdByPartnerUserId: actor.type === 'partner_user' ? actor.id : null,
          clientName: input.clientName,
          clientEmail: input.clientEmail,
          tier: input.tier,
          language: input.language,
          tokenHash: hashToken(token),
          status: 'sent',
          expiresAt: addDays(now, ctx.config.INVITATION_TTL_DAYS),
          openedAt: null,
          purchasedAt: null,
          cancelledAt: null,
          reminderSentAt: null,
          orderId: null,
        },
        { transaction: t },
      );
      await recordAudit(m, t, actor, { action: 'invitation.sent', entityType: 'invitation', entityId: inv.id, after: { tier: inv.tier, clientEmail: inv.clientEmail } });
      await queueEmail(m, t, {
        template: 'invitation',
        language: inv.language,
        to: inv.clientEmail,
        data: invitationEmailData(inv, partner, link),
        entity: { type: 'invitation', id: inv.id },
      });
      if (ctx.config.INVITATION_REMINDER_DAYS > 0 && ctx.config.INVITATION_REMINDER_DAYS < ctx.config.INVITATION_TTL_DAYS) {
        // The link is not stored, so the reminder job carries it; the job row is as private as the email row.
        await enqueueJob(m, t, 'invitation_reminder', { invitationId: inv.id, link }, {
          runAt: addDays(now, ctx.config.INVITATION_REMINDER_DAYS),
          dedupKey: `invitation-reminder-${inv.id}-${inv.tokenHash.slice(0, 8)}`,
        });
      }
      return inv;
    });
    return { invitation, token, link };
  };
}
