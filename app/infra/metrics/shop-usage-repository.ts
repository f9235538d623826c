import type pg from "pg";

type Queryable = Pick<pg.Pool, "query">;

export interface ShopUsage {
  customers: number;
  scoredCustomers: number;
  orders: number;
  activeOffers: number;
  couponsIssued30d: number;
}

/** Plan and usage figures for the Settings page (counts over indexed columns only). */
export class ShopUsageRepository {
  constructor(private readonly db: Queryable) {}

  async usage(shopId: string, now: Date): Promise<ShopUsage> {
    const { rows } = await this.db.query(
      `SELECT (SELECT count(*) FROM "Customer" WHERE "shopId" = $1)::int AS customers,
              (SELECT count(*) FROM "CustomerScore" WHERE "shopId" = $1)::int AS "scoredCustomers",
              (SELECT count(*) FROM "Order" WHERE "shopId" = $1)::int AS orders,
              (SELECT count(*) FROM "Offer" WHERE "shopId" = $1 AND status = 'active')::int AS "activeOffers",
              (SELECT count(*) FROM "OfferDecision" WHERE "shopId" = $1 AND outcome = 'issued'
                 AND "decidedAt" >= $2::timestamptz - interval '30 days')::int AS "couponsIssued30d"`,
      [shopId, now],
    );
    return rows[0];
  }
}
