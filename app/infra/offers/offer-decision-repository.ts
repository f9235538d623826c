import type { PrismaClient } from "../db/database";
import type { OfferDecision as DecisionRow } from "../db/generated/client";
import type { OfferPerformanceAggregates } from "../../domain/offers/offer-performance";
import { AUTO_BAND_EDGES, AUTO_BANDS, type AutoBandHistory } from "../../domain/offers/auto-incentive";

export type { DecisionRow };

/** OfferDecision.reason of an auto offer's customer who was not offered the code because their band does not pay. */
export const AUTO_WITHHELD_REASON = "auto_withheld";

export type NewDecision = Omit<DecisionRow, "id" | "decidedAt" | "redeemedAt" | "redeemedOrderGid" | "attributedRevenue" | "discountAmount" | "shopifyDiscountId" | "discountValue" | "minimumSubtotal"> & {
  decidedAt: Date;
  discountValue: number | null;
  minimumSubtotal: number | null;
};

export type InsertResult = { inserted: true; decision: DecisionRow } | { inserted: false; decision: DecisionRow | null };

export interface RedeemingOrder {
  orderGid: string;
  discountCodes: string[];
  placedAt: Date;
  /** What the order brought in (its total price). */
  totalPrice: number;
  /** The order's total discounts: the code's cost to the merchant. */
  totalDiscounts: number;
}

/**
 * The one decision per order (or, for win-back and birthday offers, per customer occasion: its subject key
 * stands in orderGid). Inserting relies on the (shopId, orderGid) unique index: of any number of
 * concurrent inserts exactly one wins and the others read the winner's row, so the webhook and the
 * thank-you page can race freely.
 */
export class OfferDecisionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  findByOrder(shopId: string, orderGid: string): Promise<DecisionRow | null> {
    return this.prisma.offerDecision.findUnique({ where: { shopId_orderGid: { shopId, orderGid } } });
  }

  /** Inserts unless a decision for the order (or, vanishingly rarely, the same code) exists. */
  async insertIfAbsent(decision: NewDecision): Promise<InsertResult> {
    const { count } = await this.prisma.offerDecision.createMany({
      data: [
        {
          ...decision,
          discountValue: decision.discountValue === null ? null : decision.discountValue.toFixed(2),
          minimumSubtotal: decision.minimumSubtotal === null ? null : decision.minimumSubtotal.toFixed(2),
        },
      ],
      skipDuplicates: true,
    });
    const stored = await this.findByOrder(decision.shopId, decision.orderGid);
    return count === 1 && stored ? { inserted: true, decision: stored } : { inserted: false, decision: stored };
  }

  /**
   * Takes the right to (re)try creating the Shopify discount: a failed attempt, or a pending one older than
   * `staleBefore` (its process died mid-call). Only one concurrent caller gets the row back.
   */
  async claimRetry(id: string, staleBefore: Date): Promise<DecisionRow | null> {
    const rows = await this.prisma.$queryRaw<DecisionRow[]>`
      UPDATE "OfferDecision" SET "discountStatus" = 'pending'
      WHERE id = ${id} AND outcome = 'issued'
        AND ("discountStatus" = 'failed' OR ("discountStatus" = 'pending' AND "decidedAt" < ${staleBefore}))
      RETURNING *`;
    return rows[0] ?? null;
  }

  async markCreated(id: string, shopifyDiscountId: string): Promise<DecisionRow> {
    return this.prisma.offerDecision.update({ where: { id }, data: { discountStatus: "created", shopifyDiscountId } });
  }

  async markFailed(id: string): Promise<void> {
    await this.prisma.offerDecision.updateMany({ where: { id, discountStatus: "pending" }, data: { discountStatus: "failed" } });
  }

  /**
   * Marks the Encore codes this order used as redeemed, attributing the order's revenue and discount.
   * Idempotent: a redelivered webhook finds the codes already redeemed by this order and changes nothing.
   * With several Encore codes on one order (not combinable by default) each gets the order's amounts.
   */
  async recordRedemptions(shopId: string, order: RedeemingOrder): Promise<number> {
    const codes = order.discountCodes.map((code) => code.trim().toUpperCase()).filter(Boolean);
    if (codes.length === 0) return 0;
    const { count } = await this.prisma.offerDecision.updateMany({
      where: { shopId, code: { in: codes }, outcome: "issued", redeemedAt: null, orderGid: { not: order.orderGid } },
      data: {
        redeemedAt: order.placedAt,
        redeemedOrderGid: order.orderGid,
        attributedRevenue: order.totalPrice.toFixed(2),
        discountAmount: order.totalDiscounts.toFixed(2),
      },
    });
    return count;
  }

  async performanceAggregates(shopId: string, offerId: string, now: Date, windowDays: number): Promise<OfferPerformanceAggregates> {
    const windowMs = windowDays * 86_400_000;
    const maturedBefore = new Date(now.getTime() - windowMs);
    const [row] = await this.prisma.$queryRaw<
      {
        issued: bigint;
        redeemed: bigint;
        control: bigint;
        revenue: string;
        cost: string;
        issuedMeasured: bigint;
        issuedRepeated: bigint;
        controlMeasured: bigint;
        controlRepeated: bigint;
      }[]
    >`
      WITH decided AS (
        SELECT d.outcome, d."redeemedAt", d."attributedRevenue", d."discountAmount", d."customerId", d."orderGid",
               coalesce(o."placedAt", d."decidedAt") AS base
        FROM "OfferDecision" d
        -- Next-purchase decisions count from their order; win-back and birthday ones (orderGid holds their
        -- subject key, no order) from the moment they were decided.
        LEFT JOIN "Order" o ON d.kind = 'next_purchase' AND o."shopId" = d."shopId" AND o."shopifyGid" = d."orderGid"
        WHERE d."shopId" = ${shopId} AND d."offerId" = ${offerId}
          -- Customers an auto offer withheld the code from are not its control group (see autoBandHistories).
          AND ((d.outcome = 'control' AND d.reason IS DISTINCT FROM ${AUTO_WITHHELD_REASON}) OR (d.outcome = 'issued' AND d."discountStatus" = 'created'))
      ),
      measured AS (
        SELECT m.outcome, EXISTS (
          SELECT 1 FROM "Order" r
          WHERE r."shopId" = ${shopId} AND r."customerId" = m."customerId" AND r."shopifyGid" <> m."orderGid"
            AND r."cancelledAt" IS NULL AND r."placedAt" > m.base AND r."placedAt" <= m.base + make_interval(secs => ${windowMs / 1000})
        ) AS repeated
        FROM decided m
        WHERE m."customerId" IS NOT NULL AND m.base <= ${maturedBefore}
      )
      SELECT
        (SELECT count(*) FROM decided WHERE outcome = 'issued') AS issued,
        (SELECT count(*) FROM decided WHERE outcome = 'issued' AND "redeemedAt" IS NOT NULL) AS redeemed,
        (SELECT count(*) FROM decided WHERE outcome = 'control') AS control,
        (SELECT coalesce(sum("attributedRevenue"), 0)::text FROM decided) AS revenue,
        (SELECT coalesce(sum("discountAmount"), 0)::text FROM decided) AS cost,
        (SELECT count(*) FROM measured WHERE outcome = 'issued') AS "issuedMeasured",
        (SELECT count(*) FROM measured WHERE outcome = 'issued' AND repeated) AS "issuedRepeated",
        (SELECT count(*) FROM measured WHERE outcome = 'control') AS "controlMeasured",
        (SELECT count(*) FROM measured WHERE outcome = 'control' AND repeated) AS "controlRepeated"`;
    return {
      issued: Number(row.issued),
      redeemed: Number(row.redeemed),
      control: Number(row.control),
      attributedRevenue: Number(row.revenue),
      discountCost: Number(row.cost),
      windowDays,
      issuedMeasured: Number(row.issuedMeasured),
      issuedRepeated: Number(row.issuedRepeated),
      controlMeasured: Number(row.controlMeasured),
      controlRepeated: Number(row.controlRepeated),
    };
  }

  /**
   * An auto offer's history per P(repeat) band, for decideAutoIncentive: decisions of known customers whose
   * repeat window has closed, decided within the trailing `trailingDays`, each in the band of the customer's
   * P(repeat) at decision time — the latest CustomerScoreSnapshot at or before it (OfferDecision keeps no
   * score of its own; a decision with no earlier snapshot, such as an unscored first order, has no band and
   * is left out). Offered the code = issued; not offered = the control group and the withheld alike. A
   * repeat is the first order within the window after the decision's order (or the decision itself, for
   * win-back and birthday), its value before discounts.
   */
  async autoBandHistories(shopId: string, offerId: string, now: Date, windowDays: number, trailingDays: number): Promise<AutoBandHistory[]> {
    const windowSeconds = windowDays * 86_400;
    const maturedBefore = new Date(now.getTime() - windowDays * 86_400_000);
    const decidedFrom = new Date(now.getTime() - trailingDays * 86_400_000);
    const innerEdges = AUTO_BAND_EDGES.slice(1, -1).map(Number);
    const rows = await this.prisma.$queryRaw<
      { band: number; outcome: string; customers: bigint; repeated: bigint; repeatRevenue: string; redeemed: bigint; discountCost: string }[]
    >`
      WITH decided AS (
        SELECT d.outcome, d."redeemedAt", d."discountAmount", d."customerId", d."orderGid", d."decidedAt",
               coalesce(o."placedAt", d."decidedAt") AS base
        FROM "OfferDecision" d
        LEFT JOIN "Order" o ON d.kind = 'next_purchase' AND o."shopId" = d."shopId" AND o."shopifyGid" = d."orderGid"
        WHERE d."shopId" = ${shopId} AND d."offerId" = ${offerId} AND d."customerId" IS NOT NULL AND d."decidedAt" >= ${decidedFrom}
          AND (d.outcome = 'control' OR (d.outcome = 'issued' AND d."discountStatus" = 'created'))
      ),
      measured AS (
        SELECT m.outcome, m."redeemedAt", m."discountAmount",
          (SELECT s."pRepeat90" FROM "CustomerScoreSnapshot" s
            WHERE s."customerId" = m."customerId" AND s."scoredAt" <= m."decidedAt" ORDER BY s."scoredAt" DESC LIMIT 1) AS p,
          (SELECT r."totalPrice" + r."totalDiscounts" FROM "Order" r
            WHERE r."shopId" = ${shopId} AND r."customerId" = m."customerId" AND r."shopifyGid" <> m."orderGid" AND r."cancelledAt" IS NULL
              AND r."placedAt" > m.base AND r."placedAt" <= m.base + make_interval(secs => ${windowSeconds})
            ORDER BY r."placedAt" LIMIT 1) AS "repeatValue"
        FROM decided m
        WHERE m.base <= ${maturedBefore}
      )
      SELECT width_bucket(p, ${innerEdges}::float8[]) AS band, outcome, count(*) AS customers, count("repeatValue") AS repeated,
             coalesce(sum("repeatValue"), 0)::text AS "repeatRevenue", count("redeemedAt") AS redeemed,
             coalesce(sum("discountAmount"), 0)::text AS "discountCost"
      FROM measured WHERE p IS NOT NULL
      GROUP BY 1, 2`;
    return AUTO_BANDS.map((band, index) => {
      const arm = (outcome: string) => rows.find((row) => Number(row.band) === index && row.outcome === outcome);
      const issued = arm("issued");
      const control = arm("control");
      return {
        bandId: band.id,
        issued: {
          customers: Number(issued?.customers ?? 0),
          repeated: Number(issued?.repeated ?? 0),
          repeatRevenue: Number(issued?.repeatRevenue ?? 0),
          redeemed: Number(issued?.redeemed ?? 0),
          discountCost: Number(issued?.discountCost ?? 0),
        },
        control: { customers: Number(control?.customers ?? 0), repeated: Number(control?.repeated ?? 0), repeatRevenue: Number(control?.repeatRevenue ?? 0) },
      };
    });
  }
}
