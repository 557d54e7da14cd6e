/**
 * What an invited client bought, in their words: a company account, not "1 coupon Ordinaria" (a
 * partner's product name). Stored as the order line's description, so every page and email says it.
 */
import { tierLabels, type Tier, type ProductKind, type Lang } from '../shared/types.js';

export function clientLineDescription(product: { kind: ProductKind; tier: Tier | null; nameIt: string; nameEn: string }, lang: Lang): string {
  if (product.kind !== 'coupon' || !product.tier) return lang === 'en' ? product.nameEn : product.nameIt;
  const tier = tierLabels[product.tier][lang];
  return lang === 'en' ? `KeyContabilità company account, ${tier} (12 months)` : `Account aziendale KeyContabilità ${tier} (12 mesi)`;
}
