/**
 * "🧾 Fatture": the partner's invoices and credit notes by year, each sent on request as two documents
 * (the PDF courtesy copy and the FatturaPA XML); and "Dati di fatturazione", the guided form that
 * collects what the partner's invoices need (sede legale, codice destinatario, PEC) — invoices that
 * waited for it go out as soon as it is saved. The buy summary, the placed order and a notice after
 * the payment point here while data are missing.
 */
import { Composer } from 'telegraf';
import { validateCap, validatePec, validateProvincia, validateRequiredText } from '../../core/validation/index.js';
import type { BillingFlow, BotContext, LinkedContext } from '../context.js';
import { fb, flowButtons } from '../flow.js';
import { esc, euro } from '../i18n.js';
import { btn, cb, newFlowId, show, toast } from '../ui.js';
import { romeYear } from '../../core/invoicing/rome-date.js';

const NS = 'f';
const FIELDS = ['address', 'cap', 'city', 'province', 'sdiCode', 'pec'] as const;
const home = (ctx: BotContext) => [btn(ctx.m.back, cb('m', 'home'))];
const cancelRow = (ctx: BotContext) => [btn(ctx.m.cancel, cb('x', 'fat'))];
const thisYear = () => romeYear(new Date());
const itDate = (iso: string) => iso.split('-').reverse().join('/');

async function showInvoices(ctx: LinkedContext, year: number) {
  const t = ctx.m.invoices;
  const [list, missing] = await Promise.all([ctx.app.useCases.listPartnerInvoices(ctx.actor.partnerId, year), ctx.app.useCases.partnerBillingProblems(ctx.actor.partnerId)]);
  const lines = list.slice(0, 30).map((i) => t.line(i.documentType === 'TD01' ? t.invoice : t.creditNote, i.number, itDate(i.issueDate), euro(i.grossCents, ctx.lang), t.state[i.state] ?? i.state));
  const text = [`<b>${t.title(year)}</b>`, '', lines.length ? lines.join('\n') : t.empty(year), ...(missing.length ? ['', t.billingMissing] : [])].join('\n');
  const rows = list.slice(0, 10).map((i) => [btn(t.download(i.number), cb(NS, 'd', i.id))]);
  const now = thisYear();
  const years = [now, now - 1, now - 2].filter((y) => y !== year).map((y) => btn(t.year(y), cb(NS, 'y', y)));
  await show(ctx, text, [...rows, years, [btn(t.billing, cb(NS, 'b'))], home(ctx)]);
}

async function sendFiles(ctx: LinkedContext, invoiceId: number) {
  const inv = await ctx.app.useCases.getInvoice(invoiceId);
  // Another partner's invoice is "not there", like every list of the bot.
  if (!inv || inv.partnerId !== ctx.actor.partnerId || inv.buyerType !== 'partner') {
    await toast(ctx, ctx.m.errors.not_found);
    return showInvoices(ctx, thisYear());
  }
  if (!inv.xml) return show(ctx, ctx.m.invoices.notReady, [[btn(ctx.m.back, cb(NS, 'y', inv.year))]]);
  const copy = (await ctx.app.useCases.courtesyPdf(inv.id))!;
  await toast(ctx);
  await ctx.replyWithDocument({ source: copy.pdf, filename: copy.fileName }, { caption: ctx.m.invoices.sentFiles(inv.number), parse_mode: 'HTML' });
  await ctx.replyWithDocument({ source: Buffer.from(inv.xml, 'utf8'), filename: inv.fileName! });
}

async function ask(ctx: LinkedContext, flow: BillingFlow, warning?: string) {
  const field = FIELDS.find((f) => flow.data[f] === undefined);
  if (!field) {
    flow.step = 'summary';
    flow.asking = undefined;
    return show(ctx, ctx.m.invoices.summary(flow.data), [[btn(ctx.m.invoices.save, fb(NS, flow, 'save'))], cancelRow(ctx)], { fresh: true });
  }
  flow.step = 'field';
  flow.asking = field;
  await show(ctx, `${warning ? `⚠️ ${esc(warning)}\n\n` : ''}${ctx.m.invoices.ask[field]}`, [cancelRow(ctx)], { fresh: true });
}

function check(field: string, text: string, lang: 'it' | 'en'): { ok: true; value: string } | { ok: false; error: string } {
  const r = (c: { ok: true; value: string } | { ok: false; error: { it: string; en: string } }) => (c.ok ? c : { ok: false as const, error: c.error[lang] });
  switch (field) {
    case 'address':
      return r(validateRequiredText(text, { label: { it: 'Indirizzo', en: 'Address' }, min: 3, max: 60 }));
    case 'cap':
      return r(validateCap(text));
    case 'city':
      return r(validateRequiredText(text, { label: { it: 'Comune', en: 'Town' }, min: 2, max: 60 }));
    case 'province':
      return r(validateProvincia(text));
    case 'sdiCode': {
      const v = text.replace(/\s/g, '').toUpperCase();
      return /^[A-Z0-9]{7}$/.test(v) ? { ok: true, value: v } : { ok: false, error: '' };
    }
    default:
      return /^(no|nessuna|none|-)$/i.test(text.trim()) ? { ok: true, value: '' } : r(validatePec(text));
  }
}

export function invoicesComposer() {
  const c = new Composer<BotContext>();
  c.action('m:fat', (ctx) => showInvoices(ctx as LinkedContext, thisYear()));
  c.action(/^f:y:(\d{4})$/, (ctx) => showInvoices(ctx as LinkedContext, Number(ctx.match[1])));
  c.action(/^f:d:(\d+)$/, (ctx) => sendFiles(ctx as LinkedContext, Number(ctx.match[1])));
  c.action('f:b', async (ctx) => {
    const flow: BillingFlow = { kind: 'billing', id: newFlowId(), step: 'field', data: {} };
    ctx.session.flow = flow;
    await ask(ctx as LinkedContext, flow);
  });
  flowButtons(c, NS, 'billing', {
    save: {
      steps: ['summary'],
      async run(ctx, flow) {
        const d = flow.data;
        const r = await ctx.app.useCases.updatePartnerBilling(
          { partnerId: ctx.actor.partnerId, address: d.address!, cap: d.cap!, city: d.city!, province: d.province!, sdiCode: d.sdiCode!, pec: d.pec || null },
          ctx.actor,
        );
        ctx.session.flow = undefined;
        await show(ctx, ctx.m.invoices.saved(r.invoicesQueued), [[btn(ctx.m.invoices.menu, cb('m', 'fat'))], home(ctx)]);
      },
    },
  });
  c.on('text', async (ctx, next) => {
    const flow = ctx.session.flow;
    if (flow?.kind !== 'billing' || flow.step !== 'field' || !flow.asking || ctx.message.text.startsWith('/')) return next();
    const r = check(flow.asking, ctx.message.text, ctx.lang);
    if (!r.ok) return ask(ctx as LinkedContext, flow, r.error || ctx.m.invoices.badSdi);
    flow.data[flow.asking] = r.value;
    await ask(ctx as LinkedContext, flow);
  });
  return c;
}
