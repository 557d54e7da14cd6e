/**
 * Every body the web faces read, with its limit in one place, and the guard that applies it first.
 *
 * `refuseOversized` looks at the declared Content-Length before anything else runs on the route (no
 * parsing, no signature check, no database): over the limit, the app's error handler answers 413 at
 * once and the connection is closed after the answer, so the rest of the body is never read.
 * body-parser then enforces the same limit on bodies sent without a length (chunked), and reports
 * aborted or truncated bodies (400). (The back-office's limits are its own, in admin/.)
 */
import type { RequestHandler } from 'express';

export const bodyLimits = {
  /** A Stripe event is a few kilobytes; the margin is there because a refused genuine event is a lost payment. */
  stripeWebhook: { limit: 1024 * 1024 },
  /** An SdI receipt is a few kilobytes; a NotificaScarto lists at most 200 errors. */
  sdiWebhook: { limit: 1024 * 1024 },
  /** The client's company form: about twenty short fields. */
  checkoutForm: { limit: 32 * 1024, parameterLimit: 60 },
} as const;

/** 413 for a declared length over `limit`, decided on the headers alone. */
export function refuseOversized(limit: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    if (!(declared > limit)) return next();
    res.set('Connection', 'close');
    next(Object.assign(new Error('declared body over the limit'), { status: 413, type: 'entity.too.large' }));
  };
}
