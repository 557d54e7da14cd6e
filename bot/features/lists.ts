/** Orders, coupons and companies of the user's partner: paginated, with states; always scoped to the partner. */
import { Composer } from 'telegraf';
import type { BotContext, LinkedContext } from '../context.js';
import { esc, euro } from '../i18n.js';
import { btn, cb, pager, show } from '../ui.js';
import { howToPay, totalsText } from './order-text.js';

const PAGE = 6;
const home = (ctx: BotContext) => [btn(ctx.m.back, cb('m', 'home'))];
const dateOf = (ctx: BotContext, d: Date) => new Date(d).toLocaleDateString(ctx.lang === 'it' ? 'it-IT' : 'en-GB', { timeZone: 'Europe/Rome' });
const heading = (title: string, page: number, pages: number, ctx: BotContext) => `<b>${title}</b>${pages > 1 ? ` — ${ctx.m.page(page, pages)}` : ''}`;

async function showOrders(ctx: LinkedContext, page: number) {
  const list = await ctx.app.useCases.listOrders(ctx.actor.partnerId, { page, pageSize: PAGE });
  if (!list.total) return show(ctx, ctx.m.lists.ordersEmpty, [home(ctx)]);
  const lines = list.items.map((o) => `• <b>${esc(o.number)}</b> ${dateOf(ctx, o.createdAt)} · ${euro(o.grossCents, ctx.lang)} · ${ctx.m.orderStatus[o.status]}`);
  const rows = list.items.map((o) => [btn(`${o.number} · ${ctx.m.orderStatus[o.status]}`, cb('o', o.id))]);
  await show(ctx, `${heading(ctx.m.lists.ordersTitle, list.page, list.pages, ctx)}\n\n${lines.join('\n')}`, [...rows, pager(ctx, list.page, list.pages, (p) => cb('l', 'o', p)), home(ctx)]);
}

async function showOrder(ctx: LinkedContext, orderId: number) {
  // getOrder with the partner: another partner's order is "not found".
  const order = await ctx.app.useCases.getOrder(orderId, ctx.actor.partnerId);
  const lines = (order.lines ?? []).map((l) => ({ description: l.description, quantity: l.quantity, netCents: l.netCents }));
  const head = `${ctx.m.lists.orderTitle(order.number ?? String(order.id))} ${ctx.m.lists.placedOn(order.createdAt)} · ${ctx.m.orderStatus[order.status]}`;
  const pay = howToPay(ctx.m, ctx.lang, ctx.app.config, order);
  await show(ctx, [head, '', totalsText(ctx.m, ctx.lang, lines, order), ...(pay ? ['', pay.text] : [])].join('\n'), [...(pay?.rows ?? []), [btn(ctx.m.back, cb('l', 'o', 1))]]);
}

async function showCoupons(ctx: LinkedContext, page: number) {
  const [list, counts] = await Promise.all([
    ctx.app.useCases.listCoupons(ctx.actor.partnerId, { page, pageSize: 10 }),
    ctx.app.useCases.countAvailableCoupons(ctx.actor.partnerId),
  ]);
  if (!list.total) return show(ctx, ctx.m.lists.couponsEmpty, [[btn(ctx.m.menu.buy, cb('m', 'buy'))], home(ctx)]);
  const lines = list.items.map((c) => `• <code>${esc(c.code)}</code> · ${ctx.m.tier[c.tier]} · ${ctx.m.couponStatus[c.status]}`);
  const text = `${heading(ctx.m.lists.couponsTitle, list.page, list.pages, ctx)}\n${ctx.m.lists.available(counts.lite, counts.ordinary, counts.corporate)}\n\n${lines.join('\n')}`;
  const act = counts.lite + counts.ordinary + counts.corporate > 0 ? [[btn(ctx.m.activateNow, cb('m', 'act'))]] : [];
  await show(ctx, text, [pager(ctx, list.page, list.pages, (p) => cb('l', 'c', p)), ...act, home(ctx)]);
}

async function showCompanies(ctx: LinkedContext, page: number) {
  const list = await ctx.app.useCases.listCompanies(ctx.actor.partnerId, { page, pageSize: PAGE });
  if (!list.total) return show(ctx, ctx.m.lists.companiesEmpty, [home(ctx)]);
  const lines = list.items.map(
    (co) => `• <b>${esc(co.legalName)}</b> · ${ctx.m.tier[co.tier]} · ${ctx.m.companyState[co.provisioningState]} · ${ctx.m.payer[co.payer]} · ${ctx.m.lists.expires(co.subscriptionExpiresAt)}`,
  );
  await show(ctx, `${heading(ctx.m.lists.companiesTitle, list.page, list.pages, ctx)}\n\n${lines.join('\n')}`, [pager(ctx, list.page, list.pages, (p) => cb('l', 'z', p)), home(ctx)]);
}

export function listsComposer() {
  const c = new Composer<BotContext>();
  c.action('m:ord', (ctx) => showOrders(ctx as LinkedContext, 1));
  c.action('m:cpn', (ctx) => showCoupons(ctx as LinkedContext, 1));
  c.action('m:cmp', (ctx) => showCompanies(ctx as LinkedContext, 1));
  c.action(/^l:o:(\d+)$/, (ctx) => showOrders(ctx as LinkedContext, Number(ctx.match[1])));
  c.action(/^l:c:(\d+)$/, (ctx) => showCoupons(ctx as LinkedContext, Number(ctx.match[1])));
  c.action(/^l:z:(\d+)$/, (ctx) => showCompanies(ctx as LinkedContext, Number(ctx.match[1])));
  c.action(/^o:(\d+)$/, (ctx) => showOrder(ctx as LinkedContext, Number(ctx.match[1])));
  return c;
}
