/**
 * `POST /webhooks/stripe`. The signature is computed over the exact bytes Stripe sent, so this
 * route reads the RAW body itself, and only this route: mount it before any app-wide body parser.
 */
import express, { Router } from 'express';
import type { App } from '../../core/app.js';

export function webhookRoute(app: App): Router {
  const r = Router();
  r.post('/webhooks/stripe', express.raw({ type: () => true, limit: '1mb' }), async (req, res, next) => {
    try {
      if (!Buffer.isBuffer(req.body)) {
        // Another parser ran first and the original bytes are gone: the signature cannot be checked.
        app.log.error('stripe webhook: body already parsed by another middleware; mount payments before body parsers');
        return void res.status(400).json({ received: false, error: 'raw body unavailable' });
      }
      const out = await app.useCases.handleStripeWebhook(req.body, req.get('stripe-signature') ?? undefined);
      res.status(out.status).json(out.body);
    } catch (e) {
      next(e);
    }
  });
  return r;
}
