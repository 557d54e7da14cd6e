/**
 * Place an order for any product kind, bought by a partner (from the bot) or by an invited client
 * (from the web checkout): the buyer is resolved (resolve-buyer.ts), the lines priced from the
 * catalogue (price-order.ts), then the order, its lines, its audit entry and its first email are
 * written in one transaction.
 */
import { z } from 'zod';
import { UniqueConstraintError, type CreationAttributes, type Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { generatePaymentReference } from './payment-reference.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueEmail } from '../outbox/queue-email.js';
import { addDays } from '../shared/clock.js';
import { paymentMethods } from '../shared/types.js';
import type { Order } from '../db/models.js';
import { orderEmailData } from './order-email-data.js';
import { resolveBuyer, type Buyer } from './resolve-buyer.js';
import { priceOrder, type PricedOrder } from './price-order.js';
import { sameVatFlag } from '../companies/same-vat-number.js';
import { clientLineDescription } from './client-wording.js';

const item = z.object({
  productId: z.number().int().positive(),
  quantity: z.number().int().min(1, 'La quantità minima è 1').max(100, 'La quantità massima è 100'),
  companyId: z.number().int().positive().optional(),
});

const schema = z.object({
  buyer: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('partner'), partnerId: z.number().int().positive(), partnerUserId: z.number().int().positive().optional() }),
    z.object({
      kind: z.literal('client'),
      invitationId: z.number().int().positive(),
      companyData: z.record(z.unknown()),
      billingEmail: z.string().email('Indirizzo email non valido').max(254),
    }),
    z.object({ kind: z.literal('renewal'), renewalLinkId: z.number().int().positive() }),
  ]),
  // Up to 100 lines: a partner renews all its expiring companies in one order.
  items: z.array(item).min(1, 'Scegli almeno un prodotto').max(100, 'Al massimo 100 prodotti per ordine'),
  paymentMethod: z.enum(paymentMethods),
  language: z.enum(['it', 'en']).default('it'),
  /**
   * The same key places one order only: a repeat returns the order placed the first time. The bot
   * sends its flow's id, so a "pay" tap replayed after a crash (the order committed, the chat's session
   * not yet written) shows the order instead of placing a second one.
   */
  requestKey: z.string().min(8).max(80).optional(),
});
export type PlaceOrderInput = z.input<typeof schema>;
type Input = z.output<typeof schema>;

export function placeOrder(ctx: Ctx) {
  const { db, config } = ctx;

  return async function execute(rawInput: PlaceOrderInput, actor: Actor): Promise<Order> {
    const input = parseInput(schema, rawInput);
    // Only the methods this installation offers (PAYMENT_METHODS): a bank-only vendor takes no card order.
    const wanted = input.paymentMethod === 'bank_transfer' ? 'bank_transfer' : 'card';
    if (!config.paymentMethods.includes(wanted)) {
      throw new DomainError('validation', wanted === 'card' ? 'Il pagamento con carta non è disponibile' : 'Il pagamento con bonifico non è disponibile', { fields: { paymentMethod: input.paymentMethod } });
    }
    if (input.paymentMethod === 'sandbox' && config.paymentsMode !== 'sandbox') {
      throw new DomainError('validation', 'Il pagamento di prova non è disponibile', { fields: { paymentMethod: 'sandbox' } });
    }
    if (input.paymentMethod === 'stripe' && config.paymentsMode === 'sandbox') input.paymentMethod = 'sandbox';

    return db.tx(async (t) => {
      if (input.requestKey) {
        const placed = await db.models.Order.findOne({ where: { requestKey: input.requestKey }, transaction: t });
        if (placed) {
          const sameBuyer =
            input.buyer.kind === 'partner' ? placed.partnerId === input.buyer.partnerId
            : input.buyer.kind === 'client' ? placed.invitationId === input.buyer.invitationId
            : placed.buyerType === 'client' && placed.invitationId === null;
          if (!sameBuyer) throw new DomainError('conflict', 'Richiesta non valida');
          placed.lines = await db.models.OrderLine.findAll({ where: { orderId: placed.id }, order: [['id', 'ASC']], transaction: t });
          return placed;
        }
      }
      const buyer = await resolveBuyer(ctx, t, input.buyer, actor);
      const priced = await priceOrder(ctx, t, buyer, input.items);
      return persistOrder(ctx, t, input, buyer, priced, actor);
    });
  };
}

/** The order row, its lines, its number, its audit entry and (when the buyer has an address) its first email. */
async function persistOrder(ctx: Ctx, t: Transaction, input: Input, buyer: Buyer, priced: PricedOrder, actor: Actor): Promise<Order> {
  const m = ctx.db.models;
  const now = ctx.clock.now();
  const order = await createWithUniqueReference(ctx, t, {
    buyerType: buyer.kind,
    partnerId: buyer.partnerId,
    companyId: priced.lines.find((l) => l.companyId)?.companyId ?? null,
    invitationId: buyer.invitationId,
    buyerName: buyer.name,
    buyerEmail: buyer.email,
    companyData: buyer.companyData,
    language: input.language,
    status: 'pending_payment',
    paymentMethod: input.paymentMethod,
    netCents: priced.netCents,
    vatCents: priced.vatCents,
    grossCents: priced.grossCents,
    stripeSessionId: null,
    stripePaymentIntentId: null,
    // an invited client buying a company whose Partita IVA already has one: staff see it on the order
    flag: buyer.kind === 'client' ? await sameVatFlag(m, buyer.companyData?.vatNumber, t) : null,
    paidAt: null,
    fulfilledAt: null,
    closedAt: null,
    expiresAt: addDays(now, ctx.config.ORDER_EXPIRY_DAYS),
    reminderSentAt: null,
    createdByPartnerUserId: actor.type === 'partner_user' ? actor.id : null,
    requestKey: input.requestKey ?? null,
    number: null,
  });
  await order.update({ number: `${now.getUTCFullYear()}-${String(order.id).padStart(6, '0')}` }, { transaction: t });

  await m.OrderLine.bulkCreate(
    priced.lines.map((l) => ({
      orderId: order.id,
      productId: l.product.id,
      productKind: l.product.kind,
      tier: l.product.tier,
      toTier: l.product.toTier,
      unitQuantity: l.product.quantity,
      description: buyer.kind === 'client' ? clientLineDescription(l.product, input.language) : input.language === 'en' ? l.product.nameEn : l.product.nameIt,
      quantity: l.quantity,
      unitNetCents: l.product.netCents,
      netCents: l.netCents,
      vatRateBp: l.product.vatRateBp,
      vatCents: l.vatCents,
      grossCents: l.grossCents,
      companyId: l.companyId,
    })),
    { transaction: t },
  );
  // Read back rather than taken from bulkCreate: on MySQL it computes the ids as consecutive, which a
  // cluster node (auto_increment_increment > 1) does not hand out.
  order.lines = await m.OrderLine.findAll({ where: { orderId: order.id }, order: [['id', 'ASC']], transaction: t });

  await recordAudit(m, t, actor, {
    action: 'order.placed',
    entityType: 'order',
    entityId: order.id,
    after: { number: order.number, status: order.status, grossCents: order.grossCents, paymentMethod: order.paymentMethod, paymentReference: order.paymentReference },
  });
  if (buyer.email) {
    await queueEmail(m, t, {
      template: order.paymentMethod === 'bank_transfer' ? 'bank_transfer_instructions' : 'order_confirmation',
      language: order.language,
      to: buyer.email,
      data: orderEmailData(ctx.config, order),
      entity: { type: 'order', id: order.id },
    });
  }
  return order;
}

/**
 * The causale is random; on the rare clash with an existing one (the unique index refuses the row,
 * which on both databases undoes that statement only, not the transaction), draw again.
 */
async function createWithUniqueReference(ctx: Ctx, t: Transaction, values: Omit<CreationAttributes<Order>, 'paymentReference'>): Promise<Order> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await ctx.db.models.Order.create({ ...values, paymentReference: generatePaymentReference() } as CreationAttributes<Order>, { transaction: t });
    } catch (e) {
      if (!(e instanceof UniqueConstraintError) || !/payment_reference/.test(String(e.parent?.message))) throw e;
    }
  }
  throw new DomainError('conflict', 'Impossibile generare una causale univoca, riprova');
}
