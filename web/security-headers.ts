/**
 * Security headers of the web faces (checkout and order pages, pay pages, the sandbox page, webhooks,
 * health, error pages) through helmet. The back-office sets its own (AdminJS needs another policy), so
 * `/admin` is left to it.
 *
 * The Content-Security-Policy allows nothing from other origins and only our own inline style and
 * script, by a nonce made per response (`pageNonce(res)`): no 'unsafe-inline'. Forms may post to us and
 * be redirected on to the hosted checkout (the client form → pay link → Stripe Checkout is one form
 * submission as far as `form-action` is concerned), so that origin is allowed too.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { RequestHandler, Response } from 'express';
import type { AppConfig } from '../core/config.js';

const STRIPE_CHECKOUT_ORIGIN = 'https://checkout.stripe.com';

/** The nonce of this response's inline `<style>` and `<script>` (the one the CSP header names). */
export function pageNonce(res: Response | ServerResponse): string {
  const locals = (res as Response).locals;
  if (typeof locals.cspNonce !== 'string') locals.cspNonce = randomBytes(16).toString('base64');
  return locals.cspNonce;
}

/** Where a form of ours may end up: here, and the hosted checkout (the configured Stripe API host when set, as in tests). */
function formTargets(config: AppConfig): string[] {
  const targets = ["'self'"];
  if (config.paymentsMode !== 'stripe') return targets;
  targets.push(STRIPE_CHECKOUT_ORIGIN);
  if (config.STRIPE_API_HOST) {
    const protocol = config.STRIPE_API_PROTOCOL ?? 'https';
    targets.push(`${protocol}://${config.STRIPE_API_HOST}${config.STRIPE_API_PORT ? `:${config.STRIPE_API_PORT}` : ''}`);
  }
  return targets;
}

/** helmet with the web faces' policy. Every page of these faces takes its nonce from `pageNonce(res)`. */
export function webHelmet(config: AppConfig): RequestHandler {
  const https = config.PUBLIC_BASE_URL.startsWith('https:');
  const nonce = (_req: unknown, res: ServerResponse) => `'nonce-${pageNonce(res)}'`;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'none'"],
        'style-src': [nonce],
        'script-src': [nonce],
        'img-src': ["'self'", 'data:'],
        'base-uri': ["'none'"],
        'form-action': formTargets(config),
        'frame-ancestors': ["'none'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    // Links carry tokens (/invito/…, /pay/…, /ordine/…): no Referer may take them to another site.
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    // Over plain http (the demo on a laptop) the header means nothing; behind HTTPS it pins the site to it.
    strictTransportSecurity: https ? { maxAge: 180 * 86_400, includeSubDomains: false } : false,
  }) as RequestHandler;
}

const ADMIN = /^\/admin(\/|$)/i;

/** The web faces' headers on every path but the back-office's (case-insensitive, as express routes are). */
export function webSecurityHeaders(config: AppConfig): RequestHandler {
  const headers = webHelmet(config);
  return (req, res, next) => (ADMIN.test(req.path) ? next() : headers(req, res, next));
}
