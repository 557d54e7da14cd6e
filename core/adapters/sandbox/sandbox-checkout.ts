/**
 * The sandbox CheckoutProvider, used when no Stripe key is configured: sessions live in our own
 * table and are "paid" on a clearly labelled local page. Its events are signed with the sandbox
 * webhook secret and go through the very same webhook handler as Stripe's, so a demo exercises the
 * real fulfilment path. Ids look like Stripe's (cs_/pi_/ch_/evt_ + "sandbox_") to be recognisable.
 */
import { UniqueConstraintError } from 'sequelize';
import type { Ctx } from '../../shared/context.js';
import { DomainError } from '../../errors.js';
import { randomToken } from '../../shared/tokens.js';
import { addHours } from '../../shared/clock.js';
import { SandboxCheckoutSession } from '../../db/payment-models.js';
import type { CheckoutProvider, CheckoutSessionView } from '../../payments/payment-gateway.js';
import { signPayload, verifyStripeSignature } from '../stripe/verify-webhook.js';

const newId = (prefix: string) => `${prefix}_sandbox_${randomToken(18).replace(/[-_]/g, 'x')}`;
/** Stripe's default session lifetime. */
const SESSION_HOURS = 24;

export const sandboxCheckoutPath = (sessionId: string) => `/sandbox/checkout/${sessionId}`;

function view(s: SandboxCheckoutSession, baseUrl: string): CheckoutSessionView {
  return {
    id: s.id,
    url: s.status === 'open' ? `${baseUrl}${sandboxCheckoutPath(s.id)}` : null,
    status: s.status,
    paymentStatus: s.paymentStatus,
    amountTotal: s.amountTotal,
    currency: s.currency,
    clientReferenceId: String(s.orderId),
    metadataOrderId: String(s.orderId),
    paymentIntentId: s.paymentIntentId,
    paymentIntentStatus: s.paymentIntentStatus,
  };
}

/** The session as Stripe would put it in an event's `data.object` (what the handler receives). */
function stripeShape(s: SandboxCheckoutSession) {
  return {
    id: s.id,
    object: 'checkout.session',
    amount_total: s.amountTotal,
    currency: s.currency.toLowerCase(),
    client_reference_id: String(s.orderId),
    metadata: { orderId: String(s.orderId) },
    payment_intent: s.paymentIntentId,
    payment_status: s.paymentStatus,
    status: s.status,
    livemode: false,
  };
}

export interface SignedEvent {
  payload: string;
  signature: string;
  successUrl: string;
  cancelUrl: string;
}

export type SandboxCheckout = CheckoutProvider & {
  find(sessionId: string): Promise<SandboxCheckoutSession | null>;
  /** The payer pressed "pay": the session completes, paid, and a signed `checkout.session.completed` is returned. */
  pay(sessionId: string): Promise<SignedEvent>;
  /** The payer pressed "fail": like a delayed payment method that bounced. */
  fail(sessionId: string): Promise<SignedEvent>;
};

export function sandboxCheckout(ctx: Ctx): SandboxCheckout {
  const baseUrl = ctx.config.PUBLIC_BASE_URL.replace(/\/$/, '');
  const secret = ctx.config.sandboxWebhookSecret;

  async function load(sessionId: string): Promise<SandboxCheckoutSession> {
    const s = await ctx.db.models.SandboxCheckoutSession.findByPk(sessionId);
    if (!s) throw new DomainError('not_found', 'Sessione di pagamento non trovata');
    if (s.status === 'open' && s.expiresAt <= ctx.clock.now()) {
      await ctx.db.models.SandboxCheckoutSession.update({ status: 'expired' }, { where: { id: s.id, status: 'open' } });
      return (await ctx.db.models.SandboxCheckoutSession.findByPk(sessionId))!;
    }
    return s;
  }

  function signed(type: string, s: SandboxCheckoutSession): SignedEvent {
    const payload = JSON.stringify({
      id: newId('evt'),
      object: 'event',
      type,
      created: Math.floor(ctx.clock.now().getTime() / 1000),
      livemode: false,
      data: { object: stripeShape(s) },
    });
    return { payload, signature: signPayload(payload, secret), successUrl: s.successUrl, cancelUrl: s.cancelUrl };
  }

  async function settle(sessionId: string, values: Partial<SandboxCheckoutSession>, eventType: string): Promise<SignedEvent> {
    const s = await load(sessionId);
    if (s.status === 'expired') throw new DomainError('expired', 'Questa sessione di pagamento è scaduta');
    // Conditional: a second click on an already completed session changes nothing (its event is a no-op).
    await ctx.db.models.SandboxCheckoutSession.update(values, { where: { id: s.id, status: 'open' } });
    return signed(eventType, (await ctx.db.models.SandboxCheckoutSession.findByPk(sessionId))!);
  }

  return {
    source: 'sandbox',
    async createSession(req, idempotencyKey) {
      const existing = await ctx.db.models.SandboxCheckoutSession.findOne({ where: { idempotencyKey } });
      if (existing) return view(existing, baseUrl);
      const amountTotal = req.lines.reduce((sum, l) => sum + l.quantity * l.unitAmountCents, 0);
      try {
        const s = await ctx.db.models.SandboxCheckoutSession.create({
          id: newId('cs'),
          idempotencyKey,
          orderId: req.orderId,
          amountTotal,
          currency: req.currency.toUpperCase(),
          status: 'open',
          paymentStatus: 'unpaid',
          paymentIntentId: null,
          paymentIntentStatus: null,
          chargeId: null,
          successUrl: req.successUrl,
          cancelUrl: req.cancelUrl,
          expiresAt: addHours(ctx.clock.now(), SESSION_HOURS),
        });
        return view(s, baseUrl);
      } catch (e) {
        // Two clicks at once with the same key: like Stripe, both get the one session.
        if (e instanceof UniqueConstraintError) return view((await ctx.db.models.SandboxCheckoutSession.findOne({ where: { idempotencyKey } }))!, baseUrl);
        throw e;
      }
    },
    async retrieveSession(sessionId) {
      return view(await load(sessionId), baseUrl);
    },
    async expireSession(sessionId) {
      const s = await load(sessionId);
      // Conditional, like settle(): a payment pressed at the same moment wins or loses as a whole.
      const [n] = await ctx.db.models.SandboxCheckoutSession.update({ status: 'expired' }, { where: { id: s.id, status: 'open' } });
      if (n === 1) return { status: 'expired' as const, expiredNow: true };
      return { status: (await load(sessionId)).status, expiredNow: false };
    },
    async retrieveCharge(chargeId) {
      const s = await ctx.db.models.SandboxCheckoutSession.findOne({ where: { chargeId } });
      if (!s) throw new DomainError('not_found', 'Addebito non trovato');
      return { id: chargeId, paymentIntentId: s.paymentIntentId, metadataOrderId: String(s.orderId), amount: s.amountTotal, amountRefunded: s.amountRefunded, currency: s.currency, refunded: s.amountRefunded >= s.amountTotal };
    },
    async refund(paymentIntentId, _idempotencyKey, amountCents) {
      const s = await ctx.db.models.SandboxCheckoutSession.findOne({ where: { paymentIntentId } });
      if (!s || s.paymentStatus !== 'paid') throw new DomainError('not_found', 'Pagamento non trovato');
      const amount = Math.min(amountCents ?? s.amountTotal, s.amountTotal);
      // Setting (not adding) the refunded amount keeps a repeated call harmless, like an idempotency key.
      await ctx.db.models.SandboxCheckoutSession.update({ amountRefunded: amount }, { where: { id: s.id } });
      return { id: `re_sandbox_${s.id.slice(11)}`, amountCents: amount };
    },
    verifyEvent(rawBody, header) {
      return verifyStripeSignature(rawBody, header, secret);
    },
    find: (sessionId) => ctx.db.models.SandboxCheckoutSession.findByPk(sessionId),
    pay: (sessionId) =>
      settle(sessionId, { status: 'complete', paymentStatus: 'paid', paymentIntentId: newId('pi'), paymentIntentStatus: 'succeeded', chargeId: newId('ch') }, 'checkout.session.completed'),
    fail: (sessionId) =>
      settle(sessionId, { status: 'complete', paymentStatus: 'unpaid', paymentIntentId: newId('pi'), paymentIntentStatus: 'requires_payment_method' }, 'checkout.session.async_payment_failed'),
  };
}
