/**
 * The sandbox checkout page (only when no Stripe key is configured): clearly labelled as a test,
 * with pay / fail / cancel. Pay and fail produce a signed event that goes through the webhook
 * handler exactly as Stripe's would. The session id in the path is the unguessable secret.
 */
import { Router } from 'express';
import type { App } from '../../core/app.js';
import { isDomainError } from '../../core/errors.js';
import { html } from '../checkout/html.js';
import { payStrings } from './pay-strings.js';
import { pageLang, sendPage } from './render.js';
import { messageBody, orderSummary } from './pay-pages.js';

const ID = /^cs_sandbox_[A-Za-z0-9]{10,40}$/;
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

export function sandboxRoutes(app: App): Router {
  const r = Router();
  const uc = app.useCases;

  r.get('/sandbox/checkout/:id', async (req, res, next) => {
    try {
      if (!ID.test(req.params.id)) throw Object.assign(new Error('bad id'), { status: 404 });
      const { session, order, cancelUrl } = await uc.sandboxSession(req.params.id);
      const lang = pageLang(req, order.language);
      const s = payStrings[lang];
      if (session.status !== 'open') {
        return sendPage(req, res, app.config, { lang, title: s.sandboxClosedTitle, body: messageBody(s.sandboxClosedTitle, s.sandboxClosed, { testid: 'sandbox-closed', back: { href: pathOf(cancelUrl.replace(/\/cancel$/, '')), label: s.payAgain } }) });
      }
      const action = (a: string) => `/sandbox/checkout/${encodeURIComponent(session.id)}/${a}`;
      sendPage(req, res, app.config, {
        lang,
        title: s.sandboxBanner,
        body: html`<p class="summary" role="note" data-testid="sandbox-banner"><strong>${s.sandboxBanner}</strong></p>
<h1>${s.order(order.number ?? String(order.id))}</h1>
<p>${s.sandboxIntro}</p>
${orderSummary(lang, order)}
<form method="post" action="${action('pay')}"><button type="submit" data-testid="sandbox-pay">${s.sandboxPay}</button></form>
<form method="post" action="${action('fail')}"><button type="submit" data-testid="sandbox-fail">${s.sandboxFail}</button></form>
<form method="post" action="${action('cancel')}"><button type="submit" data-testid="sandbox-cancel">${s.sandboxCancel}</button></form>`,
      });
    } catch (e) {
      // Unknown ids get the app's 404 page (web/error-handler.ts).
      if ((e as any)?.status === 404 || (isDomainError(e) && e.code === 'not_found')) return next();
      next(e);
    }
  });

  for (const action of ['pay', 'fail'] as const) {
    r.post(`/sandbox/checkout/:id/${action}`, async (req, res, next) => {
      try {
        if (!ID.test(req.params.id)) return next();
        const { response, redirectTo, outcome } = await uc.sandboxAction(req.params.id, action);
        if (response.status !== 200) {
          app.log.error({ response }, 'sandbox: webhook handler refused the event');
          return void res.status(502).send('Il pagamento di prova non è stato registrato: riprova.');
        }
        const target = outcome === 'paid' ? redirectTo.replace('{CHECKOUT_SESSION_ID}', req.params.id) : `${redirectTo}?failed=1`;
        res.redirect(303, pathOf(target));
      } catch (e) {
        // not_found → 404, expired → 410: the app's error pages.
        next(e);
      }
    });
  }

  r.post('/sandbox/checkout/:id/cancel', async (req, res, next) => {
    try {
      if (!ID.test(req.params.id)) return next();
      const { cancelUrl } = await uc.sandboxSession(req.params.id);
      res.redirect(303, pathOf(cancelUrl));
    } catch (e) {
      next(e);
    }
  });
  return r;
}
