/**
 * A client opens the emailed link. The first opening moves the invitation to `opened` and tells the
 * partner; a cancelled, expired or used link is refused with the reason, so the page can explain it.
 */
import type { Ctx } from '../shared/context.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueNotification } from '../notifications/queue-notification.js';
import { hashToken } from '../shared/tokens.js';
import type { Invitation, Partner } from '../db/models.js';

export function findInvitationByToken(ctx: Ctx) {
  const m = ctx.db.models;
  return async (token: unknown): Promise<{ invitation: Invitation; partner: Partner }> => {
    if (typeof token !== 'string' || token.length < 20 || token.length > 100) throw new DomainError('not_found', 'Invito non trovato');
    const invitation = await m.Invitation.findOne({ where: { tokenHash: hashToken(token) } });
    if (!invitation) throw new DomainError('not_found', 'Invito non trovato');
    const partner = (await m.Partner.findByPk(invitation.partnerId))!;
    return { invitation, partner };
  };
}

export function openInvitation(ctx: Ctx) {
  const m = ctx.db.models;
  const find = findInvitationByToken(ctx);
  return async function execute(token: unknown): Promise<{ invitation: Invitation; partner: Partner }> {
    const { invitation, partner } = await find(token);
    const details = { partnerName: partner.legalName, partnerEmail: partner.billingEmail };
    if (invitation.status === 'cancelled') throw new DomainError('conflict', 'Questo invito è stato annullato', details);
    // the order it bought: the page offers its status page as the way forward
    if (invitation.status === 'purchased') throw new DomainError('already_used', 'Questo invito è già stato usato', { ...details, orderId: invitation.orderId });
    const now = ctx.clock.now();
    if (invitation.status === 'expired' || invitation.expiresAt <= now) {
      if (invitation.status !== 'expired') {
        await ctx.db.tx(async (t) => {
          const [won] = await m.Invitation.update({ status: 'expired' }, { where: { id: invitation.id, status: ['sent', 'opened'] }, transaction: t });
          if (won) await recordAudit(m, t, { type: 'system', label: 'scadenza inviti' }, { action: 'invitation.expired', entityType: 'invitation', entityId: invitation.id, before: { status: invitation.status }, after: { status: 'expired' } });
        });
      }
      throw new DomainError('expired', 'Questo invito è scaduto', details);
    }
    if (invitation.status === 'sent') {
      await ctx.db.tx(async (t) => {
        const [won] = await m.Invitation.update({ status: 'opened', openedAt: now }, { where: { id: invitation.id, status: 'sent' }, transaction: t });
        if (!won) return;
        await recordAudit(m, t, { type: 'client', label: invitation.clientEmail }, { action: 'invitation.opened', entityType: 'invitation', entityId: invitation.id, before: { status: 'sent' }, after: { status: 'opened' } });
        await queueNotification(m, t, invitation.partnerId, 'invitation_opened', { invitationId: invitation.id, clientName: invitation.clientName });
      });
      await invitation.reload();
    }
    return { invitation, partner };
  };
}
