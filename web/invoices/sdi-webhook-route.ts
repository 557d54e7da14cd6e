/**
 * `POST /webhooks/sdi`: an SdI receipt (the XML of MessaggiTypes) pushed by the intermediary, signed
 * over its raw bytes (core/invoicing/webhook-signature.ts). 200 once applied or already known; 401
 * unsigned; 422 not a valid receipt, or about a file Sportello never sent (redelivering cannot help);
 * 5xx (the error handler) when the database failed, so the intermediary delivers it again.
 */
import express, { Router } from 'express';
import type { App } from '../../core/app.js';
import { isDomainError } from '../../core/errors.js';
import { systemActor } from '../../core/shared/actor.js';
import { verifySdiSignature, SDI_SIGNATURE_HEADER } from '../../core/invoicing/webhook-signature.js';
import { bodyLimits, refuseOversized } from '../body-limits.js';

export function sdiWebhookRoute(app: App): Router {
  const r = Router();
  const actor = systemActor('SdI (intermediario)');
  r.post('/webhooks/sdi', refuseOversized(bodyLimits.sdiWebhook.limit), express.raw({ type: () => true, ...bodyLimits.sdiWebhook }), async (req, res, next) => {
    try {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!verifySdiSignature(app.config.sdiWebhookSecret, req.get(SDI_SIGNATURE_HEADER) ?? undefined, body)) {
        return void res.status(401).json({ error: 'firma non valida', code: 'bad_signature' });
      }
      const out = await app.useCases.applyInvoiceReceipt(body.toString('utf8'), actor);
      res.status(200).json({ received: true, duplicate: out.duplicate, state: out.state });
    } catch (e) {
      if (isDomainError(e) && (e.code === 'validation' || e.code === 'not_found')) {
        app.log.warn({ code: e.code, err: e.message }, 'sdi receipt refused');
        return void res.status(422).json({ error: e.message, code: e.code });
      }
      next(e);
    }
  });
  return r;
}
