/**
 * Shared by the payments specs: a fresh test app wired to a fake Stripe API (or to the sandbox),
 * the payments face on a real HTTP server, and small helpers to place orders and read the outcome.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPartnerWithUser, productBySku } from '../../test/fixtures.js';
import { startFakeStripe, type FakeStripe, type StripeEvent } from '../../fakes/stripe-api.js';
import { createWebApp } from '../create-web-app.js';
import { mountPayments } from './mount-payments.js';
import { payLink } from '../../core/orders/links.js';
import type { Actor } from '../../core/shared/actor.js';
import type { PaymentMethod } from '../../core/shared/types.js';
import type { Logger } from '../../core/logger.js';

export interface PaymentsServer {
  app: TestApp;
  fake: FakeStripe | null;
  base: string;
  webhookUrl: string;
  clock: { now(): Date; shift(ms: number): void };
  partner: { id: number; actor: Actor };
  close(): Promise<void>;
  placeOrder(opts?: { sku?: string; quantity?: number; method?: PaymentMethod; language?: 'it' | 'en' }): Promise<{ id: number; grossCents: number; payPath: string }>;
  /** GET without following redirects */
  get(path: string): Promise<Response>;
  /** Delivers a fake Stripe event to our webhook (signed like Stripe). */
  deliver(event: StripeEvent, opts?: { secret?: string; timestamp?: number }): Promise<{ status: number; body: string }>;
  counts(orderId: number): Promise<{ fulfilments: number; coupons: number; events: number }>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

export async function startPaymentsServer(opts: { sandbox?: boolean; autoDeliver?: boolean; env?: Record<string, string>; log?: Logger } = {}): Promise<PaymentsServer> {
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs), shift: (ms: number) => void (offsetMs += ms) };
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const webhookUrl = `${base}/webhooks/stripe`;
  const fake = opts.sandbox ? null : await startFakeStripe(opts.autoDeliver ? { webhookUrl } : {});
  const stripeEnv: Record<string, string> = fake
    ? { STRIPE_SECRET_KEY: fake.apiKey, STRIPE_WEBHOOK_SECRET: fake.webhookSecret, STRIPE_API_HOST: fake.host, STRIPE_API_PORT: String(fake.port), STRIPE_API_PROTOCOL: 'http' }
    : {};
  const app = await createTestApp({ env: { PUBLIC_BASE_URL: base, ...stripeEnv, ...opts.env }, overrides: { clock, ...(opts.log ? { log: opts.log } : {}) } });
  const web = await createWebApp(app, { isReady: () => true, mounts: [mountPayments] });
  const server = await new Promise<Server>((resolve) => {
    const s = web.listen(port, '127.0.0.1', () => resolve(s));
  });
  const { partner, actor } = await createPartnerWithUser(app);
  const m = app.db.models;

  return {
    app,
    fake,
    base,
    webhookUrl,
    clock,
    partner: { id: partner.id, actor },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await fake?.stop();
      await app.dispose();
    },
    async placeOrder(o = {}) {
      const product = await productBySku(app, o.sku ?? 'coupon-lite-5');
      const order = await app.useCases.placeOrder(
        { buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: product.id, quantity: o.quantity ?? 1 }], paymentMethod: o.method ?? 'stripe', language: o.language ?? 'it' },
        actor,
      );
      return { id: order.id, grossCents: order.grossCents, payPath: new URL(payLink(app.config, order.id)).pathname };
    },
    get: (path) => fetch(`${base}${path}`, { redirect: 'manual' }),
    deliver(event, o = {}) {
      if (!fake) throw new Error('no fake Stripe in sandbox mode');
      return fake.deliver(event, webhookUrl, o);
    },
    async counts(orderId) {
      return {
        fulfilments: await m.AuditLog.count({ where: { action: 'order.fulfilled', entityType: 'order', entityId: String(orderId) } }),
        coupons: await m.Coupon.count({ where: { orderId } }),
        events: await m.StripeEvent.count(),
      };
    },
  };
}

/** Opens the pay link and returns the checkout session it redirected to. */
export async function openCheckout(s: PaymentsServer, payPath: string): Promise<{ sessionId: string; location: string }> {
  const res = await s.get(payPath);
  if (res.status !== 303) throw new Error(`pay link answered ${res.status}: ${await res.text()}`);
  const location = res.headers.get('location')!;
  const sessionId = location.split('/').pop()!;
  return { sessionId, location };
}
