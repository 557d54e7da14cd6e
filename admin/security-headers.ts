/**
 * Security headers of the back-office (helmet) and a Content-Security-Policy it really works under:
 * scripts only from /admin/frontend/assets/… plus, on each page, the exact inline scripts AdminJS
 * wrote into that page (their SHA-256 hashes: AdminJS puts per-page state in inline scripts and has
 * no nonce option); styles also inline (styled-components inserts <style> elements at run time);
 * fonts and images from our own origin; API calls to our own origin only. Every page and API answer
 * is `Cache-Control: no-store` (tax codes, IBANs); the static bundles may be cached.
 */
import { createHash } from 'node:crypto';
import helmet from 'helmet';
import type { Request, Response, NextFunction, RequestHandler } from 'express';

type Directives = Record<string, string[]>;

function directives(scriptHashes: string[] = []): Directives {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...scriptHashes],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    // the email preview is an iframe with srcdoc (no fetch); nothing else is framed
    'frame-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'self'"],
  };
}

const csp = (scriptHashes: string[] = []) => helmet.contentSecurityPolicy({ useDefaults: false, directives: directives(scriptHashes) });

export function adminHeaders(): RequestHandler {
  const base = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: directives() },
    // AdminJS loads nothing cross-origin that would need COEP; COEP would only break the email preview iframe.
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'sameorigin' },
    referrerPolicy: { policy: 'same-origin' },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!/^\/frontend\/assets\//i.test(req.path)) res.setHeader('Cache-Control', 'no-store');
    base(req, res, next);
  };
}

// The inline scripts of AdminJS's page and login templates, recognised by how they begin: an
// injected script elsewhere in the page gets no hash and does not run.
const KNOWN_INLINE = [/^window\.REDUX_STATE = /, /^try \{\s*window\.__APP_STATE__ = JSON\.parse\(/, /^var app = document\.getElementById\('app'\);/];
// AdminJS's templates link Google Fonts: staff browsers would send every page view to Google (and it
// fails offline). The design system falls back to the system sans-serif.
const GOOGLE_FONTS = '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto:300,400,500,700" type="text/css">';

/** The page as sent, with the policy naming exactly its own inline scripts. */
export function securePage(req: Request, res: Response, html: string): string {
  const page = html.replace(GOOGLE_FONTS, '');
  const hashes: string[] = [];
  for (const m of page.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
    if (KNOWN_INLINE.some((re) => re.test(m[1].trim()))) hashes.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
  }
  csp(hashes)(req, res, () => {});
  return page;
}
