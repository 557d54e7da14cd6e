/**
 * Place an order for any product kind, bought by a partner (from the bot) or by an invited client
 * (from the web checkout). Prices come from the catalogue, never from the caller.
 */
import { z } from 'zod';
import type { CreationAttributes, Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { computeTotals } from './totals.js';
import { generatePaymentReference } from './payment-reference.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueEmail } from '../outbox/queue-email.js';
import { addDays } from '../shared/clock.js';
import { companyProductKinds, paymentMethods, type Tier } from '../shared/types.js';
import type { Company, Order, Product } from '../db/models.js';
import { insertRow, insertRows, runSql, selectSql, together } from '../db/raw-sql.js';
import { validateCompanyData } from '../validation/index.js';
import { orderEmailData } from './order-email-data.js';
import { queueCheckoutSessionExpiry } from '../payments/expire-checkout-session.js';

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
  ]),
  items: z.array(item).min(1, 'Scegli almeno un prodotto').max(20),
  paymentMethod: z.enum(paymentMethods),
  language: z.enum(['it', 'en']).default('it'),
});
export type PlaceOrderInput = z.input<typeof schema>;

export function placeOrder(ctx: Ctx) {
  const { db, config, clock } = ctx;
  const m = db.models;

  async function checkCompanyProduct(t: Transaction, product: Offer, partnerId: number, companyId: number | undefined): Promise<Company> {
    if (!companyId) throw new DomainError('validation', 'Scegli l’azienda a cui si riferisce il prodotto', { fields: { companyId: 'required' } });
    const company = await m.Company.findOne({ where: { id: companyId, partnerId }, transaction: t });
    if (!company) throw new DomainError('not_found', 'Azienda non trovata');
    if (company.payer !== 'partner') {
      throw new DomainError('forbidden', 'Questa azienda acquista da sé i propri prodotti (invito all’acquisto)');
    }
    if (product.kind === 'renewal' && product.tier !== company.tier) {
      throw new DomainError('validation', 'Il rinnovo deve essere della stessa tipologia dell’azienda', { fields: { productId: 'tier' } });
    }
    if (product.kind === 'upgrade' && product.tier !== company.tier) {
      throw new DomainError('validation', 'Questo upgrade non parte dalla tipologia attuale dell’azienda', { fields: { productId: 'tier' } });
    }
    return company;
  }

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
      let partnerId: number;
      let buyerName: string;
      let buyerEmail: string | null;
      let invitationId: number | null = null;
      let companyData: Record<string, unknown> | null = null;
      let invitedTier: Tier | null = null;

      const productIds = input.items.map((i) => i.productId);
      let products: Offer[];
      if (input.buyer.kind === 'partner') {
        if (actor.type === 'partner_user' && actor.partnerId !== input.buyer.partnerId) throw new DomainError('forbidden', 'Operazione non consentita');
        const [[partner], offers] = await together([
          selectSql<{ id: number; active: number; legal_name: string; billing_email: string | null }>(
            t, 'SELECT id, active, legal_name, billing_email FROM partners WHERE id = ?', [input.buyer.partnerId]),
          selectOffers(t, productIds),
        ] as const);
        if (!partner || !partner.active) throw new DomainError('not_found', 'Centro Servizi non trovato');
        products = offers;
        partnerId = partner.id;
        buyerName = partner.legal_name;
        buyerEmail = partner.billing_email;
      } else {
        const inv = await m.Invitation.findByPk(input.buyer.invitationId, { transaction: t, lock: t.LOCK.UPDATE });
        if (!inv) throw new DomainError('not_found', 'Invito non trovato');
        if (inv.status === 'cancelled') throw new DomainError('conflict', 'Questo invito è stato annullato');
        if (inv.status === 'purchased') throw new DomainError('already_used', 'Questo invito è già stato usato');
        if (inv.status === 'expired' || inv.expiresAt <= clock.now()) throw new DomainError('expired', 'Questo invito è scaduto');
        const checked = validateCompanyData(input.buyer.companyData);
        if (!checked.ok) throw new DomainError('validation', 'Dati aziendali non validi', { fields: checked.errors });
        partnerId = inv.partnerId;
        invitationId = inv.id;
        invitedTier = inv.tier;
        companyData = checked.value as unknown as Record<string, unknown>;
        buyerName = checked.value.legalName;
        buyerEmail = input.buyer.billingEmail;
        // A client who comes back replaces its unpaid order instead of piling up a second one.
        const replaced = await m.Order.findAll({ where: { invitationId: inv.id, status: 'pending_payment' }, transaction: t });
        for (const old of replaced) {
          const [won] = await m.Order.update({ status: 'cancelled', closedAt: clock.now() }, { where: { id: old.id, status: 'pending_payment' }, transaction: t });
          if (won) {
            await recordAudit(m, t, actor, { action: 'order.cancelled', entityType: 'order', entityId: old.id, before: { status: 'pending_payment' }, after: { status: 'cancelled', reason: 'replaced by a new order from the same invitation' } });
            // The replaced order's checkout session must not stay payable beside the new order's.
            const closed = await m.Order.findByPk(old.id, { transaction: t, attributes: ['id', 'stripeSessionId'] });
            await queueCheckoutSessionExpiry(m, t, old.id, closed?.stripeSessionId ?? null);
          }
        }
        products = await selectOffers(t, productIds);
      }

      const byId = new Map(products.map((p) => [p.id, p]));
      const lineInputs: { product: Offer; quantity: number; companyId: number | null }[] = [];
      for (const it of input.items) {
        const product = byId.get(it.productId);
        if (!product || !product.active) throw new DomainError('not_found', 'Prodotto non disponibile', { productId: it.productId });
        let companyId: number | null = null;
        if (invitedTier) {
          // An invited client buys exactly its own company account of the tier it was invited to.
          if (product.kind !== 'coupon' || product.tier !== invitedTier || product.quantity !== 1 || it.quantity !== 1 || input.items.length !== 1) {
            throw new DomainError('validation', 'Prodotto non acquistabile con questo invito', { fields: { productId: 'invitation' } });
          }
        } else if (companyProductKinds.includes(product.kind)) {
          companyId = (await checkCompanyProduct(t, product, partnerId, it.companyId)).id;
        }
        lineInputs.push({ product, quantity: it.quantity, companyId });
      }

      const totals = computeTotals(lineInputs.map((l) => ({ unitNetCents: l.product.netCents, quantity: l.quantity, vatRateBp: l.product.vatRateBp })));
      const now = clock.now();
      const order = await createWithUniqueReference(t, {
        buyerType: input.buyer.kind === 'partner' ? 'partner' : 'client',
        partnerId,
        companyId: lineInputs.find((l) => l.companyId)?.companyId ?? null,
        invitationId,
        buyerName,
        buyerEmail,
        companyData,
        language: input.language,
        status: 'pending_payment',
        paymentMethod: input.paymentMethod,
        netCents: totals.netCents,
        vatCents: totals.vatCents,
        grossCents: totals.grossCents,
        stripeSessionId: null,
        stripePaymentIntentId: null,
        flag: null,
        paidAt: null,
        fulfilledAt: null,
        closedAt: null,
        expiresAt: addDays(now, config.ORDER_EXPIRY_DAYS),
        reminderSentAt: null,
        createdByPartnerUserId: actor.type === 'partner_user' ? actor.id : null,
        number: null,
      });
      const number = `${now.getUTCFullYear()}-${String(order.id).padStart(6, '0')}`;
      order.setDataValue('number', number);
      // The rest depends only on the order's id: issued together, awaited once (see raw-sql.ts).
      const lineValues = lineInputs.map((l, i) => ({
        orderId: order.id,
        productId: l.product.id,
        productKind: l.product.kind,
        tier: l.product.tier,
        toTier: l.product.toTier,
        unitQuantity: l.product.quantity,
        description: input.language === 'en' ? l.product.nameEn : l.product.nameIt,
        quantity: l.quantity,
        unitNetCents: l.product.netCents,
        netCents: totals.lines[i]!.netCents,
        vatRateBp: l.product.vatRateBp,
        vatCents: totals.lines[i]!.vatCents,
        grossCents: totals.lines[i]!.grossCents,
        companyId: l.companyId,
      }));
      const [lines] = await together([
        insertRows(t, m.OrderLine, lineValues),
        runSql(t, 'UPDATE orders SET number = ? WHERE id = ?', [number, order.id]),
        recordAudit(m, t, actor, {
          action: 'order.placed',
          entityType: 'order',
          entityId: order.id,
          after: { number, status: order.status, grossCents: order.grossCents, paymentMethod: order.paymentMethod, paymentReference: order.paymentReference },
        }),
        buyerEmail
          ? queueEmail(m, t, {
              template: order.paymentMethod === 'bank_transfer' ? 'bank_transfer_instructions' : 'order_confirmation',
              language: order.language,
              to: buyerEmail,
              data: orderEmailData(config, order, lineValues),
              entity: { type: 'order', id: order.id },
            })
          : null,
      ] as const);
      order.lines = lines;
      return order;
    });
  };

  /** The catalogue rows an order is priced from, read in its transaction. */
  async function selectOffers(t: Transaction, ids: number[]): Promise<Offer[]> {
    const rows = await selectSql<Record<string, any>>(
      t,
      `SELECT id, kind, tier, to_tier, quantity, name_it, name_en, net_cents, vat_rate_bp, active FROM products WHERE id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    return rows.map((r) => ({
      id: r.id, kind: r.kind, tier: r.tier, toTier: r.to_tier, quantity: r.quantity, nameIt: r.name_it, nameEn: r.name_en,
      netCents: r.net_cents, vatRateBp: r.vat_rate_bp, active: Boolean(r.active),
    }));
  }

  /**
   * The causale is random; on the rare clash with an existing one (the unique index refuses the row,
   * which on both databases undoes that statement only, not the transaction), draw again.
   */
  async function createWithUniqueReference(t: Transaction, values: Omit<CreationAttributes<Order>, 'paymentReference'>): Promise<Order> {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        return await insertRow(t, m.Order, { ...values, paymentReference: generatePaymentReference() } as CreationAttributes<Order>);
      } catch (e: any) {
        if (!/payment_reference/.test(String(e?.message)) || !/UNIQUE|Duplicate/i.test(String(e?.message))) throw e;
      }
    }
    throw new DomainError('conflict', 'Impossibile generare una causale univoca, riprova');
  }
}

type Offer = Pick<Product, 'id' | 'kind' | 'tier' | 'toTier' | 'quantity' | 'nameIt' | 'nameEn' | 'netCents' | 'vatRateBp' | 'active'>;
