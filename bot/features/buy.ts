/**
 * Buying (PRODUCT.md flow 2): coupons by tier, or — after choosing one of the partner's companies —
 * e-invoicing packs, prepaid credit, renewals and upgrades; then offers with prices, quantity, a
 * summary with net, IVA and total, and the payment method. The order is placed by the core use case.
 */
import { Composer } from 'telegraf';
import { computeTotals } from '../../core/orders/totals.js';
import { companyProductKinds, tiers, type ProductKind, type Tier } from '../../core/shared/types.js';
import type { BotContext, BuyFlow, LinkedContext } from '../context.js';
import { fb, flowButtons } from '../flow.js';
import { esc, euro } from '../i18n.js';
import { btn, cb, grid, newFlowId, newRequestKey, pager, shortLabel, show } from '../ui.js';
import { howToPay, totalsText } from './order-text.js';

const NS = 'b';
const QUANTITIES = [1, 2, 3, 5, 10];
const COMPANY_PAGE = 6;
const cancelRow = (ctx: BotContext) => [btn(ctx.m.cancel, cb('x', 'buy'))];
const needsQuantity = (kind: ProductKind) => kind === 'coupon' || kind === 'einvoice_pack' || kind === 'credit_topup';

async function askTier(ctx: LinkedContext, flow: BuyFlow) {
  const m = ctx.m;
  const text = [m.buy.chooseTier, '', ...tiers.map((t) => `• <b>${m.tier[t]}</b>: ${m.tierInfo[t]}`)].join('\n');
  await show(ctx, text, [tiers.map((t) => btn(m.tier[t], fb(NS, flow, 'tier', t))), cancelRow(ctx)]);
}

async function askKind(ctx: LinkedContext, flow: BuyFlow) {
  const kinds = companyProductKinds.map((k) => btn(ctx.m.kind[k], fb(NS, flow, 'kind', k)));
  await show(ctx, ctx.m.buy.chooseKind, [...grid(kinds, 2), cancelRow(ctx)]);
}

async function askCompany(ctx: LinkedContext, flow: BuyFlow, page = 1) {
  const list = await ctx.app.useCases.listCompanies(ctx.actor.partnerId, { payer: 'partner', page, pageSize: COMPANY_PAGE });
  if (!list.total) {
    ctx.session.flow = undefined;
    return show(ctx, ctx.m.buy.noCompanies, [[btn(ctx.m.back, cb('m', 'home'))]]);
  }
  const rows = list.items.map((co) => [btn(shortLabel(`${co.legalName} (${ctx.m.tier[co.tier]})`, 60), fb(NS, flow, 'co', co.id))]);
  const text = `${ctx.m.buy.chooseCompany(ctx.m.kind[flow.productKind!])}\n${list.pages > 1 ? ctx.m.page(list.page, list.pages) : ''}`;
  await show(ctx, text, [...rows, pager(ctx, list.page, list.pages, (p) => fb(NS, flow, 'pg', p)), cancelRow(ctx)]);
}

async function askOffer(ctx: LinkedContext, flow: BuyFlow) {
  const products = await ctx.catalogue.list({ kind: flow.productKind!, tier: flow.tier });
  const name = (p: { nameIt: string; nameEn: string }) => (ctx.lang === 'en' ? p.nameEn : p.nameIt);
  const what = flow.productKind === 'coupon' ? `${ctx.m.kind.coupon} ${ctx.m.tier[flow.tier!]}` : ctx.m.kind[flow.productKind!];
  if (!products.length) return show(ctx, ctx.m.buy.noOffers, [[btn(ctx.m.back, cb('m', 'home'))]]);
  // a pack of coupons shows its price per coupon, so that packs and single coupons compare at a glance
  const each = (p: { kind: ProductKind; quantity: number; netCents: number }) =>
    p.kind === 'coupon' && p.quantity > 1 ? ` (${ctx.m.buy.perCoupon(euro(Math.round(p.netCents / p.quantity), ctx.lang))})` : '';
  const lines = products.map((p) => `• ${esc(name(p))} — <b>${euro(p.netCents, ctx.lang)}</b>${each(p)}`);
  const rows = products.map((p) => [btn(shortLabel(`${name(p)} — ${euro(p.netCents, ctx.lang)}`, 60), fb(NS, flow, 'prod', p.id))]);
  await show(ctx, `${ctx.m.buy.chooseOffer(what)}\n\n${lines.join('\n')}`, [...rows, cancelRow(ctx)]);
}

async function askQuantity(ctx: LinkedContext, flow: BuyFlow, fresh = false) {
  const p = await ctx.catalogue.get(flow.productId!);
  const rows = [QUANTITIES.map((q) => btn(String(q), fb(NS, flow, 'qty', q))), cancelRow(ctx)];
  await show(ctx, ctx.m.buy.chooseQty(ctx.lang === 'en' ? p.nameEn : p.nameIt), rows, { fresh });
}

/** A single pack with as many coupons as `quantity` × this product, for less: offered instead. */
async function cheaperPack(ctx: LinkedContext, p: { id: number; kind: ProductKind; tier: Tier | null; quantity: number; netCents: number }, quantity: number) {
  if (p.kind !== 'coupon' || quantity < 2 || !p.tier) return undefined;
  const coupons = p.quantity * quantity;
  const packs = await ctx.catalogue.list({ kind: 'coupon', tier: p.tier });
  return packs.find((q) => q.id !== p.id && q.quantity === coupons && q.netCents < p.netCents * quantity);
}

async function showSummary(ctx: LinkedContext, flow: BuyFlow, fresh = false) {
  const p = await ctx.catalogue.get(flow.productId!);
  const quantity = flow.quantity ?? 1;
  const pack = await cheaperPack(ctx, p, quantity);
  const totals = computeTotals([{ unitNetCents: p.netCents, quantity, vatRateBp: p.vatRateBp }]);
  const company = flow.companyId ? await ctx.app.useCases.getCompany(flow.companyId, ctx.actor.partnerId) : undefined;
  // Missing billing data never block a purchase (the invoice is numbered and waits): the partner is told.
  const billingMissing = (await ctx.app.useCases.partnerBillingProblems(ctx.actor.partnerId)).length > 0;
  const text = `<b>${ctx.m.buy.summary}</b>\n${totalsText(ctx.m, ctx.lang, [{ description: ctx.lang === 'en' ? p.nameEn : p.nameIt, quantity, netCents: totals.netCents }], totals, company?.legalName)}${billingMissing ? `\n\n${ctx.m.invoices.billingMissingBuy}` : ''}\n\n${ctx.m.buy.chooseMethod}`;
  // Only the methods the installation offers (PAYMENT_METHODS): a bank-only vendor shows no card button.
  const offered = ctx.app.config.paymentMethods;
  const methods = [
    ...(offered.includes('card') ? [btn(ctx.m.buy.stripe, fb(NS, flow, 'pay', 'stripe'))] : []),
    ...(offered.includes('bank_transfer') ? [btn(ctx.m.buy.bank, fb(NS, flow, 'pay', 'bank'))] : []),
  ];
  const packName = pack ? (ctx.lang === 'en' ? pack.nameEn : pack.nameIt) : '';
  const hint = pack ? `\n\n💡 ${ctx.m.buy.packHint(esc(packName), euro(pack.netCents, ctx.lang), euro(p.netCents * quantity, ctx.lang))}` : '';
  const packRow = pack ? [btn(ctx.m.buy.takePack(packName), fb(NS, flow, 'pack', pack.id))] : [];
  await show(ctx, text + hint, [packRow, methods, cancelRow(ctx)], { fresh });
}

export function buyComposer() {
  const c = new Composer<BotContext>();

  c.action('m:buy', async (ctx) => {
    const flow: BuyFlow = { kind: 'buy', id: newFlowId(), requestKey: newRequestKey(), step: 'tier', productKind: 'coupon' };
    ctx.session.flow = flow;
    await askTier(ctx as LinkedContext, flow);
  });
  c.action('m:other', async (ctx) => {
    const flow: BuyFlow = { kind: 'buy', id: newFlowId(), requestKey: newRequestKey(), step: 'kind' };
    ctx.session.flow = flow;
    await askKind(ctx as LinkedContext, flow);
  });

  flowButtons(c, NS, 'buy', {
    tier: {
      steps: ['tier'],
      async run(ctx, flow, arg) {
        if (!tiers.includes(arg as Tier)) return;
        Object.assign(flow, { tier: arg as Tier, step: 'offer' });
        await askOffer(ctx, flow);
      },
    },
    kind: {
      steps: ['kind'],
      async run(ctx, flow, arg) {
        if (!companyProductKinds.includes(arg as ProductKind)) return;
        Object.assign(flow, { productKind: arg, step: 'company' });
        await askCompany(ctx, flow);
      },
    },
    pg: { steps: ['company'], run: (ctx, flow, arg) => askCompany(ctx, flow, Number(arg) || 1) },
    co: {
      steps: ['company'],
      async run(ctx, flow, arg) {
        // Scoped to the partner: another partner's company id is "not found".
        const company = await ctx.app.useCases.getCompany(Number(arg), ctx.actor.partnerId);
        const tier = flow.productKind === 'renewal' || flow.productKind === 'upgrade' ? company.tier : undefined;
        Object.assign(flow, { companyId: company.id, tier, step: 'offer' });
        await askOffer(ctx, flow);
      },
    },
    prod: {
      steps: ['offer'],
      async run(ctx, flow, arg) {
        const p = await ctx.catalogue.get(Number(arg));
        if (p.kind !== flow.productKind) return;
        Object.assign(flow, { productId: p.id });
        if (needsQuantity(p.kind)) {
          flow.step = 'qty';
          return askQuantity(ctx, flow);
        }
        Object.assign(flow, { quantity: 1, step: 'summary' });
        await showSummary(ctx, flow);
      },
    },
    pack: {
      steps: ['summary'],
      async run(ctx, flow, arg) {
        const q = await ctx.catalogue.get(Number(arg));
        if (q.kind !== 'coupon' || q.tier !== flow.tier) return;
        Object.assign(flow, { productId: q.id, quantity: 1, step: 'summary' });
        await showSummary(ctx, flow);
      },
    },
    qty: {
      steps: ['qty'],
      async run(ctx, flow, arg) {
        Object.assign(flow, { quantity: Number(arg), step: 'summary' });
        await showSummary(ctx, flow);
      },
    },
    pay: {
      steps: ['summary'],
      async run(ctx, flow, arg) {
        const order = await ctx.app.useCases.placeOrder(
          {
            buyer: { kind: 'partner', partnerId: ctx.actor.partnerId, partnerUserId: ctx.actor.id },
            items: [{ productId: flow.productId!, quantity: flow.quantity ?? 1, ...(flow.companyId ? { companyId: flow.companyId } : {}) }],
            paymentMethod: arg === 'bank' ? 'bank_transfer' : 'stripe',
            language: ctx.lang,
            // One order per flow, even when this tap is handled again after a crash (place-order.ts).
            requestKey: flow.requestKey,
          },
          ctx.actor,
        );
        ctx.session.flow = undefined;
        const pay = howToPay(ctx.m, ctx.lang, ctx.app.config, order)!;
        const billingMissing = order.grossCents > 0 && (await ctx.app.useCases.partnerBillingProblems(ctx.actor.partnerId)).length > 0;
        const billing = billingMissing ? { text: `\n\n${ctx.m.invoices.billingMissingPlaced}`, rows: [[btn(ctx.m.invoices.billing, cb('f', 'b'))]] } : { text: '', rows: [] };
        await show(ctx, `${ctx.m.buy.placed(order.number ?? String(order.id))}\n\n${pay.text}${billing.text}`, [...pay.rows, ...billing.rows, [btn(ctx.m.back, cb('m', 'home'))]]);
      },
    },
  });

  // A quantity may also be typed.
  c.on('text', async (ctx, next) => {
    const flow = ctx.session.flow;
    if (flow?.kind !== 'buy' || flow.step !== 'qty' || ctx.message.text.startsWith('/')) return next();
    const n = Number(ctx.message.text.trim());
    if (!Number.isInteger(n) || n < 1 || n > 100) {
      await ctx.reply(ctx.m.buy.badQty);
      return askQuantity(ctx as LinkedContext, flow, true);
    }
    Object.assign(flow, { quantity: n, step: 'summary' });
    await showSummary(ctx as LinkedContext, flow, true);
  });
  return c;
}
