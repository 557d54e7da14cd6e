/** `/start <code>`: link a Telegram user (and chat) to the partner that the one-time code belongs to. */
import { z } from 'zod';
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { hashToken } from '../shared/tokens.js';
import { normaliseLinkCode } from './issue-link-code.js';
import type { Partner, PartnerUser } from '../db/models.js';

const schema = z.object({
  code: z.string().min(1).max(64),
  telegramUserId: z.union([z.string(), z.number()]).transform(String),
  chatId: z.union([z.string(), z.number()]).transform(String),
  displayName: z.string().max(200).default(''),
  language: z.enum(['it', 'en']).default('it'),
});

export function linkTelegramUser(ctx: Ctx) {
  const m = ctx.db.models;
  return async (raw: z.input<typeof schema>): Promise<{ partnerUser: PartnerUser; partner: Partner }> => {
    const input = parseInput(schema, raw);
    const codeHash = hashToken(normaliseLinkCode(input.code));
    return ctx.db.tx(async (t) => {
      const now = ctx.clock.now();
      const code = await m.LinkCode.findOne({ where: { codeHash }, transaction: t });
      if (!code) throw new DomainError('not_found', 'Codice di collegamento non valido');
      if (code.usedAt) throw new DomainError('already_used', 'Questo codice è già stato usato');
      if (code.expiresAt <= now) throw new DomainError('expired', 'Questo codice è scaduto');
      const existing = await m.PartnerUser.findOne({ where: { telegramUserId: input.telegramUserId }, transaction: t });
      if (existing && existing.active && existing.partnerId !== code.partnerId) {
        throw new DomainError('conflict', 'Questo account Telegram è già collegato a un altro Centro Servizi');
      }
      const [won] = await m.LinkCode.update({ usedAt: now }, { where: { id: code.id, usedAt: null, expiresAt: { [Op.gt]: now } }, transaction: t });
      if (won !== 1) throw new DomainError('already_used', 'Questo codice è già stato usato');
      const label = input.displayName || `telegram:${input.telegramUserId}`;
      let user: PartnerUser;
      if (existing) {
        existing.set({ partnerId: code.partnerId, telegramChatId: input.chatId, displayName: label, role: code.role, active: true, blockedAt: null });
        user = await existing.save({ transaction: t });
      } else {
        user = await m.PartnerUser.create(
          { partnerId: code.partnerId, telegramUserId: input.telegramUserId, telegramChatId: input.chatId, displayName: label, role: code.role, language: input.language, blockedAt: null },
          { transaction: t },
        );
      }
      await m.LinkCode.update({ usedByPartnerUserId: user.id }, { where: { id: code.id }, transaction: t });
      await recordAudit(m, t, { type: 'partner_user', id: user.id, partnerId: code.partnerId, label }, {
        action: 'partner_user.linked', entityType: 'partner', entityId: code.partnerId, after: { partnerUserId: user.id, role: code.role },
      });
      const partner = (await m.Partner.findByPk(code.partnerId, { transaction: t }))!;
      return { partnerUser: user, partner };
    });
  };
}
