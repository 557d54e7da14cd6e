/** The main menu, `/menu`, `/annulla` (leaves any flow at any step) and help. */
import { Composer } from 'telegraf';
import type { BotContext } from '../context.js';
import { btn, cb, show, toast } from '../ui.js';

export function menuRows(ctx: BotContext) {
  const t = ctx.m.menu;
  return [
    [btn(t.buy, cb('m', 'buy')), btn(t.buyOther, cb('m', 'other'))],
    [btn(t.activate, cb('m', 'act'))],
    [btn(t.coupons, cb('m', 'cpn')), btn(t.orders, cb('m', 'ord'))],
    [btn(t.invite, cb('m', 'inv')), btn(t.companies, cb('m', 'cmp'))],
    [btn(t.expiring, cb('m', 'exp')), btn(ctx.m.invoices.menu, cb('m', 'fat'))],
    [btn(t.help, cb('m', 'help'))],
  ];
}

export const showMenu = (ctx: BotContext, text = ctx.m.menu.title, fresh = false) => show(ctx, text, menuRows(ctx), { fresh });

export function menuComposer() {
  const c = new Composer<BotContext>();
  c.command('menu', async (ctx) => {
    ctx.session.flow = undefined;
    await showMenu(ctx);
  });
  c.command(['annulla', 'cancel'], async (ctx) => {
    const had = Boolean(ctx.session.flow);
    ctx.session.flow = undefined;
    await showMenu(ctx, `${had ? ctx.m.cancelled : ctx.m.nothingToCancel}\n\n${ctx.m.menu.title}`);
  });
  c.command(['aiuto', 'help'], (ctx) => show(ctx, ctx.m.help, [[btn(ctx.m.back, cb('m', 'home'))]]));
  c.action('m:home', async (ctx) => {
    await toast(ctx);
    await showMenu(ctx);
  });
  c.action('m:help', (ctx) => show(ctx, ctx.m.help, [[btn(ctx.m.back, cb('m', 'home'))]]));
  // The ✖️ button of every flow.
  c.action(/^x:/, async (ctx) => {
    ctx.session.flow = undefined;
    await toast(ctx, ctx.m.cancelled);
    await showMenu(ctx, `${ctx.m.cancelled}\n\n${ctx.m.menu.title}`);
  });
  return c;
}

/** Last: free text where a button was expected gets a hint, never silence; unknown buttons are answered. */
export function fallbackComposer() {
  const c = new Composer<BotContext>();
  c.on('callback_query', async (ctx) => {
    await toast(ctx, ctx.m.staleButton);
  });
  c.on('message', async (ctx) => {
    if (ctx.session.flow) await ctx.reply(ctx.m.hintButtons);
    else await showMenu(ctx, `${ctx.m.hintIdle}\n\n${ctx.m.menu.title}`, true);
  });
  return c;
}
