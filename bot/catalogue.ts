/**
 * The active catalogue as the bot shows it, read once and kept a few seconds. Every step of the buy
 * flow shows products (offers, quantity, summary) and the catalogue changes rarely (the back-office),
 * so a query per tap bought nothing. Only what is *shown* comes from here: `placeOrder` reads each
 * product again inside its transaction, so prices and availability of an order are always the
 * database's. A product missing from the snapshot (added since) is looked up directly.
 */
import type { App } from '../core/app.js';
import type { Product } from '../core/shared/records.js';
import type { ProductKind, Tier } from '../core/shared/types.js';

export const CATALOGUE_TTL_MS = 5_000;

/** Plain product attributes (a snapshot shared by every update, so not a live model instance). */
export type ProductView = Pick<Product, 'id' | 'sku' | 'kind' | 'tier' | 'toTier' | 'quantity' | 'nameIt' | 'nameEn' | 'netCents' | 'vatRateBp' | 'active' | 'sort'>;

export interface Catalogue {
  list(filter: { kind: ProductKind; tier?: Tier }): Promise<ProductView[]>;
  get(productId: number): Promise<ProductView>;
}

const view = (p: Product): ProductView => ({
  id: p.id, sku: p.sku, kind: p.kind, tier: p.tier, toTier: p.toTier, quantity: p.quantity, nameIt: p.nameIt, nameEn: p.nameEn,
  netCents: p.netCents, vatRateBp: p.vatRateBp, active: p.active, sort: p.sort,
});

export function createCatalogue(app: App, ttlMs = CATALOGUE_TTL_MS): Catalogue {
  type Snapshot = { at: number; all: ProductView[]; byId: Map<number, ProductView> };
  let snapshot: Snapshot | null = null;
  let loading: Promise<Snapshot> | null = null;
  const load = (): Promise<Snapshot> => {
    if (snapshot && Date.now() - snapshot.at < ttlMs) return Promise.resolve(snapshot);
    // One query for every waiting update (single flight), in catalogue order.
    loading ??= app.useCases.listProducts()
      .then((rows) => {
        const all = rows.map(view);
        const fresh: Snapshot = { at: Date.now(), all, byId: new Map(all.map((p) => [p.id, p])) };
        snapshot = fresh;
        return fresh;
      })
      .finally(() => (loading = null));
    return loading;
  };
  return {
    async list(filter) {
      if (ttlMs <= 0) return (await app.useCases.listProducts(filter)).map(view);
      const { all } = await load();
      return all.filter((p) => p.kind === filter.kind && (!filter.tier || p.tier === filter.tier));
    },
    async get(productId) {
      if (ttlMs > 0) {
        const hit = (await load()).byId.get(productId);
        if (hit) return hit;
      }
      return view(await app.useCases.getProduct(productId)); // not in the snapshot: new, or inactive (throws)
    },
  };
}
