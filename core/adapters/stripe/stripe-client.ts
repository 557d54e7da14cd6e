/**
 * The Stripe SDK client, configured once. The API version is pinned so that a Stripe-side default
 * change never alters the shapes we read; retries are explicit (every POST we send carries our own
 * idempotency key, so a retried request can never create a second session or refund).
 */
import Stripe from 'stripe';
import type { AppConfig } from '../../config.js';

export const STRIPE_API_VERSION = '2026-10-28.endive' as const;
export const STRIPE_MAX_NETWORK_RETRIES = 2;
/** A payer waits on the pay link while we talk to Stripe: fail clearly rather than hang. */
export const STRIPE_TIMEOUT_MS = 10_000;

export function createStripeClient(config: AppConfig): Stripe {
  if (!config.STRIPE_SECRET_KEY) throw new Error('STRIPE_SECRET_KEY is not set');
  return new Stripe(config.STRIPE_SECRET_KEY, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: STRIPE_MAX_NETWORK_RETRIES,
    timeout: STRIPE_TIMEOUT_MS,
    telemetry: false,
    ...(config.STRIPE_API_HOST ? { host: config.STRIPE_API_HOST } : {}),
    ...(config.STRIPE_API_PORT ? { port: config.STRIPE_API_PORT } : {}),
    ...(config.STRIPE_API_PROTOCOL ? { protocol: config.STRIPE_API_PROTOCOL } : {}),
  });
}
