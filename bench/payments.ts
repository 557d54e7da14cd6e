/**
 * Payments: Stripe webhook events handled per second over HTTP (signature check, event-id claim,
 * session re-read from the fake Stripe API, mark paid + fulfil), with 10 concurrent senders —
 * once with every event unique, once with 30 % of the deliveries being duplicates of others
 * (shuffled, so a duplicate often races its original). `extra_fulfilments` must be 0.
 * MariaDB figures need DATABASE_URL=mysql://…; without it the run uses SQLite and says so.
 */
import { startPaymentsServer, openCheckout, type PaymentsServer } from '../web/payments/payments.test-helper.js';
import type { StripeEvent } from '../fakes/stripe-api.js';
import { report } from './report.js';

const ORDERS_PER_RUN = 300;
const SENDERS = 10;
const DUPLICATE_SHARE = 0.3;

function shuffle<T>(a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

async function paidEvents(s: PaymentsServer, n: number): Promise<StripeEvent[]> {
  const events: StripeEvent[] = [];
  for (let i = 0; i < n; i++) {
    const o = await s.placeOrder({ sku: 'coupon-lite-1' });
    const { sessionId } = await openCheckout(s, o.payPath);
    events.push(s.fake!.completeSession(sessionId));
  }
  return events;
}

async function send(s: PaymentsServer, deliveries: StripeEvent[]): Promise<number> {
  let next = 0;
  let failures = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < deliveries.length) {
        const event = deliveries[next++]!;
        // Our own sender (fetch, keep-alive, no Nagle delay) rather than the fake's one-shot POST,
        // so the figure is the endpoint's, not the test client's.
        const { body, header } = s.fake!.signedPayload(event);
        const res = await fetch(s.webhookUrl, { method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (failures) throw new Error(`${failures} deliveries were not acknowledged`);
  return deliveries.length / seconds;
}

export async function run(): Promise<void> {
  const db = /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '') ? 'MariaDB' : 'SQLite (set DATABASE_URL for MariaDB figures)';
  console.log(`# payments: ${ORDERS_PER_RUN} orders per run, ${SENDERS} concurrent senders, database ${db}`);
  const s = await startPaymentsServer();
  try {
    // Warm-up: connections, JIT, the first statements.
    await send(s, await paidEvents(s, 100));

    const unique = await paidEvents(s, ORDERS_PER_RUN);
    const uniquePerS = await send(s, shuffle([...unique]));

    const originals = await paidEvents(s, ORDERS_PER_RUN);
    const duplicates = Math.round((originals.length * DUPLICATE_SHARE) / (1 - DUPLICATE_SHARE));
    const withDuplicates = shuffle([...originals, ...Array.from({ length: duplicates }, () => originals[Math.floor(Math.random() * originals.length)]!)]);
    const dupPerS = await send(s, withDuplicates);

    const m = s.app.db.models;
    const fulfilments = await m.AuditLog.count({ where: { action: 'order.fulfilled' } });
    const paidOrders = await m.Order.count({ where: { status: 'fulfilled' } });
    report('payments.webhook_events_per_s', dupPerS, 'events/s');
    report('payments.webhook_events_per_s_unique', uniquePerS, 'events/s');
    report('payments.duplicate_share', DUPLICATE_SHARE * 100, '%');
    report('payments.extra_fulfilments', fulfilments - paidOrders, 'fulfilments');
  } finally {
    await s.close();
  }
}
