/**
 * CSRF and response headers for the checkout pages (no sessions: the page is reached by link).
 * CSRF is a signed double submit: a random cookie, and in the form an HMAC of that cookie and the
 * invitation token under the app secret. Another site can neither read the cookie nor forge the MAC.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { pageNonce } from '../security-headers.js';

export const CSRF_COOKIE = 'sportello_csrf';

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

const mac = (secret: string, cookie: string, scope: string) => createHmac('sha256', secret).update(`csrf:${cookie}:${scope}`).digest('base64url');

/** Ensures the browser has a CSRF cookie and returns the form token bound to it and to `scope`. */
export function issueCsrfToken(req: Request, res: Response, secret: string, secureCookie: boolean, scope: string): string {
  let cookie = readCookie(req, CSRF_COOKIE);
  if (!cookie || !/^[A-Za-z0-9_-]{22,64}$/.test(cookie)) {
    cookie = randomBytes(18).toString('base64url');
    res.append('Set-Cookie', `${CSRF_COOKIE}=${cookie}; Path=/; HttpOnly; SameSite=Lax${secureCookie ? '; Secure' : ''}`);
  }
  return mac(secret, cookie, scope);
}

export function checkCsrfToken(req: Request, secret: string, scope: string, token: unknown): boolean {
  // A browser telling us the request comes from another site is refused whatever it carries.
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  const cookie = readCookie(req, CSRF_COOKIE);
  if (!cookie || typeof token !== 'string') return false;
  const a = Buffer.from(token);
  const b = Buffer.from(mac(secret, cookie, scope));
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The token is in the URL: no cache may keep the page. The Content-Security-Policy, Referrer-Policy
 * and the other security headers come from helmet (web/security-headers.ts, installed by
 * createWebApp); the page's inline style and script carry the nonce that policy names.
 * Returns that nonce.
 */
export function setPageHeaders(res: Response): string {
  res.set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  return pageNonce(res);
}
