/** Builders for renewal tests and the bench: companies with a chosen expiry, a clock tests can move, paying a renewal. */
import type { App } from '../core/app.js';
import type { Actor } from '../core/shared/actor.js';
import type { Clock } from '../core/shared/clock.js';
import type { Payer, Tier } from '../core/shared/types.js';
import { makePartitaIva, productBySku, staffActor } from './fixtures.js';

export function movableClock(start: Date): Clock & { set(d: Date | string): void } {
  let now = new Date(start);
  return { now: () => new Date(now), set: (d) => (now = new Date(d)) };
}

let n = 0;
export function companyRow(partnerId: number, expiresAt: Date, opts: { payer?: Payer; tier?: Tier; legalName?: string; email?: string } = {}) {
  const vat = makePartitaIva(String(1_000_000 + (++n % 8_999_999)));
  return {
    partnerId,
    payer: opts.payer ?? 'partner',
    tier: opts.tier ?? 'lite',
    legalName: opts.legalName ?? `Azienda ${n} S.r.l.`,
    legalForm: 'srl',
    vatNumber: vat,
    taxCode: vat,
    address: 'Via Roma 1',
    cap: '20121',
    city: 'Milano',
    province: 'MI',
    repFirstName: 'Mario',
    repLastName: 'Rossi',
    repTaxCode: 'RSSMRA85T10A562S',
    atecoCode: '62.10.00',
    pec: null,
    sdiCode: '0000000',
    email: opts.email ?? `azienda${n}@example.test`,
    phone: null,
    couponId: null,
    orderId: null,
    provisioningState: 'active' as const,
    provisioningError: null,
    externalAccountId: `kc-${n}`,
    subscriptionExpiresAt: expiresAt,
  };
}

export async function makeCompany(app: App, partnerId: number, expiresAt: Date, opts: Parameters<typeof companyRow>[2] = {}) {
  const c = await app.db.models.Company.create(companyRow(partnerId, expiresAt, opts));
  await app.db.models.CompanyAccount.create({ companyId: c.id, externalId: c.externalAccountId! });
  return c;
}

/** A partner's renewal order for its companies, paid by bank transfer reconciled by staff (or left unpaid). */
export async function renewByPartner(app: App, partnerId: number, actor: Actor, companyIds: number[], opts: { pay?: boolean; tier?: Tier } = {}) {
  const product = await productBySku(app, `renewal-${opts.tier ?? 'lite'}-12m`);
  const order = await app.useCases.placeOrder(
    { buyer: { kind: 'partner', partnerId }, items: companyIds.map((companyId) => ({ productId: product.id, quantity: 1, companyId })), paymentMethod: 'bank_transfer' },
    actor,
  );
  if (opts.pay !== false) await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'staff' }, staffActor);
  return order;
}
