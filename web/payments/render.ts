/** Sends a payments page in the site's shell (the checkout pages' layout, no-store, the CSP nonce). */
import type { Request, Response } from 'express';
import type { AppConfig } from '../../core/config.js';
import type { SafeHtml } from '../checkout/html.js';
import { layout } from '../checkout/layout.js';
import { setPageHeaders } from '../checkout/security.js';
import type { Lang } from './pay-strings.js';

/** `?lang=` wins, then the order's language, then Italian. */
export function pageLang(req: Request, fallback?: string): Lang {
  const q = req.query.lang;
  if (q === 'it' || q === 'en') return q;
  return fallback === 'en' ? 'en' : 'it';
}

export function sendPage(req: Request, res: Response, config: AppConfig, p: { status?: number; lang: Lang; title: string; body: SafeHtml }) {
  const nonce = setPageHeaders(res);
  res.status(p.status ?? 200).send(layout({ lang: p.lang, title: p.title, nonce, path: req.path, body: p.body, config }));
}
