/** Small builders for integration tests: a partner with a linked Telegram user, a valid company, a paid coupon order. */
import type { App } from '../core/app.js';
import type { Actor } from '../core/shared/actor.js';
import { systemActor } from '../core/shared/actor.js';

let seq = 0;
let tgSeq = 0;

/** Builds a valid Partita IVA from 7 digits and an office code (real check digit). */
export function makePartitaIva(seven = String(1_000_000 + ((seq * 7919) % 6_999_999)), office = '015'): string {
  const d = (seven + office).split('').map(Number);
  let sum = 0;
  d.forEach((v, i) => {
    if (i % 2 === 0) sum += v;
    else sum += v * 2 > 9 ? v * 2 - 9 : v * 2;
  });
  return seven + office + String((10 - (sum % 10)) % 10);
}

export const staffActor: Actor = { type: 'staff', id: 1, label: 'test staff', role: 'admin' };

export async function createPartnerWithUser(app: App, name = `Studio Test ${++seq}`) {
  const partner = await app.useCases.createPartner(
    { kind: 'service_centre', legalName: name, vatNumber: makePartitaIva(), billingEmail: `billing${seq}@example.test` },
    systemActor('test'),
  );
  const link = await app.useCases.issueLinkCode({ partnerId: partner.id, role: 'owner' }, systemActor('test'));
  // Its own counter: `seq` does not move when a name is given, and two named partners collided here.
  const tgId = 100_000 + ++tgSeq * 10 + Math.floor(Math.random() * 9);
  const { partnerUser } = await app.useCases.linkTelegramUser({ code: link.code, telegramUserId: tgId, chatId: tgId, displayName: `User ${seq}` });
  const actor: Actor = { type: 'partner_user', id: partnerUser.id, partnerId: partner.id, label: partnerUser.displayName };
  return { partner, partnerUser, actor };
}

/** Company data that passes every Italian check. */
export function validCompanyData(overrides: Record<string, unknown> = {}) {
  const vat = makePartitaIva();
  return {
    legalName: 'Rossi Impianti S.r.l.',
    legalForm: 'srl',
    vatNumber: vat,
    taxCode: vat,
    address: 'Via Garibaldi 12',
    cap: '20121',
    city: 'Milano',
    province: 'MI',
    repFirstName: 'Mario',
    repLastName: 'Rossi',
    repTaxCode: 'RSSMRA85T10A562S',
    atecoCode: '62.10.00',
    pec: 'rossi.impianti@pec.example.it',
    sdiCode: '0000000',
    email: 'info@rossi-impianti.example.it',
    phone: '+39 02 1234567',
    ...overrides,
  };
}

export async function productBySku(app: App, sku: string) {
  const p = await app.db.models.Product.findOne({ where: { sku } });
  if (!p) throw new Error(`no product ${sku}`);
  return p;
}

/** A coupon order paid and fulfilled through the use cases; returns the order and its coupons. */
export async function buyCoupons(app: App, partnerId: number, actor: Actor, sku = 'coupon-lite-5') {
  const product = await productBySku(app, sku);
  const order = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId }, items: [{ productId: product.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
  await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'staff' }, staffActor);
  const coupons = await app.db.models.Coupon.findAll({ where: { orderId: order.id } });
  return { order, coupons };
}
