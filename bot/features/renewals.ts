/**
 * "⏳ In scadenza": the partner's companies expiring in the next 90 days (and those in grace or
 * suspended), paginated, with totals; one tap renews one company, another all of the partner's own
 * in one order. The pay tap carries a key shown with the summary, so a tap handled twice (a crash
 * between the order and the reply) shows the order placed the first time instead of a second one.
 */
import { randomBytes } from 'node:crypto';
import { Composer } from 'telegraf';
import type { BotContext, LinkedContext } from '../context.js';
import { esc, euro } from '../i18n.js';
import { btn, cb, pager, show } from '../ui.js';
import { howToPay, totalsText } from './order-text.js';

const PAGE = 8;
const backHome = (ctx: BotContext) => [btn(ctx.m.back, cb('m', 'home'))];
const newKey = () => randomBytes(12).toString('base64url');

async function showExpiring(ctx: LinkedContext, page: number) {
  const r = ctx.m.renewals;
  const list = await ctx.app.useCases.listExpiring({ partnerId: ctx.actor.partnerId, days: 90, page, pageSize: PAGE });
  if (!list.total) return show(ctx, r.empty, [backHome(ctx)]);
  const lines = list.items.map((c) => {
    const notes = [
      ctx.m.tier[c.tier],
      r.expires(c.expiresOn),
      r.state[c.state] ?? '',
      c.payer === 'client' ? r.clientPays : '',
      c.awaitingOrderNumber ? r.awaiting(c.awaitingOrderNumber) : '',
    ].filter(Boolean);
    return `• <b>${esc(c.legalName)}</b> · ${notes.join(' · ')}`;
  });
  const renewable = list.items.filter((c) => c.payer === 'partner' && !c.awaitingOrderNumber);
  const rows = renewable.map((c) => [btn(r.renewOne(c.legalName.slice(0, 40)), cb('rn', 'c', c.id))]);
  const all = list.renewable > 1 ? [[btn(r.renewAll(list.renewable), cb('rn', 'all'))]] : [];
  const head = `<b>${r.title}</b>${list.pages > 1 ? ` — ${ctx.m.page(list.page, list.pages)}` : ''}\n${r.totals(list.total, list.renewable, euro(list.renewAllGrossCents, ctx.lang))}`;
  await show(ctx, `${head}\n\n${lines.join('\n')}`, [...rows, ...all, pager(ctx, list.page, list.pages, (p) => cb('rn', 'l', p)), backHome(ctx)]);
}

/** The summary of renewing one company (`target` its id) or all (`all`), with the two ways to pay. */
async function showSummary(ctx: LinkedContext, target: string) {
  const r = ctx.m.renewals;
  const ids = target === 'all' ? await ctx.app.useCases.renewableCompanyIds({ partnerId: ctx.actor.partnerId, days: 90 }) : [Number(target)];
  const quote = await ctx.app.useCases.quoteRenewal({ partnerId: ctx.actor.partnerId, companyIds: ids, language: ctx.lang });
  if (!quote.lines.length) return show(ctx, r.nothing, [[btn(ctx.m.back, cb('m', 'exp'))]]);
  const lines = quote.lines.map((l) => ({ description: `${l.description} — ${l.legalName}`, quantity: 1, netCents: l.netCents }));
  const key = newKey();
  const text = [`<b>${r.summary(quote.lines.length)}</b>`, '', totalsText(ctx.m, ctx.lang, lines.slice(0, 40), quote), '', r.rule, '', ctx.m.buy.chooseMethod].join('\n');
  const methods = [
    ...(ctx.app.config.paymentsMode === 'off' ? [] : [btn(ctx.m.buy.stripe, cb('rn', 'p', target, 's', key))]),
    ...(ctx.app.config.paymentMethods.includes('bank_transfer') ? [btn(ctx.m.buy.bank, cb('rn', 'p', target, 'b', key))] : []),
  ];
  await show(ctx, text, [methods, [btn(ctx.m.back, cb('m', 'exp'))]]);
}

async function pay(ctx: LinkedContext, target: string, method: string, key: string) {
  const ids = target === 'all' ? await ctx.app.useCases.renewableCompanyIds({ partnerId: ctx.actor.partnerId, days: 90 }) : [Number(target)];
  const quote = await ctx.app.useCases.quoteRenewal({ partnerId: ctx.actor.partnerId, companyIds: ids, language: ctx.lang });
  if (!quote.lines.length) return show(ctx, ctx.m.renewals.nothing, [[btn(ctx.m.back, cb('m', 'exp'))]]);
  const order = await ctx.app.useCases.placeOrder(
    {
      buyer: { kind: 'partner', partnerId: ctx.actor.partnerId, partnerUserId: ctx.actor.id },
      items: quote.lines.map((l) => ({ productId: l.productId, quantity: 1, companyId: l.companyId })),
      paymentMethod: method === 'b' ? 'bank_transfer' : 'stripe',
      language: ctx.lang,
      requestKey: `tg:rn:${ctx.actor.partnerId}:${key}`,
    },
    ctx.actor,
  );
  const howTo = howToPay(ctx.m, ctx.lang, ctx.app.config, order);
  await show(ctx, [ctx.m.buy.placed(order.number ?? String(order.id)), ...(howTo ? ['', howTo.text] : [])].join('\n'), [...(howTo?.rows ?? []), backHome(ctx)]);
}

export function renewalsComposer() {
  const c = new Composer<BotContext>();
  c.action('m:exp', (ctx) => showExpiring(ctx as LinkedContext, 1));
  c.action(/^rn:l:(\d+)$/, (ctx) => showExpiring(ctx as LinkedContext, Number(ctx.match[1])));
  c.action(/^rn:(c):(\d+)$|^rn:(all)$/, (ctx) => showSummary(ctx as LinkedContext, ctx.match[2] ?? 'all'));
  c.action(/^rn:p:(\d+|all):([sb]):([A-Za-z0-9_-]{16})$/, (ctx) => pay(ctx as LinkedContext, ctx.match[1]!, ctx.match[2]!, ctx.match[3]!));
  return c;
}
