/** The `invitation_reminder` job: one reminder if the client has not bought yet and the link still works. */
import { isOptedOut } from '../emails/opt-out.js';
import type { Ctx } from '../shared/context.js';
import { queueEmail } from '../outbox/queue-email.js';
import { invitationEmailData } from './invitation-email-data.js';

export function sendInvitationReminder(ctx: Ctx) {
  const m = ctx.db.models;
  return async (payload: { invitationId: number; link: string }) => {
    await ctx.db.tx(async (t) => {
      const inv = await m.Invitation.findByPk(payload.invitationId, { transaction: t });
      if (!inv || !['sent', 'opened'].includes(inv.status) || inv.reminderSentAt || inv.expiresAt <= ctx.clock.now()) return;
      if (await isOptedOut(m, inv.clientEmail, t)) return; // asked for no more invitations since
      const [won] = await m.Invitation.update({ reminderSentAt: ctx.clock.now() }, { where: { id: inv.id, reminderSentAt: null }, transaction: t });
      if (!won) return;
      const partner = (await m.Partner.findByPk(inv.partnerId, { transaction: t }))!;
      await queueEmail(m, t, { template: 'invitation_reminder', language: inv.language, to: inv.clientEmail, data: invitationEmailData(inv, partner, payload.link), entity: { type: 'invitation', id: inv.id } });
    });
  };
}
