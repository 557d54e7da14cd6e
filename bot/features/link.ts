/**
 * Linking a chat to a partner (`/start <code>`, the t.me deep link), the language choice, and the gate:
 * past this composer only linked users go on; an unlinked chat sees the welcome and nothing else.
 */
import { Composer } from 'telegraf';
import { isDomainError } from '../../core/errors.js';
import type { BotContext } from '../context.js';
import { languageOf, messages } from '../i18n.js';
import { btn, cb, show, toast } from '../ui.js';
import { showMenu } from './menu.js';

export function linkComposer() {
  const c = new Composer<BotContext>();

  c.start(async (ctx) => {
    const code = ctx.payload.trim();
    if (!code) {
      if (ctx.actor) return showMenu(ctx, `${ctx.m.linked(ctx.partnerUser!.displayName, ctx.partnerName!)}\n\n${ctx.m.menu.title}`);
      return ctx.reply(ctx.m.welcomeUnlinked, { parse_mode: 'HTML' });
    }
    try {
      const from = ctx.from;
      const name = [from.first_name, from.last_name].filter(Boolean).join(' ') || from.username || '';
      const { partnerUser, partner } = await ctx.app.useCases.linkTelegramUser({
        code, telegramUserId: from.id, chatId: ctx.chat.id, displayName: name, language: ctx.session.lang ?? languageOf(from.language_code),
      });
      ctx.session.flow = undefined;
      ctx.actor = { type: 'partner_user', id: partnerUser.id, partnerId: partner.id, label: partnerUser.displayName };
      ctx.partnerUser = partnerUser;
      ctx.partnerName = partner.legalName;
      await showMenu(ctx, `${ctx.m.linked(partnerUser.displayName, partner.legalName)}\n\n${ctx.m.menu.title}`);
    } catch (e) {
      const text = isDomainError(e) ? ctx.m.linkErrors[e.code] : undefined;
      if (!text) throw e;
      await ctx.reply(text, { parse_mode: 'HTML' });
    }
  });

  c.command(['lingua', 'language'], (ctx) =>
    show(ctx, ctx.m.chooseLanguage, [[btn('🇮🇹 Italiano', cb('lang', 'it')), btn('🇬🇧 English', cb('lang', 'en'))]]),
  );
  c.action(/^lang:(it|en)$/, async (ctx) => {
    const lang = ctx.match[1] as 'it' | 'en';
    ctx.session.lang = lang;
    ctx.lang = lang;
    ctx.m = messages[lang];
    if (ctx.actor) await ctx.app.useCases.setPartnerUserLanguage(ctx.actor.id, lang, ctx.actor);
    await toast(ctx, ctx.m.languageChosen);
    if (ctx.actor) await showMenu(ctx, `${ctx.m.languageChosen}\n\n${ctx.m.menu.title}`);
    else await show(ctx, `${ctx.m.languageChosen}\n\n${ctx.m.welcomeUnlinked}`);
  });

  // The gate: nothing below reads or changes anything for an unlinked chat.
  c.use(async (ctx, next) => {
    if (ctx.actor) return next();
    ctx.session.flow = undefined;
    await toast(ctx, ctx.m.staleButton);
    await ctx.reply(ctx.m.welcomeUnlinked, { parse_mode: 'HTML' });
  });
  return c;
}
