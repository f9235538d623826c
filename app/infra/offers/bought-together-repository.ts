import type pg from "pg";
import { BOUGHT_TOGETHER_COMPANIONS } from "../../domain/offers/bought-together";
import { withTransaction } from "../db/transaction";
import { JOB_TYPES } from "../jobs/job-kinds";
import type { EnqueueOptions, JobEnqueuer } from "../jobs/job-queue";

export interface BoughtTogetherRefresh {
  /** Non-cancelled orders read. */
  orders: number;
  /** (product, companion) rows kept. */
  pairs: number;
}

/**
 * Recomputes the shop's bought-together pairs from its orders in one SQL aggregate and replaces its rows in
 * one transaction, so the thank-you page reads either the old set or the new one, never half of it. Run by
 * the refresh-bought-together job after a scoring run (a sync or backfill ends with one).
 */
export async function refreshBoughtTogether(pool: pg.Pool, shopId: string, now: Date): Promise<BoughtTogetherRefresh> {
  return withTransaction(pool, async (tx) => {
    // Two refreshes of one shop (a job and a direct call) would otherwise both insert the same keys.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('bought-together:' || $1))`, [shopId]);
    await tx.query(`DELETE FROM "BoughtTogether" WHERE "shopId" = $1`, [shopId]);
    const { rows } = await tx.query<{ orders: number; pairs: number }>(
      `WITH shop_orders AS (
         SELECT "productGids" FROM "Order" WHERE "shopId" = $1 AND "cancelledAt" IS NULL
       ),
       pairs AS (
         -- "productGids" holds each product once per order, so a count of rows is a count of orders.
         SELECT a.product, b.product AS companion, count(*)::int AS orders
         FROM shop_orders o
         CROSS JOIN LATERAL unnest(o."productGids") AS a(product)
         CROSS JOIN LATERAL unnest(o."productGids") AS b(product)
         WHERE cardinality(o."productGids") > 1 AND a.product <> b.product
         GROUP BY 1, 2
       ),
       ranked AS (
         -- Only companions the page can show (a product Encore has details of) take one of the top places.
         SELECT p.product, p.companion, p.orders, row_number() OVER (PARTITION BY p.product ORDER BY p.orders DESC, p.companion) AS place
         FROM pairs p
         WHERE EXISTS (SELECT 1 FROM "Product" x WHERE x."shopId" = $1 AND x."shopifyGid" = p.companion)
       ),
       inserted AS (
         INSERT INTO "BoughtTogether" ("shopId", "productGid", "companionGid", orders)
         SELECT $1, product, companion, orders FROM ranked WHERE place <= $2
         RETURNING 1
       )
       SELECT (SELECT count(*)::int FROM shop_orders) AS orders, (SELECT count(*)::int FROM inserted) AS pairs`,
      [shopId, BOUGHT_TOGETHER_COMPANIONS],
    );
    const { orders, pairs } = rows[0]!;
    await tx.query(
      `INSERT INTO "BoughtTogetherRun" ("shopId", "refreshedAt", orders, pairs) VALUES ($1, $2, $3, $4)
       ON CONFLICT ("shopId") DO UPDATE SET "refreshedAt" = EXCLUDED."refreshedAt", orders = EXCLUDED.orders, pairs = EXCLUDED.pairs`,
      [shopId, now, orders, pairs],
    );
    return { orders, pairs };
  });
}

export function refreshBoughtTogetherJob(shopDomain: string): EnqueueOptions {
  return { shopDomain, type: JOB_TYPES.refreshBoughtTogether, payload: {}, dedupeKey: `refresh-bought-together:${shopDomain}` };
}

/**
 * What the thank-you page calls when a shop has never been computed (installed before cross-sell was
 * precomputed, or its first scoring run has not finished): enqueues the refresh, at most once a minute per
 * shop from this process (the queue dedupes across processes; this spares it a send per request meanwhile).
 * Never throws: a failed enqueue is logged and the page is served without a cross-sell (asked again later).
 */
export function boughtTogetherRefreshRequester(
  jobs: JobEnqueuer,
  pool: pg.Pool,
  options: { minIntervalMs?: number; logger?: { warn(context: object, message: string): void } } = {},
) {
  const minIntervalMs = options.minIntervalMs ?? 60_000;
  const requestedAt = new Map<string, number>();
  return async (shop: { domain: string }): Promise<void> => {
    const last = requestedAt.get(shop.domain);
    if (last !== undefined && Date.now() - last < minIntervalMs) return;
    requestedAt.set(shop.domain, Date.now());
    try {
      if (await jobs.enqueue(pool, refreshBoughtTogetherJob(shop.domain))) jobs.wake();
    } catch (error) {
      options.logger?.warn({ shop: shop.domain, err: error instanceof Error ? error.message : String(error) }, "could not request a bought-together refresh");
    }
  };
}
