/**
 * The client's pages (PRODUCT.md flow 5): `/invito/<token>` (GET the form, POST it) and
 * `/ordine/<token>` (order status, bank instructions). Each route only translates: input → core
 * use case → page. Nothing here logs request bodies: they carry tax codes.
 */
import express, { Router, type Request, type Response } from 'express';
import type { App } from '../../core/app.js';
import { isDomainError, type DomainError } from '../../core/errors.js';
import { formatEuro } from '../../core/shared/money.js';
import { formatDate, tierLabel } from '../../core/emails/email-data-from-facts.js';
import { orderIdFromStatusToken, payToken, statusToken } from '../../core/orders/links.js';
import { companyFields, validateCompanyData, validateEmail } from '../../core/validation/index.js';
import type { Invitation, Partner } from '../../core/shared/records.js';
import type { Mount } from '../create-web-app.js';
import { bodyLimits, refuseOversized } from '../body-limits.js';
import { checkoutBody, checkoutScript, type FormErrors, type FormKey, type FormValues } from './checkout-form.js';
import { layout } from './layout.js';
import { invitationProblemBody, messageBody, type InvitationProblem } from './message-page.js';
import { pageLangOf, pageStrings, type PageLang } from './page-strings.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { checkCsrfToken, issueCsrfToken, setPageHeaders } from './security.js';
import { orderStatusBody, pendingOrderNotice } from '../order-status/order-status-page.js';
import { optOutRoutes } from '../opt-out/opt-out-routes.js';
import { checkoutPrivacyNotice } from '../privacy/privacy-notice.js';
import { invoiceLinks } from '../invoices/invoice-links.js';

export interface CheckoutOptions {
  /** Every page, per client IP. */
  perIp?: { limit: number; windowMs: number };
  /** Every request on one invitation link (GET and POST). */
  perToken?: { limit: number; windowMs: number };
}

const formKeys: FormKey[] = [...companyFields.map((f) => f.key), 'billingEmail', 'paymentMethod', 'confirmSameVat'];

/** One string per known field, whatever the body holds (arrays, nested objects from a hostile client). */
function readForm(body: unknown): FormValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out: FormValues = {};
  for (const k of formKeys) {
    const v = Object.hasOwn(b, k) ? b[k] : undefined;
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string') out[k] = s.slice(0, 500);
  }
  return out;
}

const problemOf = (e: DomainError): InvitationProblem =>
  e.code === 'expired' ? 'expired' : e.code === 'already_used' ? 'already_used' : e.code === 'conflict' ? 'cancelled' : 'not_found';

export function createCheckoutMount(opts: CheckoutOptions = {}): Mount {
  return (server, app) => {
    const config = app.config;
    const secureCookie = config.PUBLIC_BASE_URL.startsWith('https:');
    const ipLimiter: RateLimiter = createRateLimiter(opts.perIp ?? { limit: 120, windowMs: 60_000 });
    const tokenLimiter: RateLimiter = createRateLimiter(opts.perToken ?? { limit: 30, windowMs: 10 * 60_000 });
    const r = Router();

    function send(res: Response, status: number, lang: PageLang, title: string, path: string, body: ReturnType<typeof messageBody>, script?: string) {
      const nonce = setPageHeaders(res);
      res.status(status).send(layout({ lang, title, nonce, path, body, config, script }));
    }

    /** 429 when this IP or this link is over its budget. */
    function limited(req: Request, res: Response, lang: PageLang, path: string, token?: string): boolean {
      const wait = Math.max(ipLimiter.hit(`ip:${req.ip}`), token ? tokenLimiter.hit(`t:${token.slice(0, 100)}`) : 0);
      if (!wait) return false;
      const s = pageStrings[lang];
      res.set('Retry-After', String(wait));
      send(res, 429, lang, s.rateTitle, path, messageBody(s.rateTitle, s.rateText(wait)));
      return true;
    }

    function problemPage(res: Response, lang: PageLang, path: string, e: DomainError) {
      const problem = problemOf(e);
      const d = e.details as { partnerName?: string; partnerEmail?: string; orderId?: number | null };
      const partner = d.partnerName && d.partnerEmail ? { name: d.partnerName, email: d.partnerEmail } : undefined;
      const forward = problem === 'already_used'
        ? { statusHref: d.orderId ? `/ordine/${statusToken(config, d.orderId)}?lang=${lang}` : undefined, platformUrl: config.PLATFORM_URL }
        : {};
      send(res, problem === 'not_found' ? 404 : 410, lang, pageStrings[lang].problemTitle, path, invitationProblemBody(lang, problem, partner, forward));
    }


    const paymentMethods = (lang: PageLang) => {
      const s = pageStrings[lang];
      // Only what PAYMENT_METHODS offers: a bank-only vendor shows no card choice.
      return [
        ...(config.paymentsMode === 'off' ? [] : [config.paymentsMode === 'stripe' ? { value: 'stripe', label: s.payCard } : { value: 'sandbox', label: s.paySandbox }]),
        ...(config.paymentMethods.includes('bank_transfer') ? [{ value: 'bank_transfer', label: s.payBank }] : []),
      ];
    };

    async function renderForm(req: Request, res: Response, p: { token: string; lang: PageLang; invitation: Invitation; partner: Partner; values: FormValues; errors: FormErrors; status: number; askSameVat?: boolean }) {
      const offer = await app.useCases.invitationOffer(p.invitation.tier);
      const pending = await app.useCases.pendingInvitationOrder(p.invitation.id);
      const csrf = issueCsrfToken(req, res, config.appSecret, secureCookie, p.token);
      const path = `/invito/${p.token}`;
      const eur = (c: number) => formatEuro(c, p.lang);
      const rate = p.lang === 'it' ? String(offer.vatRateBp / 100).replace('.', ',') : String(offer.vatRateBp / 100);
      const body = checkoutBody({
        lang: p.lang,
        action: `${path}?lang=${p.lang}`,
        csrf,
        partnerName: p.partner.legalName,
        tierLabel: tierLabel(p.invitation.tier, p.lang),
        productName: p.lang === 'en' ? offer.product.nameEn : offer.product.nameIt,
        net: eur(offer.netCents),
        vat: eur(offer.vatCents),
        vatRate: rate,
        total: eur(offer.grossCents),
        expiresOn: formatDate(p.invitation.expiresAt.toISOString(), p.lang),
        paymentMethods: paymentMethods(p.lang),
        values: p.values,
        errors: p.errors,
        askSameVat: p.askSameVat ?? false,
        privacyNotice: checkoutPrivacyNotice(p.lang, config, p.partner.legalName),
        pendingOrder: pending
          ? pendingOrderNotice({
              lang: p.lang,
              order: pending,
              config,
              payLink: `/pay/${payToken(config, pending.id)}`,
              statusLink: `/ordine/${statusToken(config, pending.id)}?lang=${p.lang}`,
            })
          : undefined,
      });
      send(res, p.status, p.lang, pageStrings[p.lang].checkoutTitle, path, body, checkoutScript(p.lang));
    }

    // Anything unexpected goes to the app's error handler (web/error-handler.ts): one page, one log line with the request id.
    r.get('/invito/:token', async (req, res, next) => {
      const token = req.params.token;
      const path = `/invito/${token}`;
      let lang = pageLangOf(req.query.lang);
      if (limited(req, res, lang, path, token)) return;
      try {
        const { invitation, partner } = await app.useCases.openInvitation(token);
        lang = pageLangOf(req.query.lang, invitation.language);
        await renderForm(req, res, { token, lang, invitation, partner, values: { billingEmail: invitation.clientEmail }, errors: {}, status: 200 });
      } catch (e) {
        if (isDomainError(e)) return problemPage(res, lang, path, e);
        next(e);
      }
    });

    r.post('/invito/:token', refuseOversized(bodyLimits.checkoutForm.limit), express.urlencoded({ extended: false, ...bodyLimits.checkoutForm }), async (req, res, next) => {
      const token = req.params.token;
      const path = `/invito/${token}`;
      const lang = pageLangOf((req.body as Record<string, unknown>)?.lang ?? req.query.lang);
      if (limited(req, res, lang, path, token)) return;
      const s = pageStrings[lang];
      if (!checkCsrfToken(req, config.appSecret, token, (req.body as Record<string, unknown>)?.csrf)) {
        return send(res, 403, lang, s.csrfTitle, path, messageBody(s.csrfTitle, s.csrfText, { href: `${path}?lang=${lang}`, label: s.backToForm }));
      }
      let ctx: { invitation: Invitation; partner: Partner };
      try {
        ctx = await app.useCases.openInvitation(token);
      } catch (e) {
        if (isDomainError(e)) return problemPage(res, lang, path, e);
        return next(e);
      }
      const values = readForm(req.body);
      const errors: FormErrors = {};
      const checked = validateCompanyData(values);
      if (!checked.ok) Object.assign(errors, checked.errors);
      const billing = validateEmail(values.billingEmail ?? '');
      if (!billing.ok) errors.billingEmail = billing.error;
      const methods = paymentMethods(lang).map((m) => m.value);
      if (!values.paymentMethod || !methods.includes(values.paymentMethod)) {
        errors.paymentMethod = { it: 'Scegli un metodo di pagamento.', en: 'Choose a payment method.' };
      }
      const rerender = (errs: FormErrors, askSameVat = false) => renderForm(req, res, { token, lang, ...ctx, values, errors: errs, status: 422, askSameVat });
      try {
        if (Object.keys(errors).length) return await rerender(errors);
        // A second company with a Partita IVA that already has one: only when the buyer confirms it (staff see a flag on the order).
        if (checked.ok && values.confirmSameVat !== 'yes' && (await app.useCases.vatNumberInUse(checked.value.vatNumber))) {
          return await rerender({ vatNumber: { it: s.sameVat, en: pageStrings.en.sameVat } }, true);
        }
        const offer = await app.useCases.invitationOffer(ctx.invitation.tier);
        const order = await app.useCases.placeOrder(
          {
            buyer: { kind: 'client', invitationId: ctx.invitation.id, companyData: values, billingEmail: billing.ok ? billing.value : '' },
            items: [{ productId: offer.product.id, quantity: 1 }],
            paymentMethod: values.paymentMethod as 'stripe' | 'sandbox' | 'bank_transfer',
            language: lang,
          },
          { type: 'client', label: ctx.invitation.clientEmail },
        );
        // Relative redirects: right behind any proxy or port, and POST → GET so a reload never orders twice.
        if (order.paymentMethod === 'bank_transfer') return res.redirect(303, `/ordine/${statusToken(config, order.id)}?lang=${lang}&placed=1`);
        return res.redirect(303, `/pay/${payToken(config, order.id)}`);
      } catch (e) {
        if (isDomainError(e) && e.code === 'validation') {
          const fields = (e.details.fields ?? {}) as Record<string, unknown>;
          const errs: FormErrors = {};
          for (const [k, v] of Object.entries(fields)) {
            const key = (k.split('.').pop() ?? k) as FormKey;
            errs[key] = typeof v === 'object' && v ? (v as FormErrors[FormKey])! : { it: String(v), en: String(v) };
          }
          return rerender(errs);
        }
        if (isDomainError(e)) return problemPage(res, lang, path, e);
        return next(e);
      }
    });

    r.get('/ordine/:token', async (req, res, next) => {
      const token = req.params.token;
      const path = `/ordine/${token}`;
      let lang = pageLangOf(req.query.lang);
      if (limited(req, res, lang, path)) return;
      const orderId = orderIdFromStatusToken(config, token);
      try {
        if (!orderId) throw Object.assign(new Error('bad token'), { notFound: true });
        const order = await app.useCases.getOrder(orderId);
        lang = pageLangOf(req.query.lang, order.language);
        const company = order.companyId ? await app.useCases.getCompany(order.companyId).catch(() => null) : null;
        const invoices = invoiceLinks(lang, config, await app.useCases.invoicesOfOrder(order.id));
        const body = orderStatusBody({ lang, order, company, payLink: `/pay/${payToken(config, order.id)}`, config, justPlaced: req.query.placed === '1', invoices });
        send(res, 200, lang, pageStrings[lang].orderTitle(order.number ?? String(order.id)), path, body);
      } catch (e) {
        if ((e as { notFound?: boolean }).notFound || (isDomainError(e) && e.code === 'not_found')) {
          const s = pageStrings[lang];
          return send(res, 404, lang, s.orderNotFound, path, messageBody(s.orderNotFound, ''));
        }
        next(e);
      }
    });

    r.use(optOutRoutes(app, send));
    server.use(r);
  };
}

/** Default limits; main.ts mounts this. */
export const mountCheckout: Mount = createCheckoutMount();
