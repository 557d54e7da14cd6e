/**
 * The queue sites store FACTS (cents, ISO dates, tier codes, absolute links) in `emails.data`;
 * the renderer wants words for one language (EmailData). This maps one to the other at send time,
 * so a resend in another language or after a base-URL change still reads right.
 * A few facts that older queue sites do not carry (a coupon order's tier, the order number of a
 * failed company) are looked up read-only; they never change after the email was queued.
 */
import { statusLink } from '../orders/links.js';
import type { Models } from '../db/models.js';
import type { AppConfig } from '../config.js';
import { tierLabels, type Tier } from '../shared/types.js';
import { formatIban } from '../validation/index.js';
import { emailSchemas, type EmailData, type EmailName, type Lang } from './email-data.js';
import { formatEuro } from '../shared/money.js';
import { checkBaseUrl } from './links.js';

type Facts = Record<string, any>;

const methodLabels: Record<string, Record<Lang, string>> = {
  stripe: { it: 'carta di pagamento (Stripe)', en: 'card (Stripe)' },
  sandbox: { it: 'pagamento di prova (sandbox)', en: 'test payment (sandbox)' },
  bank_transfer: { it: 'bonifico bancario', en: 'bank transfer' },
};

export const paymentMethodLabel = (method: string, lang: Lang) => methodLabels[method]?.[lang] ?? method;
export const tierLabel = (tier: unknown, lang: Lang) => tierLabels[tier as Tier]?.[lang] ?? String(tier ?? '');

/** "31/03/2025" / "31 March 2025", on the Italian calendar day (an expiry at 23:30 UTC is the next day in Rome). */
export function formatDate(iso: unknown, lang: Lang): string {
  const d = new Date(String(iso));
  if (Number.isNaN(d.getTime())) return '';
  const opts: Intl.DateTimeFormatOptions =
    lang === 'it' ? { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Rome' } : { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Rome' };
  return new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', opts).format(d);
}

/** A Rome day stored as `YYYY-MM-DD` (renewals): "31/01/2027" / "31 January 2027". */
export function formatDay(day: unknown, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(day ?? ''));
  if (!m) return '';
  if (lang === 'it') return `${m[3]}/${m[2]}/${m[1]}`;
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)));
}

/**
 * Absolute link stored at queue time → path on our site (the renderer re-prefixes the current
 * base URL). A link on another base (the base URL changed since) keeps its path.
 */
export function sitePath(link: unknown, baseUrl: string): string {
  const s = String(link ?? '');
  const base = checkBaseUrl(baseUrl);
  if (s.startsWith(base + '/')) return s.slice(base.length);
  const u = new URL(s, base + '/');
  return u.pathname + u.search;
}

const money = (cents: unknown, lang: Lang) => formatEuro(Number(cents ?? 0), lang);

function itemsDescription(f: Facts): string {
  const lines: { description: string; quantity: number }[] = Array.isArray(f.lines) ? f.lines : [];
  return lines.map((l) => (l.quantity > 1 ? `${l.quantity} × ${l.description}` : l.description)).join(', ');
}

async function couponTierLabel(models: Models, f: Facts, lang: Lang): Promise<string> {
  if (f.tier) return tierLabel(f.tier, lang);
  const lines = f.orderId ? await models.OrderLine.findAll({ where: { orderId: f.orderId, productKind: 'coupon' } }) : [];
  return [...new Set(lines.map((l) => tierLabel(l.tier, lang)))].join(', ');
}

/** For a failed company: its own order (client-paid) or the order that bought its coupon. */
async function companyOrderNumber(models: Models, f: Facts): Promise<string> {
  if (f.orderNumber) return String(f.orderNumber);
  const company = f.companyId ? await models.Company.findByPk(f.companyId) : null;
  let orderId = company?.orderId ?? null;
  if (!orderId && company?.couponId) orderId = (await models.Coupon.findByPk(company.couponId))?.orderId ?? null;
  const order = orderId ? await models.Order.findByPk(orderId) : null;
  return order?.number ?? '—';
}

async function companyRecipient(models: Models, f: Facts): Promise<string> {
  if (f.recipientName) return String(f.recipientName);
  const company = f.companyId ? await models.Company.findByPk(f.companyId) : null;
  const rep = company ? `${company.repFirstName} ${company.repLastName}`.trim() : '';
  return rep || String(f.legalName ?? '');
}

/** The status page of the order that bought a client's company (read at render time: older facts lack it). */
async function companyOrderPath(c: FactsContext, f: Facts): Promise<string> {
  if (f.statusLink) return sitePath(f.statusLink, c.config.PUBLIC_BASE_URL);
  const company = f.companyId ? await c.models.Company.findByPk(f.companyId) : null;
  if (!company?.orderId) throw new Error('company_ready: the company has no order');
  return sitePath(statusLink(c.config, company.orderId), c.config.PUBLIC_BASE_URL);
}

export interface FactsContext {
  models: Models;
  config: AppConfig;
}

/** Builds and checks (zod) the renderer's data; an unknown template or missing fact throws. */
export async function emailDataFromFacts<K extends EmailName>(c: FactsContext, template: K, lang: Lang, f: Facts): Promise<EmailData[K]> {
  const base = c.config.PUBLIC_BASE_URL;
  const order = () => ({ recipientName: String(f.buyerName ?? ''), orderNumber: String(f.orderNumber ?? '') });
  const orderLinks = () => ({ order: sitePath(f.statusLink, base) });
  let data: unknown;
  switch (template as EmailName) {
    case 'invitation':
    case 'invitation_reminder':
      data = {
        clientName: f.clientName,
        partnerName: f.partnerName,
        tierLabel: tierLabel(f.tier, lang),
        expiresOn: formatDate(f.expiresAt, lang),
        links: { checkout: sitePath(f.link, base) },
      };
      break;
    case 'order_confirmation':
      data = {
        ...order(),
        itemsDescription: itemsDescription(f),
        net: money(f.netCents, lang),
        vat: money(f.vatCents, lang),
        total: money(f.grossCents, lang),
        paymentMethod: paymentMethodLabel(f.paymentMethod, lang),
        links: orderLinks(),
      };
      break;
    case 'bank_transfer_instructions':
      data = {
        ...order(),
        total: money(f.grossCents, lang),
        beneficiary: f.bank?.beneficiary ?? c.config.BANK_BENEFICIARY,
        iban: formatIban(String(f.bank?.iban ?? c.config.BANK_IBAN)),
        bic: f.bank?.bic ?? c.config.BANK_BIC,
        paymentReference: f.paymentReference,
        links: orderLinks(),
      };
      break;
    case 'payment_received': {
      // The invoice issued with the payment (its facts stored with the email); none: the order's page lists them.
      const inv = f.invoice as { number?: string; issueDate?: string; link?: string } | null | undefined;
      const invoiced = Boolean(inv?.number && inv.link);
      data = {
        ...order(),
        total: money(f.grossCents, lang),
        paymentMethod: paymentMethodLabel(f.paymentMethod, lang),
        invoiceNote: invoiced
          ? lang === 'it'
            ? `Abbiamo emesso la fattura elettronica n. ${inv!.number} del ${formatDay(inv!.issueDate, lang)}: l’originale ti arriva tramite il Sistema di Interscambio (SdI).`
            : `We have issued electronic invoice no. ${inv!.number} of ${formatDay(inv!.issueDate, lang)}: the original reaches you through the Sistema di Interscambio (SdI).`
          : lang === 'it'
            ? 'Le fatture dell’ordine, appena emesse, sono nella sua pagina.'
            : 'The order’s invoices, once issued, are on its page.',
        invoiceLabel: invoiced
          ? lang === 'it' ? 'Copia di cortesia della fattura (PDF e XML)' : 'Courtesy copy of the invoice (PDF and XML)'
          : lang === 'it' ? 'Pagina dell’ordine' : 'Order page',
        links: { ...orderLinks(), invoice: invoiced ? sitePath(inv!.link, base) : orderLinks().order },
      };
      break;
    }
    case 'coupons_issued':
      data = { ...order(), quantity: String(f.couponsIssued ?? ''), tierLabel: await couponTierLabel(c.models, f, lang) };
      break;
    case 'company_ready':
      data = { recipientName: await companyRecipient(c.models, f), companyName: f.legalName, tierLabel: tierLabel(f.tier, lang), links: { order: await companyOrderPath(c, f) } };
      break;
    case 'company_failed':
      data = { recipientName: f.partnerName ?? f.legalName, companyName: f.legalName, orderNumber: await companyOrderNumber(c.models, f) };
      break;
    case 'order_expiring':
      data = { ...order(), total: money(f.grossCents, lang), expiresOn: formatDate(f.expiresAt, lang), links: { pay: sitePath(f.payLink, base) } };
      break;
    case 'order_refunded':
      data = {
        ...order(),
        amount: money(f.refundedCents ?? f.amountCents ?? f.grossCents, lang),
        paymentMethod: paymentMethodLabel(f.paymentMethod, lang),
        links: orderLinks(),
      };
      break;
    case 'renewal_due_client':
      data = {
        recipientName: String(f.recipientName ?? f.legalName ?? ''),
        companyName: f.legalName,
        tierLabel: tierLabel(f.tier, lang),
        expiresOn: formatDay(f.expiresOn, lang),
        graceEndsOn: formatDay(f.graceEndsOn, lang),
        total: money(f.grossCents, lang),
        note: f.awaitingOrderNumber
          ? lang === 'it'
            ? `Il rinnovo è già ordinato (ordine ${f.awaitingOrderNumber}) ed è in attesa del bonifico: non serve pagarlo di nuovo.`
            : `The renewal is already ordered (order ${f.awaitingOrderNumber}) and awaits the bank transfer: no need to pay it again.`
          : lang === 'it'
            ? 'Con la carta il rinnovo vale subito; con il bonifico, appena lo riceviamo.'
            : 'By card the renewal counts at once; by bank transfer, as soon as we receive it.',
        links: { renew: sitePath(f.link, base) },
      };
      break;
    case 'renewal_due_partner': {
      const list: { legalName: string; awaitingOrderNumber: string | null }[] = Array.isArray(f.companies) ? f.companies : [];
      const awaiting = list.filter((c) => c.awaitingOrderNumber);
      data = {
        recipientName: String(f.recipientName ?? ''),
        count: String(list.length),
        expiresOn: formatDay(f.expiresOn, lang),
        graceEndsOn: formatDay(f.graceEndsOn, lang),
        companies: list.map((c) => c.legalName).join(', '),
        note: awaiting.length
          ? (lang === 'it' ? 'Rinnovo già ordinato, in attesa del bonifico: ' : 'Renewal already ordered, awaiting the bank transfer: ') +
            awaiting.map((c) => `${c.legalName} (${c.awaitingOrderNumber})`).join(', ')
          : lang === 'it'
            ? 'Le aziende a carico dei clienti non sono in questo elenco: ricordiamo il rinnovo direttamente a loro.'
            : 'Companies paid by their clients are not in this list: we remind the clients themselves.',
      };
      break;
    }
    case 'company_suspended':
    case 'company_reactivated':
      data = { recipientName: String(f.recipientName ?? f.legalName ?? ''), companyName: f.legalName, expiresOn: formatDay(f.expiresOn, lang) };
      break;
    case 'invoice_in_tax_drawer':
      data = {
        recipientName: String(f.recipientName ?? ''),
        invoiceNumber: String(f.invoiceNumber ?? ''),
        issuedOn: formatDay(f.issueDate, lang),
        total: money(f.grossCents, lang),
        links: { invoice: sitePath(f.invoiceLink, base) },
      };
      break;
    default:
      throw new Error(`unknown email template "${String(template)}"`);
  }
  const parsed = emailSchemas[template].safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`email "${template}": stored data is incomplete (${issues})`);
  }
  return parsed.data as EmailData[K];
}
