import type pg from "pg";
import { customerScoreHistory, type ScoreHistoryPoint } from "../scoring/score-history";
import type { ScoreRow } from "../scoring/score-repository";

type Queryable = Pick<pg.Pool, "query">;

/** How many orders the detail page's timeline shows (newest first); the count is always exact. */
export const TIMELINE_ORDERS = 100;

export interface CustomerDetailRecord {
  customer: {
    id: string;
    shopifyGid: string;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    city: string | null;
    countryCode: string | null;
    redacted: boolean;
  };
  score: (Omit<ScoreRow, "customerId" | "rfmRecency" | "rfmFrequency" | "rfmMonetary"> & { scoredAt: Date }) | null;
  /** earlier full runs' scores, newest first */
  history: ScoreHistoryPoint[];
  orders: { id: string; name: string | null; placedAt: Date; totalPrice: number; discountCodes: string[]; cancelled: boolean }[];
  coupons: {
    code: string | null;
    offerId: string | null;
    offerName: string | null;
    decidedAt: Date;
    expiresAt: Date | null;
    redeemedAt: Date | null;
    discountType: string | null;
    discountValue: number | null;
  }[];
}

/** One customer of one shop (scoped by shopId: another shop's id reads as not found). */
export class CustomerDetailRepository {
  constructor(private readonly db: Queryable) {}

  async find(shopId: string, customerId: string): Promise<CustomerDetailRecord | null> {
    const [customers, scores, orders, coupons, history] = await Promise.all([
      this.db.query(
        `SELECT id, "shopifyGid", "firstName", "lastName", email, city, "countryCode", "redactedAt" IS NOT NULL AS redacted
         FROM "Customer" WHERE "shopId" = $1 AND id = $2`,
        [shopId, customerId],
      ),
      this.db.query(
        `SELECT model, confidence, "scoredAt", "orderCount", "repeatPurchases", "firstOrderAt", "lastOrderAt", "totalSpent"::text AS "totalSpent",
                "averageOrderValue"::text AS "averageOrderValue", "pAlive", "pRepeat90", "expectedOrders90", "expectedOrders365",
                "expectedNextOrderAt", "predictedClv365"::text AS "predictedClv365", "rfmSegment", "loyaltySegment"
         FROM "CustomerScore" WHERE "shopId" = $1 AND "customerId" = $2`,
        [shopId, customerId],
      ),
      this.db.query(
        `SELECT id, name, "placedAt", "totalPrice"::text AS "totalPrice", "discountCodes", "cancelledAt" IS NOT NULL AS cancelled
         FROM "Order" WHERE "shopId" = $1 AND "customerId" = $2 ORDER BY "placedAt" DESC LIMIT ${TIMELINE_ORDERS}`,
        [shopId, customerId],
      ),
      this.db.query(
        `SELECT d.code, d."offerId", o.name AS "offerName", d."decidedAt", d."expiresAt", d."redeemedAt", d."discountType",
                d."discountValue"::text AS "discountValue"
         FROM "OfferDecision" d LEFT JOIN "Offer" o ON o.id = d."offerId"
         WHERE d."shopId" = $1 AND d."customerId" = $2 AND d.outcome = 'issued'
         ORDER BY d."decidedAt" DESC`,
        [shopId, customerId],
      ),
      customerScoreHistory(this.db, shopId, customerId),
    ]);
    const customer = customers.rows[0];
    if (!customer) return null;
    const score = scores.rows[0];
    return {
      customer,
      score: score
        ? { ...score, totalSpent: Number(score.totalSpent), averageOrderValue: Number(score.averageOrderValue), predictedClv365: Number(score.predictedClv365) }
        : null,
      history,
      orders: orders.rows.map((row) => ({ ...row, totalPrice: Number(row.totalPrice) })),
      coupons: coupons.rows.map((row) => ({ ...row, discountValue: row.discountValue === null ? null : Number(row.discountValue) })),
    };
  }
}
