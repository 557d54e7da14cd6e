/** The active partner user behind a Telegram account, with its partner's name; null when unlinked or the partner is inactive. */
import type { Ctx } from '../shared/context.js';
import type { PartnerUser } from '../db/models.js';

export function findPartnerUserByTelegram(ctx: Ctx) {
  const m = ctx.db.models;
  return async (telegramUserId: string | number): Promise<{ user: PartnerUser; partnerName: string } | null> => {
    const user = await m.PartnerUser.findOne({ where: { telegramUserId: String(telegramUserId), active: true }, include: [{ model: m.Partner, as: 'partner', attributes: ['legalName', 'active'] }] });
    const partner = (user as any)?.partner as { legalName: string; active: boolean } | undefined;
    if (!user || !partner?.active) return null;
    return { user, partnerName: partner.legalName };
  };
}
