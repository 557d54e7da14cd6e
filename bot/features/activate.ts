/**
 * Activating a coupon (PRODUCT.md flow 3): pick an available coupon, answer the company questions of
 * core/validation/company-data.ts one at a time (each validated as typed, with the validators' own
 * Italian/English reasons and their choices as buttons), review a summary where any field can be
 * changed, then "Conferma i dati" runs the activation use case.
 */
import { Composer } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { isDomainError } from '../../core/errors.js';
import { companyFields, isIndividual, legalForms, type CompanyData, type CompanyField, type LegalForm } from '../../core/validation/index.js';
import type { ActivateFlow, BotContext, LinkedContext } from '../context.js';
import { fb, flowButtons } from '../flow.js';
import { esc } from '../i18n.js';
import { btn, cb, grid, newFlowId, pager, shortLabel, show } from '../ui.js';

const NS = 'a';
const COUPON_PAGE = 6;
const cancelRow = (ctx: BotContext) => [btn(ctx.m.cancel, cb('x', 'act'))];
const fieldIndex = (key: string | undefined) => companyFields.findIndex((f) => f.key === key);
/** A choice button carries the question it answers, so a button of an earlier question is refused. */
const choice = (flow: ActivateFlow, value: string) => {
  const data = `${fieldIndex(flow.asking)}|${value}`;
  return Buffer.byteLength(fb(NS, flow, 'v', data)) <= 64 ? fb(NS, flow, 'v', data) : null;
};

/** "Società a responsabilità limitata (S.r.l.)" → "S.r.l."; names without an abbreviation stay whole. */
const legalFormShort = (name: string) => /\(([^)]+)\)\s*$/.exec(name)?.[1] ?? shortLabel(name);

function display(ctx: BotContext, field: CompanyField, value: unknown): string {
  if (value === null || value === undefined || value === '') return ctx.m.activate.none;
  if (field.key === 'legalForm') return legalForms.find((f) => f.code === value)?.[ctx.lang] ?? String(value);
  return String(value);
}

/** Shortcut answers offered as buttons for some questions (each is an answer the validator accepts). */
function shortcuts(ctx: BotContext, flow: ActivateFlow, field: CompanyField): InlineKeyboardButton[][] {
  const a = ctx.m.activate;
  const one = (label: string, value: string) => {
    const data = choice(flow, value);
    return data ? [[btn(label, data)]] : [];
  };
  const form = flow.data.legalForm as LegalForm | undefined;
  switch (field.key) {
    case 'legalForm':
      // the abbreviation on the button ("S.r.l."), the full name in the message
      return grid(legalForms.map((f) => btn(legalFormShort(f[ctx.lang]), choice(flow, f.code)!)), 3);
    case 'taxCode':
      return isIndividual(form) ? [] : one(a.sameAsVat, 'uguale');
    case 'repTaxCode':
      return isIndividual(form) ? one(a.sameAsOwner, 'uguale') : [];
    case 'pec':
      return one(a.noPec, 'no');
    case 'sdiCode':
      // 0000000: invoices to the PEC if any, and in any case to the cassetto fiscale
      return one(flow.data.pec ? a.viaPec : a.noSdiCode, '0000000');
    case 'phone':
      return one(a.skip, 'no');
    default:
      return [];
  }
}

async function ask(ctx: LinkedContext, flow: ActivateFlow, prefix = '', fresh = true) {
  const field = companyFields[fieldIndex(flow.asking)]!;
  const n = fieldIndex(flow.asking) + 1;
  const a = ctx.m.activate;
  // A ditta individuale or a professional has a personal tax code: no «uguale», a 16-character example.
  const individual = field.key === 'taxCode' && isIndividual(flow.data.legalForm as LegalForm | undefined);
  const lines = [prefix, a.question(n, companyFields.length, individual ? a.taxCodeIndividual : field.prompt[ctx.lang])];
  if (field.key === 'legalForm') lines.push(`${a.choicesAre} ${legalForms.map((f) => esc(f[ctx.lang])).join('; ')}.`);
  const example = individual ? a.taxCodeIndividualExample : field.example;
  if (example) lines.push(a.example(example));
  const current = flow.data[field.key];
  if (current !== undefined) lines.push(`(${esc(field.label[ctx.lang])}: ${esc(display(ctx, field, current))})`);
  await show(ctx, lines.filter(Boolean).join('\n'), [...shortcuts(ctx, flow, field), cancelRow(ctx)], { fresh });
}

async function showSummary(ctx: LinkedContext, flow: ActivateFlow, fresh: boolean) {
  const lines = companyFields.map((f) => `<b>${esc(f.label[ctx.lang])}</b>: ${esc(display(ctx, f, flow.data[f.key]))}`);
  const a = ctx.m.activate;
  await show(ctx, `${a.summaryTitle}\n\n${lines.join('\n')}`, [[btn(a.confirm, fb(NS, flow, 'ok'))], [btn(a.edit, fb(NS, flow, 'ed'))], cancelRow(ctx)], { fresh });
}

/**
 * Stores a valid answer, re-checks the answers that depend on it (a new legal form can make the tax
 * code wrong), then asks the first missing field or shows the summary.
 */
async function advance(ctx: LinkedContext, flow: ActivateFlow, key: string, value: unknown, fresh: boolean) {
  flow.data[key] = value;
  const sofar: Partial<CompanyData> = {};
  let recheck = '';
  for (const f of companyFields) {
    if (!(f.key in flow.data)) continue;
    const r = f.validate(flow.data[f.key], sofar);
    if (r.ok) (sofar as Record<string, unknown>)[f.key] = r.value;
    else {
      delete flow.data[f.key];
      recheck ||= ctx.m.activate.recheck(f.label[ctx.lang], r.error[ctx.lang]);
    }
  }
  const next = companyFields.find((f) => !(f.key in flow.data));
  if (next) {
    Object.assign(flow, { step: 'field', asking: next.key });
    return ask(ctx, flow, recheck, fresh);
  }
  Object.assign(flow, { step: 'summary', asking: undefined });
  await showSummary(ctx, flow, fresh);
}

/** One answer to the current question, typed or tapped. */
async function answer(ctx: LinkedContext, flow: ActivateFlow, raw: string, fresh: boolean) {
  const field = companyFields[fieldIndex(flow.asking)];
  if (!field) return;
  const r = field.validate(raw, flow.data as Partial<CompanyData>);
  if (r.ok) return advance(ctx, flow, field.key, r.value, fresh);
  // Choices (ATECO matches for words, sub-categories of a short code, legal forms) become buttons.
  const choices = (r.error.choices ?? []).slice(0, 8).map((ch) => ({ ch, data: choice(flow, ch.value) })).filter((x) => x.data);
  const isWords = field.key === 'atecoCode' && r.error.code === 'not_code';
  const text = isWords ? (choices.length ? ctx.m.activate.atecoMatches : ctx.m.activate.atecoNone) : ctx.m.activate.invalid(r.error[ctx.lang]);
  const rows = field.key === 'legalForm' ? shortcuts(ctx, flow, field) : choices.map(({ ch, data }) => [btn(shortLabel(ch.label, 40), data!)]);
  // the buttons are short: the full choices in the message
  const full = field.key !== 'legalForm' && choices.some(({ ch }) => shortLabel(ch.label, 40) !== ch.label) ? `\n\n${choices.map(({ ch }) => `• ${esc(ch.label)}`).join('\n')}` : '';
  await show(ctx, text + full, [...rows, ...(field.key === 'legalForm' ? [] : shortcuts(ctx, flow, field)), cancelRow(ctx)], { fresh: true });
}

async function askCoupon(ctx: LinkedContext, flow: ActivateFlow, page = 1) {
  const list = await ctx.app.useCases.listCoupons(ctx.actor.partnerId, { status: 'available', page, pageSize: COUPON_PAGE });
  if (!list.total) {
    ctx.session.flow = undefined;
    return show(ctx, ctx.m.activate.noCoupons, [[btn(ctx.m.menu.buy, cb('m', 'buy'))], [btn(ctx.m.back, cb('m', 'home'))]]);
  }
  const rows = list.items.map((cp) => [btn(`🎟 ${cp.code} · ${ctx.m.tier[cp.tier]}`, fb(NS, flow, 'cp', cp.id))]);
  const text = `${ctx.m.activate.chooseCoupon}${list.pages > 1 ? `\n${ctx.m.page(list.page, list.pages)}` : ''}`;
  await show(ctx, text, [...rows, pager(ctx, list.page, list.pages, (p) => fb(NS, flow, 'pg', p)), cancelRow(ctx)]);
}

export function activateComposer() {
  const c = new Composer<BotContext>();

  c.action('m:act', async (ctx) => {
    const flow: ActivateFlow = { kind: 'activate', id: newFlowId(), step: 'coupon', data: {} };
    ctx.session.flow = flow;
    await askCoupon(ctx as LinkedContext, flow);
  });

  flowButtons(c, NS, 'activate', {
    pg: { steps: ['coupon'], run: (ctx, flow, arg) => askCoupon(ctx, flow, Number(arg) || 1) },
    cp: {
      steps: ['coupon'],
      async run(ctx, flow, arg) {
        const coupon = await ctx.app.useCases.getCoupon(Number(arg), ctx.actor.partnerId);
        if (coupon.status !== 'available') return show(ctx, ctx.m.activate.couponGone, [[btn(ctx.m.back, cb('m', 'home'))]]);
        Object.assign(flow, { couponId: coupon.id, step: 'field', asking: companyFields[0]!.key, data: {} });
        const notice = ctx.m.privacy.activate(ctx.app.config.VENDOR_NAME, ctx.app.config.privacyPolicyUrl);
        await ask(ctx, flow, `${ctx.m.activate.start(coupon.code, ctx.m.tier[coupon.tier])}\n${notice}\n`, false);
      },
    },
    v: {
      steps: ['field'],
      async run(ctx, flow, arg) {
        const [idx, ...rest] = arg.split('|');
        if (Number(idx) !== fieldIndex(flow.asking)) return; // a button of an earlier question
        await answer(ctx, flow, rest.join('|'), false);
      },
    },
    ed: {
      steps: ['summary'],
      async run(ctx, flow) {
        flow.step = 'edit';
        const buttons = companyFields.map((f, i) => btn(shortLabel(f.label[ctx.lang]), fb(NS, flow, 'f', i)));
        await show(ctx, ctx.m.activate.chooseEdit, [...grid(buttons, 2), cancelRow(ctx)]);
      },
    },
    f: {
      steps: ['edit'],
      async run(ctx, flow, arg) {
        const field = companyFields[Number(arg)];
        if (!field) return;
        Object.assign(flow, { step: 'field', asking: field.key, editing: true });
        await ask(ctx, flow, '', false);
      },
    },
    ok: {
      steps: ['summary'],
      async run(ctx, flow) {
        try {
          const company = await ctx.app.useCases.activateCoupon({ couponId: flow.couponId!, partnerId: ctx.actor.partnerId, companyData: flow.data }, ctx.actor);
          ctx.session.flow = undefined;
          await show(ctx, ctx.m.activate.creating(company.legalName), [[btn(ctx.m.back, cb('m', 'home'))]]);
        } catch (e) {
          if (!isDomainError(e) || e.code !== 'already_used') throw e;
          ctx.session.flow = undefined;
          await show(ctx, ctx.m.activate.couponGone, [[btn(ctx.m.back, cb('m', 'home'))]]);
        }
      },
    },
  });

  c.on('text', async (ctx, next) => {
    const flow = ctx.session.flow;
    if (flow?.kind !== 'activate' || ctx.message.text.startsWith('/')) return next();
    if (flow.step !== 'field') return next(); // buttons expected: the fallback gives the hint
    await answer(ctx as LinkedContext, flow, ctx.message.text, true);
  });
  return c;
}
