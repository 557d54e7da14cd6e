/** The partner (or staff) withdraws an invitation that has not been used. */
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';

export function cancelInvitation(ctx: Ctx) {
  const m = ctx.db.models;
  return async (invitationId: number, actor: Actor) =>
    ctx.db.tx(async (t) => {
      const inv = await m.Invitation.findByPk(invitationId, { transaction: t });
      if (!inv || (actor.type === 'partner_user' && inv.partnerId !== actor.partnerId)) throw new DomainError('not_found', 'Invito non trovato');
      if (inv.status === 'cancelled') return inv;
      if (inv.status === 'purchased') throw new DomainError('already_used', 'Il cliente ha già acquistato: l’invito non si può annullare');
      const [won] = await m.Invitation.update(
        { status: 'cancelled', cancelledAt: ctx.clock.now() },
        { where: { id: inv.id, status: { [Op.in]: ['sent', 'opened', 'expired'] } }, transaction: t },
      );
      if (!won) throw new DomainError('conflict', 'L’invito è cambiato nel frattempo');
      await recordAudit(m, t, actor, { action: 'invitation.cancelled', entityType: 'invitation', entityId: inv.id, before: { status: inv.status }, after: { status: 'cancelled' } });
      return (await m.Invitation.findByPk(inv.id, { transaction: t }))!;
    });
}
