/**
 * `POST /webhooks/stripe`. The signature is computed over the exact bytes Stripe sent, so this
 * route reads the RAW body itself, and only this route: mount it before any app-wide body parser.
 * A body over the limit is refused (413) before it is read or its signature looked at.
 */
import express, { Router } from 'express';
import type { App } from '../../core/app.js';
import { bodyLimits, refuseOversized } from '../body-limits.js';

export function webhookRoute(app: App): Router {
  const r = Router();
  r.post('/webhooks/stripe', refuseOversized(bodyLimits.stripeWebhook.limit), express.raw({ type: () => true, ...bodyLimits.stripeWebhook }), async (req, res, next) => {
    try {
      // body-parser leaves `{}` on a request without a body: that is an empty body (refused by the signature check).
      const bodiless = req.headers['transfer-encoding'] === undefined && !Number(req.headers['content-length'] ?? 0);
      if (bodiless && !Buffer.isBuffer(req.body)) req.body = Buffer.alloc(0);
      if (!Buffer.isBuffer(req.body)) {
        // Another parser ran first and the original bytes are gone: the signature cannot be checked.
        app.log.error('stripe webhook: body already parsed by another middleware; mount payments before body parsers');
        return void res.status(400).json({ received: false, error: 'raw body unavailable' });
      }
      const out = await app.useCases.handleStripeWebhook(req.body, req.get('stripe-signature') ?? undefined);
      res.status(out.status).json(out.body);
    } catch (e) {
      // Not applied (the database did not answer…): the app's error handler answers 500, and Stripe redelivers.
      next(e);
    }
  });
  return r;
}
