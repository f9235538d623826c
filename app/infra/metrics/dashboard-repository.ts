import type pg from "pg";
import type { CohortActivityRow } from "../../domain/metrics/cohort-retention";
import { ACTIVE_WINDOW_DAYS, type PeriodAggregates, type PeriodWindow } from "../../domain/metrics/period-aggregates";
import type { SegmentTotals } from "../../domain/metrics/segment-sizes";
import { MS_PER_DAY } from "../../domain/scoring";

type Queryable = Pick<pg.Pool, "query">;

/**
 * The dashboard's inputs as SQL aggregates: orders and scores never leave the database, whatever the shop's
 * size. Definitions are those of app/domain/metrics (period-aggregates.ts, cohort-retention.ts, …); the
 * integration test checks each query against the in-memory twin on a fixture.
 */
export class DashboardRepository {
  constructor(private readonly db: Queryable) {}

  async periodAggregates(shopId: string, window: PeriodWindow): Promise<PeriodAggregates> {
    const activeMs = ACTIVE_WINDOW_DAYS * MS_PER_DAY;
    const { rows } = await this.db.query(
      `WITH o AS (
         SELECT "customerId", "placedAt", "totalPrice" FROM "Order"
         WHERE "shopId" = $1 AND "cancelledAt" IS NULL AND "placedAt" < $3::timestamptz
       ),
       per_customer AS (
         SELECT "customerId",
                min("placedAt") AS first_at,
                count(*) AS orders_to_date,
                sum("totalPrice") AS revenue_to_date,
                bool_or("placedAt" >= $2::timestamptz) AS in_window,
                bool_or("placedAt" >= $4::timestamptz AND "placedAt" < $2::timestamptz) AS at_start,
                bool_or("placedAt" >= $5::timestamptz) AS at_end
         FROM o WHERE "customerId" IS NOT NULL GROUP BY "customerId"
       ),
       window_orders AS (
         SELECT count(*) AS orders, coalesce(sum("totalPrice"), 0) AS revenue, count("customerId") AS customer_orders
         FROM o WHERE "placedAt" >= $2::timestamptz
       )
       SELECT w.orders, w.revenue::text AS revenue, w.customer_orders,
              count(p."customerId") FILTER (WHERE in_window) AS buyers,
              count(p."customerId") FILTER (WHERE in_window AND orders_to_date >= 2) AS repeat_buyers,
              count(p."customerId") FILTER (WHERE first_at >= $2::timestamptz) AS new_customers,
              count(p."customerId") FILTER (WHERE at_start) AS active_at_start,
              count(p."customerId") FILTER (WHERE at_end) AS active_at_end,
              count(p."customerId") FILTER (WHERE at_start AND NOT at_end) AS lapsed,
              count(p."customerId") AS customers_to_date,
              coalesce(sum(revenue_to_date), 0)::text AS customer_revenue_to_date,
              count(s."customerId") FILTER (WHERE in_window) AS scored_buyers,
              coalesce(sum(s."predictedClv365") FILTER (WHERE in_window), 0)::text AS predicted_clv_sum
       FROM window_orders w
       LEFT JOIN per_customer p ON true
       LEFT JOIN "CustomerScore" s ON s."customerId" = p."customerId" AND s."shopId" = $1
       GROUP BY w.orders, w.revenue, w.customer_orders`,
      [shopId, new Date(window.start), new Date(window.end), new Date(window.start - activeMs), new Date(window.end - activeMs)],
    );
    const row = rows[0];
    const n = (value: unknown) => Number(value ?? 0);
    return {
      orders: n(row.orders),
      revenue: n(row.revenue),
      customerOrders: n(row.customer_orders),
      buyers: n(row.buyers),
      repeatBuyers: n(row.repeat_buyers),
      newCustomers: n(row.new_customers),
      activeAtStart: n(row.active_at_start),
      activeAtEnd: n(row.active_at_end),
      lapsed: n(row.lapsed),
      customersToDate: n(row.customers_to_date),
      customerRevenueToDate: n(row.customer_revenue_to_date),
      scoredBuyers: n(row.scored_buyers),
      predictedClvSum: n(row.predicted_clv_sum),
    };
  }

  /** Distinct customers per (first-order month, months since it), all history (UTC months). */
  async cohortActivity(shopId: string, asOf: Date): Promise<CohortActivityRow[]> {
    const { rows } = await this.db.query(
      `WITH o AS (
         SELECT DISTINCT "customerId", date_trunc('month', "placedAt") AS month FROM "Order"
         WHERE "shopId" = $1 AND "cancelledAt" IS NULL AND "customerId" IS NOT NULL AND "placedAt" < $2::timestamptz
       ),
       firsts AS (SELECT "customerId", min(month) AS cohort FROM o GROUP BY "customerId"),
       offsets AS (
         SELECT f.cohort,
                ((extract(year FROM o.month) - extract(year FROM f.cohort)) * 12 + extract(month FROM o.month) - extract(month FROM f.cohort))::int AS k
         FROM o JOIN firsts f USING ("customerId")
       )
       SELECT to_char(cohort, 'YYYY-MM') AS cohort, k AS "monthOffset", count(*)::int AS customers
       FROM offsets GROUP BY cohort, k`,
      [shopId, asOf],
    );
    return rows;
  }

  /** Scored customers per P(repeat in 90 days) bin of width 0.1 (the last bin includes 1). */
  async repeatProbabilityBins(shopId: string): Promise<{ bin: number; customers: number }[]> {
    const { rows } = await this.db.query(
      `SELECT least(floor("pRepeat90" * 10), 9)::int AS bin, count(*)::int AS customers
       FROM "CustomerScore" WHERE "shopId" = $1 GROUP BY 1`,
      [shopId],
    );
    return rows;
  }

  /** Customers and lifetime revenue per RFM group and per value-ladder rung. */
  async segmentTotals(shopId: string): Promise<{ rfm: SegmentTotals[]; ladder: SegmentTotals[] }> {
    const { rows } = await this.db.query<{ kind: "rfm" | "ladder"; segment: string; customers: number; revenue: string }>(
      `SELECT 'rfm' AS kind, "rfmSegment" AS segment, count(*)::int AS customers, sum("totalSpent")::text AS revenue
       FROM "CustomerScore" WHERE "shopId" = $1 GROUP BY "rfmSegment"
       UNION ALL
       SELECT 'ladder', "loyaltySegment", count(*)::int, sum("totalSpent")::text
       FROM "CustomerScore" WHERE "shopId" = $1 GROUP BY "loyaltySegment"`,
      [shopId],
    );
    const of = (kind: "rfm" | "ladder") =>
      rows.filter((row) => row.kind === kind).map((row) => ({ segment: row.segment, customers: row.customers, revenue: Number(row.revenue) }));
    return { rfm: of("rfm"), ladder: of("ladder") };
  }
}
