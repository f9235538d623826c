import type pg from "pg";
import type { OfferReachAggregates } from "../../domain/metrics/offer-reach";
import type { OfferTargeting, OrderScope } from "../../domain/offers/offer";
import { RFM_GROUPS } from "../../domain/scoring";

type Queryable = Pick<pg.Pool, "query">;

const RFM: ReadonlySet<string> = new Set(RFM_GROUPS);

/**
 * The scored customers an offer's targeting matches, counted in SQL with the same rules as
 * app/domain/offers/targeting.ts for scored customers: band [min, max), at least one included segment, no
 * excluded one; a "first_order" offer reaches one-order customers only.
 */
export class OfferReachRepository {
  constructor(private readonly db: Queryable) {}

  async aggregates(shopId: string, targeting: OfferTargeting, orderScope: OrderScope): Promise<OfferReachAggregates> {
    const params: unknown[] = [shopId];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = [`"shopId" = $1`];
    if (targeting.minPRepeat90 !== undefined) where.push(`"pRepeat90" >= ${param(targeting.minPRepeat90)}`);
    if (targeting.maxPRepeat90 !== undefined) where.push(`"pRepeat90" < ${param(targeting.maxPRepeat90)}`);
    const split = (segments: string[] = []) => ({ rfm: segments.filter((s) => RFM.has(s)), ladder: segments.filter((s) => !RFM.has(s)) });
    const include = split(targeting.includeSegments);
    if (include.rfm.length + include.ladder.length > 0) {
      where.push(`("rfmSegment" = ANY(${param(include.rfm)}::text[]) OR "loyaltySegment" = ANY(${param(include.ladder)}::text[]))`);
    }
    const exclude = split(targeting.excludeSegments);
    if (exclude.rfm.length > 0) where.push(`NOT ("rfmSegment" = ANY(${param(exclude.rfm)}::text[]))`);
    if (exclude.ladder.length > 0) where.push(`NOT ("loyaltySegment" = ANY(${param(exclude.ladder)}::text[]))`);
    if (orderScope === "first_order") where.push(`"orderCount" = 1`);
    const { rows } = await this.db.query(
      `SELECT count(*)::int AS reach, coalesce(sum("pRepeat90"), 0) AS p_sum,
              coalesce(sum("totalSpent") / nullif(sum("orderCount"), 0), 0)::float8 AS aov
       FROM "CustomerScore" WHERE ${where.join(" AND ")}`,
      params,
    );
    return { reach: rows[0].reach, pRepeat90Sum: Number(rows[0].p_sum), averageOrderValue: Number(rows[0].aov) };
  }

  /** Issued and redeemed codes of one offer per month (UTC), for the issued-vs-redeemed chart. */
  async monthlyIssuedRedeemed(shopId: string, offerId: string): Promise<{ month: string; issued: number; redeemed: number }[]> {
    const { rows } = await this.db.query(
      `WITH events AS (
         SELECT date_trunc('month', "decidedAt") AS month, 1 AS issued, 0 AS redeemed FROM "OfferDecision"
         WHERE "shopId" = $1 AND "offerId" = $2 AND outcome = 'issued'
         UNION ALL
         SELECT date_trunc('month', "redeemedAt"), 0, 1 FROM "OfferDecision"
         WHERE "shopId" = $1 AND "offerId" = $2 AND outcome = 'issued' AND "redeemedAt" IS NOT NULL
       )
       SELECT to_char(month, 'YYYY-MM') AS month, sum(issued)::int AS issued, sum(redeemed)::int AS redeemed
       FROM events GROUP BY month ORDER BY month`,
      [shopId, offerId],
    );
    return rows;
  }
}
