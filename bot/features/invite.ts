/**
 * Inviting a client to buy (PRODUCT.md flow 4): name → email → tier → summary → "Spedisci invito",
 * which runs the core use case (that queues the email). Also the list of sent invitations.
 */
import { Composer } from 'telegraf';
import { tiers, type Tier } from '../../core/shared/types.js';
import { validateEmail, validateRequiredText } from '../../core/validation/index.js';
import type { BotContext, InviteFlow, LinkedContext } from '../context.js';
import { fb, flowButtons } from '../flow.js';
import { esc } from '../i18n.js';
import { btn, cb, newFlowId, pager, show } from '../ui.js';

const NS = 'i';
const PAGE = 8;
const cancelRow = (ctx: BotContext) => [btn(ctx.m.cancel, cb('x', 'inv'))];

async function askTier(ctx: LinkedContext, flow: InviteFlow) {
  const text = [ctx.m.invite.askTier, '', ...tiers.map((t) => `• <b>${ctx.m.tier[t]}</b>: ${ctx.m.tierInfo[t]}`)].join('\n');
  await show(ctx, text, [tiers.map((t) => btn(ctx.m.tier[t], fb(NS, flow, 'tier', t))), cancelRow(ctx)], { fresh: true });
}

export async function showInvitations(ctx: LinkedContext, page = 1) {
  const list = await ctx.app.useCases.listInvitations(ctx.actor.partnerId, { page, pageSize: PAGE });
  const back = [btn(ctx.m.back, cb('m', 'inv'))];
  if (!list.total) return show(ctx, ctx.m.invite.empty, [back]);
  const lines = list.items.map((inv) => `• <b>${esc(inv.clientName)}</b> &lt;${esc(inv.clientEmail)}&gt; · ${ctx.m.tier[inv.tier]} · ${ctx.m.invitationStatus[inv.status]}`);
  const head = `<b>${ctx.m.invite.title}</b>${list.pages > 1 ? ` — ${ctx.m.page(list.page, list.pages)}` : ''}`;
  await show(ctx, `${head}\n\n${lines.join('\n')}`, [pager(ctx, list.page, list.pages, (p) => cb('l', 'i', p)), back]);
}

export function inviteComposer() {
  const c = new Composer<BotContext>();

  c.action('m:inv', async (ctx) => {
    ctx.session.flow = undefined;
    await show(ctx, ctx.m.invite.intro, [[btn(ctx.m.invite.newInvite, cb('m', 'inv+'))], [btn(ctx.m.invite.list, cb('l', 'i', 1))], [btn(ctx.m.back, cb('m', 'home'))]]);
  });
  c.action('m:inv+', async (ctx) => {
    const flow: InviteFlow = { kind: 'invite', id: newFlowId(), step: 'name' };
    ctx.session.flow = flow;
    const c = ctx.app.config;
    await show(ctx, `${ctx.m.invite.askName}\n\n${ctx.m.privacy.invite(c.VENDOR_NAME, c.privacyPolicyUrl, c.RETENTION_INVITATION_DAYS)}`, [cancelRow(ctx)]);
  });
  c.action(/^l:i:(\d+)$/, (ctx) => showInvitations(ctx as LinkedContext, Number(ctx.match[1])));

  flowButtons(c, NS, 'invite', {
    tier: {
      steps: ['tier'],
      async run(ctx, flow, arg) {
        if (!tiers.includes(arg as Tier)) return;
        Object.assign(flow, { tier: arg, step: 'summary' });
        await show(ctx, ctx.m.invite.summary(flow.clientName!, flow.clientEmail!, ctx.m.tier[flow.tier!]), [[btn(ctx.m.invite.send, fb(NS, flow, 'send'))], cancelRow(ctx)]);
      },
    },
    send: {
      steps: ['summary'],
      async run(ctx, flow) {
        const { invitation } = await ctx.app.useCases.createInvitation(
          { partnerId: ctx.actor.partnerId, clientName: flow.clientName!, clientEmail: flow.clientEmail!, tier: flow.tier!, language: ctx.lang },
          ctx.actor,
        );
        ctx.session.flow = undefined;
        await show(ctx, ctx.m.invite.sent(invitation.clientEmail), [[btn(ctx.m.invite.list, cb('l', 'i', 1))], [btn(ctx.m.back, cb('m', 'home'))]]);
      },
    },
  });

  c.on('text', async (ctx, next) => {
    const flow = ctx.session.flow;
    if (flow?.kind !== 'invite' || ctx.message.text.startsWith('/')) return next();
    const text = ctx.message.text;
    if (flow.step === 'name') {
      const r = validateRequiredText(text, { label: { it: 'Nome del cliente', en: 'Client name' }, min: 2, max: 200 });
      if (!r.ok) return show(ctx, `⚠️ ${esc(r.error[ctx.lang])}\n\n${ctx.m.invite.askName}`, [cancelRow(ctx)], { fresh: true });
      Object.assign(flow, { clientName: r.value, step: 'email' });
      return show(ctx, ctx.m.invite.askEmail(r.value), [cancelRow(ctx)], { fresh: true });
    }
    if (flow.step === 'email') {
      const r = validateEmail(text);
      if (!r.ok) return show(ctx, `⚠️ ${esc(r.error[ctx.lang])}\n\n${ctx.m.invite.askEmail(flow.clientName!)}`, [cancelRow(ctx)], { fresh: true });
      Object.assign(flow, { clientEmail: r.value, step: 'tier' });
      return askTier(ctx as LinkedContext, flow);
    }
    return next(); // a button is expected: the fallback gives the hint
  });
  return c;
}
