import type { PrismaClient } from "../database";
import type { OverviewAggregates } from "../../../domain/metrics/overview";

/** The overview's inputs as SQL aggregates, so a million orders never leave the database. */
export class OverviewRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async aggregates(shopDomain: string): Promise<OverviewAggregates> {
    const [row] = await this.prisma.$queryRaw<
      { orderCount: bigint; revenue: string | null; customerRevenue: string | null; customerOrderCount: bigint; customerCount: bigint; repeatCustomerCount: bigint }[]
    >`
      WITH shop AS (SELECT id FROM "Shop" WHERE domain = ${shopDomain}),
      live AS (
        SELECT o."customerId", o."totalPrice" FROM "Order" o
        WHERE o."shopId" = (SELECT id FROM shop) AND o."cancelledAt" IS NULL
      ),
      per_customer AS (
        SELECT "customerId", count(*) AS orders FROM live WHERE "customerId" IS NOT NULL GROUP BY "customerId"
      )
      SELECT
        (SELECT count(*) FROM live) AS "orderCount",
        (SELECT sum("totalPrice")::text FROM live) AS "revenue",
        (SELECT sum("totalPrice")::text FROM live WHERE "customerId" IS NOT NULL) AS "customerRevenue",
        (SELECT coalesce(sum(orders), 0) FROM per_customer)::bigint AS "customerOrderCount",
        (SELECT count(*) FROM per_customer) AS "customerCount",
        (SELECT count(*) FROM per_customer WHERE orders >= 2) AS "repeatCustomerCount"
    `;
    return {
      orderCount: Number(row.orderCount),
      revenue: Number(row.revenue ?? 0),
      customerRevenue: Number(row.customerRevenue ?? 0),
      customerOrderCount: Number(row.customerOrderCount),
      customerCount: Number(row.customerCount),
      repeatCustomerCount: Number(row.repeatCustomerCount),
    };
  }
}
