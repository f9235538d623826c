import { LRUCache } from "lru-cache";
import { topCompanion, type ProductPairCount } from "../../domain/offers/bought-together";
import type { SqlReader } from "../db/sql-reader";

/** The cross-sell the thank-you page shows. */
export interface CrossSellProduct {
  productGid: string;
  title: string;
  handle: string;
  price: number;
  imageUrl: string | null;
  /** Orders in the shop's history that had this product together with one of this order's products. */
  boughtTogether: number;
}

interface CompanionDetails {
  title: string;
  handle: string;
  price: number;
  imageUrl: string | null;
}

interface ShopPairs {
  /** BoughtTogetherRun's row version these pairs were read with (it changes with every refresh). */
  version: string | null;
  byProduct: Map<string, ProductPairCount[]>;
  details: Map<string, CompanionDetails>;
}

/**
 * A shop's bought-together pairs (with the companions' product details) held in memory, keyed by the version
 * of its last refresh. The thank-you page reads that version with the order in its one query, so every
 * instance serves the set the database holds: a refresh moves the version and the next request reloads
 * (once per instance, concurrent requests share the load). Bounded to the most recently served shops.
 */
export class CrossSellCache {
  private readonly shops: LRUCache<string, Promise<ShopPairs>>;

  constructor(
    private readonly sql: SqlReader,
    options: { maxShops?: number } = {},
  ) {
    this.shops = new LRUCache({ max: options.maxShops ?? 500 });
  }

  /** The companion to suggest for an order's products (topCompanion), or null; `version` from the page's read. */
  async pick(shopId: string, version: string, productGids: readonly string[]): Promise<CrossSellProduct | null> {
    const pairs = await this.pairs(shopId, version);
    const best = topCompanion(
      productGids,
      productGids.flatMap((productGid) => pairs.byProduct.get(productGid) ?? []),
    );
    const details = best && pairs.details.get(best.productGid);
    return best && details ? { productGid: best.productGid, boughtTogether: best.boughtTogether, ...details } : null;
  }

  private async pairs(shopId: string, version: string): Promise<ShopPairs> {
    const cached = this.shops.get(shopId);
    if (cached) {
      const pairs = await cached.catch(() => null);
      if (pairs && pairs.version === version) return pairs;
      // A newer refresh (or a failed load): read again, unless a concurrent request already started that.
      if (this.shops.get(shopId) !== cached) return this.pairs(shopId, version);
    }
    const loading = this.load(shopId);
    this.shops.set(shopId, loading);
    loading.catch(() => this.shops.get(shopId) === loading && this.shops.delete(shopId));
    return loading;
  }

  private async load(shopId: string): Promise<ShopPairs> {
    // The version is read in the same statement (one snapshot), so the pairs are exactly that version's; the
    // version's row comes back even when the shop has no pairs.
    const { rows } = await this.sql.query<{ version: string | null; productGid: string | null; companionGid: string; orders: number; title: string; handle: string; price: string; imageUrl: string | null }>(
      `SELECT v.version, bt."productGid", bt."companionGid", bt.orders, p.title, p.handle, p.price::text AS price, p."imageUrl"
       FROM (SELECT (SELECT r.xmin::text FROM "BoughtTogetherRun" r WHERE r."shopId" = $1) AS version) v
       LEFT JOIN ("BoughtTogether" bt JOIN "Product" p ON p."shopId" = bt."shopId" AND p."shopifyGid" = bt."companionGid")
         ON bt."shopId" = $1`,
      [shopId],
      "cross-sell-pairs",
    );
    const byProduct = new Map<string, ProductPairCount[]>();
    const details = new Map<string, CompanionDetails>();
    for (const row of rows) {
      if (row.productGid === null) continue;
      const list = byProduct.get(row.productGid) ?? [];
      list.push({ productGid: row.productGid, companionGid: row.companionGid, orders: row.orders });
      byProduct.set(row.productGid, list);
      details.set(row.companionGid, { title: row.title, handle: row.handle, price: Number(row.price), imageUrl: row.imageUrl });
    }
    const version = rows[0]?.version ?? null;
    return { version, byProduct, details };
  }
}
