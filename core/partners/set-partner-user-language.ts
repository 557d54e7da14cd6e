/** A partner user chooses the language of the bot and of its notifications (`/lingua`). */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import type { Lang } from '../shared/types.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';

export function setPartnerUserLanguage(ctx: Ctx) {
  const m = ctx.db.models;
  return async (partnerUserId: number, language: Lang, actor: Actor) => {
    if (language !== 'it' && language !== 'en') throw new DomainError('validation', 'Lingua non supportata', { fields: { language: 'it|en' } });
    if (actor.type === 'partner_user' && actor.id !== partnerUserId) throw new DomainError('forbidden', 'Operazione non consentita');
    await ctx.db.tx(async (t) => {
      const user = await m.PartnerUser.findByPk(partnerUserId, { transaction: t });
      if (!user) throw new DomainError('not_found', 'Utente non trovato');
      if (user.language === language) return;
      await m.PartnerUser.update({ language }, { where: { id: user.id }, transaction: t });
      await recordAudit(m, t, actor, { action: 'partner_user.language_set', entityType: 'partner_user', entityId: user.id, before: { language: user.language }, after: { language } });
    });
  };
}
