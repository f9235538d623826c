import type { PrismaClient } from "../db/database";
import { prismaSqlReader, type SqlReader } from "../db/sql-reader";
import type { BannerCoupon } from "../../domain/storefront/returning-banner";

export interface StorefrontCustomer {
  id: string;
  shopifyGid: string;
  firstName: string | null;
}

/** A signed-in shopper as the storefront widgets see them. */
export interface StorefrontShopper {
  customer: StorefrontCustomer;
  /** Issued, not yet redeemed, not yet expired coupons, soonest expiry first (at most 5). */
  coupons: BannerCoupon[];
}

interface ShopperRow {
  id: string;
  shopifyGid: string;
  firstName: string | null;
  code: string | null;
  discountType: string | null;
  discountValue: string | null;
  currency: string | null;
  expiresAt: Date | null;
  minimumSubtotal: string | null;
}

/**
 * The installed shop's unredacted customer with up to five unused coupons ($1 shop domain, $2 customer GID,
 * $3 now). Every part is an index lookup, the coupons by row id OR GID through two indexes (a test holds the
 * plan to that: a sequential scan here reads every decision of every shop on each storefront page view).
 */
export const SHOPPER_SQL = `SELECT c.id, c."shopifyGid", c."firstName",
     d.code, d."discountType", d."discountValue"::text AS "discountValue", d.currency, d."expiresAt", d."minimumSubtotal"::text AS "minimumSubtotal"
   FROM "Shop" s
   JOIN "Customer" c ON c."shopId" = s.id AND c."shopifyGid" = $2 AND c."redactedAt" IS NULL
   LEFT JOIN LATERAL (
     SELECT o.code, o."discountType", o."discountValue", o.currency, o."expiresAt", o."minimumSubtotal"
     FROM "OfferDecision" o
     WHERE o."shopId" = s.id AND o.outcome = 'issued' AND o.code IS NOT NULL AND o."redeemedAt" IS NULL
       AND o."discountStatus" <> 'failed'
       AND (o."customerId" = c.id OR o."customerGid" = c."shopifyGid")
       AND (o."expiresAt" IS NULL OR o."expiresAt" > ($3::timestamptz AT TIME ZONE 'UTC'))
     ORDER BY o."expiresAt" ASC
     LIMIT 5
   ) d ON true
   WHERE s.domain = $1 AND s."uninstalledAt" IS NULL
   ORDER BY d."expiresAt" ASC`;

/**
 * Reads the app proxy needs, in one query per request (the banner is asked on every storefront page view of
 * a signed-in shopper): the installed shop's customer and their Encore coupons. A coupon belongs to the
 * customer by row id or GID (a decision may carry either); a coupon whose discount failed to be created in
 * Shopify is not offered.
 */
export class StorefrontRepository {
  private readonly sql: SqlReader;

  constructor(prisma: PrismaClient, sql?: SqlReader) {
    this.sql = sql ?? prismaSqlReader(prisma);
  }

  /** Null when the shop is not installed or the customer is not known (or was redacted). */
  async shopper(shopDomain: string, customerGid: string, now: Date): Promise<StorefrontShopper | null> {
    const { rows } = await this.sql.query<ShopperRow>(
      SHOPPER_SQL,
      [shopDomain, customerGid, now.toISOString()],
      "storefront-shopper",
    );
    if (rows.length === 0) return null;
    const { id, shopifyGid, firstName } = rows[0];
    return {
      customer: { id, shopifyGid, firstName },
      coupons: rows
        .filter((row) => row.code !== null)
        .map((row) => ({
          code: row.code!,
          discountType: row.discountType === "fixed_amount" ? "fixed_amount" : "percentage",
          discountValue: Number(row.discountValue ?? 0),
          currency: row.currency ?? "USD",
          expiresAt: row.expiresAt,
          redeemedAt: null,
          minimumSubtotal: row.minimumSubtotal === null ? null : Number(row.minimumSubtotal),
        })),
    };
  }
}
