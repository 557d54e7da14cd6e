/**
 * Staff issue a one-time, expiring code that links a Telegram chat to a partner. The plain code is
 * returned once (to show, or to put in the t.me deep link); only its hash is kept.
 */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { addHours } from '../shared/clock.js';
import { hashToken, randomCode } from '../shared/tokens.js';

export function issueLinkCode(ctx: Ctx) {
  const m = ctx.db.models;
  return async (input: { partnerId: number; role?: 'owner' | 'operator' }, actor: Actor) => {
    // 14 Crockford characters ≈ 70 bits; fits Telegram's start parameter ([A-Za-z0-9_-], ≤ 64).
    const code = randomCode(14);
    const expiresAt = addHours(ctx.clock.now(), ctx.config.LINK_CODE_TTL_HOURS);
    await ctx.db.tx(async (t) => {
      const partner = await m.Partner.findByPk(input.partnerId, { transaction: t });
      if (!partner || !partner.active) throw new DomainError('not_found', 'Centro Servizi non trovato');
      const row = await m.LinkCode.create(
        { partnerId: partner.id, codeHash: hashToken(code), role: input.role ?? 'operator', expiresAt, usedAt: null, usedByPartnerUserId: null, createdBy: actor.label },
        { transaction: t },
      );
      await recordAudit(m, t, actor, { action: 'link_code.issued', entityType: 'partner', entityId: partner.id, after: { linkCodeId: row.id, expiresAt: expiresAt.toISOString() } });
    });
    return { code, expiresAt, deepLink: `https://t.me/${ctx.config.TELEGRAM_BOT_USERNAME}?start=${code}` };
  };
}

/** People retype codes: accept lower case, spaces and dashes, and the usual O/0, I/L/1 confusions. */
export function normaliseLinkCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}
