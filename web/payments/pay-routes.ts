/**
 * `/pay/<token>`: an order waiting for payment goes to its checkout session (created now, or the
 * open one reused) or shows the bank-transfer instructions; any other order shows its state.
 * `/pay/<token>/success` and `/cancel` are where Checkout sends the payer back.
 */
import { Router, type Request, type Response, type NextFunction } from 'express';
import type { App } from '../../core/app.js';
import { isDomainError } from '../../core/errors.js';
import { payLink, statusToken } from '../../core/orders/links.js';
import { payStrings } from './pay-strings.js';
import { pageLang, sendPage } from './render.js';
import { bankTransferBody, messageBody, orderSummary, stateBody } from './pay-pages.js';
import { html } from '../checkout/html.js';

export function payRoutes(app: App): Router {
  const r = Router();
  const uc = app.useCases;

  function problem(req: Request, res: Response, next: NextFunction, e: unknown, retryHref: string) {
    if (!isDomainError(e)) return next(e);
    const lang = pageLang(req);
    const s = payStrings[lang];
    if (e.code === 'not_found') return sendPage(req, res, app.config, { status: 404, lang, title: s.notFoundTitle, body: messageBody(s.notFoundTitle, s.notFound, { testid: 'not-found' }) });
    if (e.code === 'unavailable') {
      app.log.warn({ err: e.details }, 'pay link: payment service unavailable');
      res.set('Retry-After', '60');
      return sendPage(req, res, app.config, {
        status: 503,
        lang,
        title: s.outageTitle,
        body: messageBody(s.outageTitle, s.outage, { testid: 'outage', back: { href: retryHref, label: s.retry } }),
      });
    }
    next(e);
  }

  // Link previews (chat apps, mail scanners) probe with HEAD: they must not open sessions.
  r.head('/pay/:token', (_req, res) => void res.status(200).end());

  r.get('/pay/:token', async (req, res, next) => {
    try {
      const result = await uc.openPayLink(req.params.token);
      const lang = pageLang(req, result.order.language);
      const s = payStrings[lang];
      if (result.kind === 'state') return sendPage(req, res, app.config, { lang, title: s.stateTitle, body: stateBody(lang, result.order) });
      if (result.kind === 'method_unavailable') {
        return sendPage(req, res, app.config, { status: 503, lang, title: s.methodUnavailableTitle, body: messageBody(s.methodUnavailableTitle, s.methodUnavailable, { testid: 'method-unavailable' }) });
      }
      const start = result.start;
      if (start.kind === 'redirect') return res.set('Cache-Control', 'no-store').redirect(303, start.url);
      if (start.kind === 'instructions') return sendPage(req, res, app.config, { lang, title: s.bankTitle, body: bankTransferBody(lang, result.order, start.instructions) });
      return sendPage(req, res, app.config, { lang, title: s.processingTitle, body: html`${messageBody(s.processingTitle, s.processing, { testid: 'processing' })}${orderSummary(lang, result.order)}` });
    } catch (e) {
      problem(req, res, next, e, req.originalUrl);
    }
  });

  r.get('/pay/:token/success', async (req, res, next) => {
    try {
      const order = await uc.findOrderByPayToken(req.params.token);
      const lang = pageLang(req, order.language);
      const s = payStrings[lang];
      const done = order.status === 'fulfilled' || order.status === 'paid';
      // An invited client has no bot: what they bought, what happens next, and their order's page.
      const client = order.buyerType === 'client';
      const company = String((order.companyData as Record<string, unknown> | null)?.legalName ?? order.buyerName);
      const statusHref = `/ordine/${statusToken(app.config, order.id)}?lang=${lang}`;
      const body = done && client
        ? messageBody(s.successTitle, s.successClient(company), { testid: 'success-client', back: { href: statusHref, label: s.seeOrder } })
        : done
        ? messageBody(s.successTitle, s.successFulfilled, { testid: 'success-fulfilled' })
        : order.status === 'pending_payment'
          ? messageBody(s.successTitle, s.successPending, { testid: 'success-pending' })
          : stateBody(lang, order);
      sendPage(req, res, app.config, { lang, title: s.successTitle, body: html`${body}${done ? orderSummary(lang, order) : ''}` });
    } catch (e) {
      problem(req, res, next, e, req.originalUrl);
    }
  });

  r.get('/pay/:token/cancel', async (req, res, next) => {
    try {
      const order = await uc.findOrderByPayToken(req.params.token);
      const lang = pageLang(req, order.language);
      const s = payStrings[lang];
      if (order.status !== 'pending_payment') return sendPage(req, res, app.config, { lang, title: s.stateTitle, body: stateBody(lang, order) });
      const failed = req.query.failed === '1';
      const back = { href: `${new URL(payLink(app.config, order.id)).pathname}${lang === 'en' ? '?lang=en' : ''}`, label: s.payAgain };
      sendPage(req, res, app.config, {
        lang,
        title: failed ? s.failedTitle : s.cancelTitle,
        body: messageBody(failed ? s.failedTitle : s.cancelTitle, failed ? s.failed : s.cancel, { testid: failed ? 'payment-failed' : 'payment-cancelled', back }),
      });
    } catch (e) {
      problem(req, res, next, e, req.originalUrl);
    }
  });

  return r;
}
