import type pg from "pg";
import type { ShopCounts } from "../../domain/metrics/shop-counts";

type Queryable = Pick<pg.Pool, "query">;

export interface ShopUsage extends ShopCounts {
  scoredCustomers: number;
  activeOffers: number;
  couponsIssued30d: number;
}

/** Plan and usage figures for the Settings page; counts as defined in app/domain/metrics/shop-counts.ts. */
export class ShopUsageRepository {
  constructor(private readonly db: Queryable) {}

  async usage(shopId: string, now: Date): Promise<ShopUsage> {
    const { rows } = await this.db.query(
      `WITH orders AS (
         SELECT count(*) FILTER (WHERE "cancelledAt" IS NULL)::int AS orders,
                count(*) FILTER (WHERE "cancelledAt" IS NOT NULL)::int AS "cancelledOrders",
                count(*) FILTER (WHERE "cancelledAt" IS NULL AND "customerId" IS NOT NULL)::int AS "customerOrders",
                count(DISTINCT "customerId") FILTER (WHERE "cancelledAt" IS NULL)::int AS customers
         FROM "Order" WHERE "shopId" = $1
       )
       SELECT o.customers,
              ((SELECT count(*) FROM "Customer" WHERE "shopId" = $1) - o.customers)::int AS "customerRecordsWithoutOrders",
              o.orders, o."cancelledOrders", o."customerOrders",
              (SELECT count(*) FROM "CustomerScore" WHERE "shopId" = $1)::int AS "scoredCustomers",
              (SELECT count(*) FROM "Offer" WHERE "shopId" = $1 AND status = 'active')::int AS "activeOffers",
              (SELECT count(*) FROM "OfferDecision" WHERE "shopId" = $1 AND outcome = 'issued'
                 AND "decidedAt" >= $2::timestamptz - interval '30 days')::int AS "couponsIssued30d"
       FROM orders o`,
      [shopId, now],
    );
    return rows[0];
  }
}
