/** The catalogue seeded on an empty database: prices are net, in cents, VAT 22 %. Staff edit it in the back-office. */
import type { ProductKind, Tier } from '../shared/types.js';

export interface ProductSeed {
  sku: string;
  kind: ProductKind;
  tier: Tier | null;
  toTier: Tier | null;
  quantity: number;
  nameIt: string;
  nameEn: string;
  netCents: number;
  vatRateBp: number;
  sort: number;
}

const VAT = 2200;
const tierName: Record<Tier, [string, string]> = { lite: ['LITE', 'LITE'], ordinary: ['Ordinaria', 'Ordinary'], corporate: ['Corporate', 'Corporate'] };
const couponPrices: Record<Tier, [number, number][]> = {
  lite: [[1, 9_900], [5, 44_500], [10, 79_000]],
  ordinary: [[1, 19_900], [5, 89_500], [10, 159_000]],
  corporate: [[1, 34_900], [5, 157_000], [10, 279_000]],
};

export function demoCatalogue(): ProductSeed[] {
  const out: ProductSeed[] = [];
  let sort = 0;
  for (const tier of ['lite', 'ordinary', 'corporate'] as Tier[]) {
    const [it, en] = tierName[tier];
    for (const [n, cents] of couponPrices[tier]) {
      out.push({ sku: `coupon-${tier}-${n}`, kind: 'coupon', tier, toTier: null, quantity: n, nameIt: `${n} coupon ${it}`, nameEn: `${n} ${en} coupon${n > 1 ? 's' : ''}`, netCents: cents, vatRateBp: VAT, sort: sort++ });
    }
  }
  for (const [n, cents] of [[100, 2_500], [500, 9_900], [1000, 17_900]]) {
    out.push({ sku: `einvoice-${n}`, kind: 'einvoice_pack', tier: null, toTier: null, quantity: n!, nameIt: `Pacchetto ${n} fatture elettroniche`, nameEn: `${n} e-invoices pack`, netCents: cents!, vatRateBp: VAT, sort: sort++ });
  }
  for (const euros of [50, 100, 250]) {
    out.push({ sku: `credit-${euros}`, kind: 'credit_topup', tier: null, toTier: null, quantity: euros * 100, nameIt: `Ricarica credito prepagato € ${euros}`, nameEn: `€${euros} prepaid credit top-up`, netCents: euros * 100, vatRateBp: VAT, sort: sort++ });
  }
  for (const tier of ['lite', 'ordinary', 'corporate'] as Tier[]) {
    const [it, en] = tierName[tier];
    out.push({ sku: `renewal-${tier}-12m`, kind: 'renewal', tier, toTier: null, quantity: 12, nameIt: `Rinnovo 12 mesi ${it}`, nameEn: `12-month ${en} renewal`, netCents: couponPrices[tier][0]![1], vatRateBp: VAT, sort: sort++ });
  }
  out.push({ sku: 'upgrade-lite-ordinary', kind: 'upgrade', tier: 'lite', toTier: 'ordinary', quantity: 1, nameIt: 'Upgrade da LITE a Ordinaria', nameEn: 'Upgrade from LITE to Ordinary', netCents: 10_000, vatRateBp: VAT, sort: sort++ });
  out.push({ sku: 'upgrade-ordinary-corporate', kind: 'upgrade', tier: 'ordinary', toTier: 'corporate', quantity: 1, nameIt: 'Upgrade da Ordinaria a Corporate', nameEn: 'Upgrade from Ordinary to Corporate', netCents: 15_000, vatRateBp: VAT, sort: sort++ });
  return out;
}
