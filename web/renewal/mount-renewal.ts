/**
 * The client's renewal page `/rinnovo/<token>` (the link of the renewal reminder): the company, the
 * renewal price with VAT, card or bank transfer. GET shows it, POST places the order through the core
 * (placeRenewalOrder) and goes on to payment like the invitation checkout. Routes only translate.
 */
import express, { Router, type Request, type Response } from 'express';
import type { App } from '../../core/app.js';
import { isDomainError, type DomainError } from '../../core/errors.js';
import { formatEuro } from '../../core/shared/money.js';
import { formatDay, tierLabel } from '../../core/emails/email-data-from-facts.js';
import { payToken, statusToken } from '../../core/orders/links.js';
import type { Mount } from '../create-web-app.js';
import { bodyLimits, refuseOversized } from '../body-limits.js';
import { html } from '../checkout/html.js';
import { layout } from '../checkout/layout.js';
import { pageLangOf, type PageLang } from '../checkout/page-strings.js';
import { createRateLimiter } from '../checkout/rate-limit.js';
import { checkCsrfToken, issueCsrfToken, setPageHeaders } from '../checkout/security.js';
import { pendingOrderNotice } from '../order-status/order-status-page.js';
import { renewalStrings } from './renewal-strings.js';

type Offer = Awaited<ReturnType<App['useCases']['openRenewalLink']>>;

export function createRenewalMount(opts: { perIp?: { limit: number; windowMs: number } } = {}): Mount {
  return (server, app) => {
    const config = app.config;
    const secureCookie = config.PUBLIC_BASE_URL.startsWith('https:');
    const limiter = createRateLimiter(opts.perIp ?? { limit: 60, windowMs: 60_000 });
    const r = Router();

    const methods = (lang: PageLang) => {
      const s = renewalStrings[lang];
      return [
        ...(config.paymentsMode === 'off' ? [] : [config.paymentsMode === 'stripe' ? { value: 'stripe', label: s.payCard } : { value: 'sandbox', label: s.paySandbox }]),
        ...(config.paymentMethods.includes('bank_transfer') ? [{ value: 'bank_transfer', label: s.payBank }] : []),
      ];
    };

    function send(res: Response, status: number, lang: PageLang, path: string, body: ReturnType<typeof html>) {
      const nonce = setPageHeaders(res);
      res.status(status).send(layout({ lang, title: renewalStrings[lang].title, nonce, path, body, config }));
    }

    function problem(res: Response, lang: PageLang, path: string, e: DomainError) {
      const s = renewalStrings[lang];
      const kind = e.code === 'expired' ? 'expired' : e.code === 'already_used' ? 'already_used' : 'not_found';
      const d = e.details as { partnerName?: string; partnerEmail?: string };
      send(res, kind === 'not_found' ? 404 : 410, lang, path, html`<h1>${s.problemTitle}</h1>
<p>${s.problems[kind]}</p>
${d.partnerName && d.partnerEmail ? html`<p>${s.contactPartner(d.partnerName)} <a href="mailto:${d.partnerEmail}">${d.partnerEmail}</a></p>` : ''}`);
    }

    function page(req: Request, res: Response, token: string, lang: PageLang, offer: Offer, error?: string) {
      const s = renewalStrings[lang];
      const path = `/rinnovo/${token}`;
      const eur = (c: number) => formatEuro(c, lang);
      const rate = String(offer.product.vatRateBp / 100).replace('.', lang === 'it' ? ',' : '.');
      const csrf = issueCsrfToken(req, res, config.appSecret, secureCookie, `renewal:${token}`);
      const suspended = offer.company.subscriptionState === 'suspended';
      const pending = offer.pendingOrder;
      const body = html`<h1>${s.title}</h1>
<p>${suspended ? s.suspendedIntro(offer.company.legalName) : s.intro(offer.company.legalName, formatDay(offer.expiresOn, lang))}</p>
${pending ? pendingOrderNotice({ lang, order: pending, config, payLink: `/pay/${payToken(config, pending.id)}`, statusLink: `/ordine/${statusToken(config, pending.id)}?lang=${lang}` }) : ''}
<table>
<tr><th scope="row">${s.company}</th><td class="num">${offer.company.legalName}</td></tr>
<tr><th scope="row">${s.vatNumber}</th><td class="num">${offer.company.vatNumber}</td></tr>
<tr><th scope="row">${s.tier}</th><td class="num">${tierLabel(offer.company.tier, lang)}</td></tr>
<tr><th scope="row">${lang === 'en' ? offer.product.nameEn : offer.product.nameIt}</th><td class="num">${eur(offer.netCents)}</td></tr>
<tr><th scope="row">${s.vat(rate)}</th><td class="num">${eur(offer.vatCents)}</td></tr>
<tr class="total"><th scope="row">${s.total}</th><td class="num">${eur(offer.grossCents)}</td></tr>
</table>
<p class="muted">${suspended ? '' : s.grace(formatDay(offer.graceEndsOn, lang))} ${s.partner(offer.partner.legalName)}</p>
${pending ? '' : html`<form method="post" action="${path}?lang=${lang}" novalidate>
<input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="lang" value="${lang}">
<fieldset class="field" aria-describedby="err-paymentMethod">
<legend class="sub">${s.paymentMethod} *</legend>
${methods(lang).map((m) => html`<label class="radio"><input type="radio" name="paymentMethod" value="${m.value}" required> <span>${m.label}</span></label>`)}
<p class="error" id="err-paymentMethod" role="status">${error ?? ''}</p>
</fieldset>
<button type="submit">${s.submit}</button>
</form>`}`;
      send(res, error ? 422 : 200, lang, path, body);
    }

    r.get('/rinnovo/:token', async (req, res, next) => {
      const token = req.params.token;
      const lang = pageLangOf(req.query.lang);
      if (limiter.hit(`ip:${req.ip}`)) return void res.status(429).set('Retry-After', '60').send('');
      try {
        page(req, res, token, lang, await app.useCases.openRenewalLink(token));
      } catch (e) {
        if (isDomainError(e)) return problem(res, lang, `/rinnovo/${token}`, e);
        next(e);
      }
    });

    r.post('/rinnovo/:token', refuseOversized(bodyLimits.checkoutForm.limit), express.urlencoded({ extended: false, ...bodyLimits.checkoutForm }), async (req, res, next) => {
      const token = req.params.token;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const lang = pageLangOf(body.lang ?? req.query.lang);
      const path = `/rinnovo/${token}`;
      if (limiter.hit(`ip:${req.ip}`)) return void res.status(429).set('Retry-After', '60').send('');
      if (!checkCsrfToken(req, config.appSecret, `renewal:${token}`, body.csrf)) return void res.redirect(303, `${path}?lang=${lang}`);
      try {
        const method = typeof body.paymentMethod === 'string' ? body.paymentMethod : '';
        if (!methods(lang).some((m) => m.value === method)) return page(req, res, token, lang, await app.useCases.openRenewalLink(token), renewalStrings[lang].choose);
        const order = await app.useCases.placeRenewalOrder({ token, paymentMethod: method as 'stripe' | 'sandbox' | 'bank_transfer', language: lang });
        if (order.paymentMethod === 'bank_transfer') return res.redirect(303, `/ordine/${statusToken(config, order.id)}?lang=${lang}&placed=1`);
        return res.redirect(303, `/pay/${payToken(config, order.id)}`);
      } catch (e) {
        if (isDomainError(e)) return problem(res, lang, path, e);
        next(e);
      }
    });

    server.use(r);
  };
}

export const mountRenewal: Mount = createRenewalMount();
