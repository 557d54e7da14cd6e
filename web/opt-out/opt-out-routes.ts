/**
 * `/disiscrizione/<token>` (List-Unsubscribe's link): GET shows what will happen and a button; POST
 * records the opt-out, both from that button and from a mail client's one-click (RFC 8058: a POST
 * with `List-Unsubscribe=One-Click`, no cookies). The signed token names only its own address.
 */
import express, { Router, type Response } from 'express';
import type { App } from '../../core/app.js';
import { emailFromOptOutToken } from '../../core/emails/opt-out.js';
import { html, type SafeHtml } from '../checkout/html.js';
import { pageLangOf, type PageLang } from '../checkout/page-strings.js';

const words = {
  it: {
    title: 'Non ricevere più inviti',
    ask: (e: string) => `Vuoi che ${e} non riceva più inviti all’acquisto da nessun Centro Servizi?`,
    button: 'Sì, non voglio più inviti',
    done: (e: string) => `Fatto: ${e} non riceverà più inviti all’acquisto. Chi prova a invitarti viene avvisato.`,
    invalid: 'Questo link di disiscrizione non è valido: controlla di averlo copiato per intero.',
  },
  en: {
    title: 'No more invitations',
    ask: (e: string) => `Do you want ${e} to receive no more purchase invitations from any service centre?`,
    button: 'Yes, no more invitations',
    done: (e: string) => `Done: ${e} will receive no more purchase invitations. Whoever tries to invite you is told.`,
    invalid: 'This unsubscribe link is not valid: check you copied all of it.',
  },
};

type Send = (res: Response, status: number, lang: PageLang, title: string, path: string, body: SafeHtml) => void;

export function optOutRoutes(app: App, send: Send): Router {
  const r = Router();
  r.get('/disiscrizione/:token', (req, res) => {
    const lang = pageLangOf(req.query.lang);
    const w = words[lang];
    const path = `/disiscrizione/${req.params.token}`;
    const email = emailFromOptOutToken(app.config, req.params.token);
    if (!email) return send(res, 404, lang, w.title, path, html`<h1>${w.title}</h1><p data-testid="opt-out-invalid">${w.invalid}</p>`);
    send(res, 200, lang, w.title, path, html`<h1>${w.title}</h1>
<p>${w.ask(email)}</p>
<form method="post" action="${path}?lang=${lang}"><button type="submit" data-testid="opt-out-confirm">${w.button}</button></form>`);
  });
  r.post('/disiscrizione/:token', express.urlencoded({ extended: false, limit: '1kb', parameterLimit: 5 }), async (req, res, next) => {
    const lang = pageLangOf(req.query.lang);
    const w = words[lang];
    const path = `/disiscrizione/${req.params.token}`;
    if (!emailFromOptOutToken(app.config, req.params.token)) return send(res, 404, lang, w.title, path, html`<h1>${w.title}</h1><p data-testid="opt-out-invalid">${w.invalid}</p>`);
    try {
      const oneClick = (req.body as Record<string, unknown>)?.['List-Unsubscribe'] === 'One-Click';
      const r2 = await app.useCases.optOutEmail({ token: req.params.token, source: oneClick ? 'one_click' : 'link' });
      send(res, 200, lang, w.title, path, html`<h1>${w.title}</h1><p class="notice" data-testid="opt-out-done">${w.done(r2.email)}</p>`);
    } catch (e) {
      next(e);
    }
  });
  return r;
}
