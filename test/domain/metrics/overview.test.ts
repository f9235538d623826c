import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoHistory } from "../../../app/domain/demo/generate-demo-history";
import { aggregateOrders, computeOverview, overviewFromAggregates, type OverviewOrder } from "../../../app/domain/metrics/overview";

const order = (customerId: string | null, totalPrice: number, cancelled = false): OverviewOrder => ({ customerId, totalPrice, cancelled });

describe("computeOverview", () => {
  it.each([
    {
      case: "empty shop → zeros, no NaN",
      orders: [],
      expected: { customers: 0, orders: 0, revenue: 0, repeatCustomerRate: 0, averageOrdersPerCustomer: 0, averageOrderValue: 0, customerLifetimeValue: 0 },
    },
    {
      case: "only cancelled orders → zeros",
      orders: [order("a", 50, true), order(null, 20, true)],
      expected: { customers: 0, orders: 0, revenue: 0, repeatCustomerRate: 0, averageOrdersPerCustomer: 0, averageOrderValue: 0, customerLifetimeValue: 0 },
    },
    {
      // a: 2 orders (repeat), b: 1 order → 3 customer orders / 2 customers = 1.5
      // AOV = (40 + 60 + 20) / 3 = 40; CLV = customers' revenue 120 / 2 customers = 60
      case: "customers only",
      orders: [order("a", 40), order("a", 60), order("b", 20)],
      expected: { customers: 2, orders: 3, revenue: 120, repeatCustomerRate: 0.5, averageOrdersPerCustomer: 1.5, averageOrderValue: 40, customerLifetimeValue: 60 },
    },
    {
      // Guests (30, 50) count in orders and AOV only; a's cancelled 999 is ignored,
      // so a has 1 live order and is not a repeat customer.
      // customers: a, b, c (3); repeat: b (2 orders) → 1/3
      // customer orders: a1, b2, c1 = 4 → 4/3 per customer
      // orders = 6; revenue = 10 + 20 + 30 + 40 + 30 + 50 = 180 → AOV 30
      // CLV = customers' revenue (10 + 20 + 30 + 40 = 100) / 3 customers: guests' baskets are no customer's value
      // (the dashboard's historic CLV, one definition for both)
      case: "guests and cancellations",
      orders: [
        order("a", 10), order("a", 999, true), order("b", 20), order("b", 30),
        order("c", 40), order(null, 30), order(null, 50), order(null, 70, true),
      ],
      expected: { customers: 3, orders: 6, revenue: 180, repeatCustomerRate: 1 / 3, averageOrdersPerCustomer: 4 / 3, averageOrderValue: 30, customerLifetimeValue: 100 / 3 },
    },
    {
      // Guests only: no customers, but sales still count.
      case: "guests only",
      orders: [order(null, 12.5), order(null, 7.5)],
      expected: { customers: 0, orders: 2, revenue: 20, repeatCustomerRate: 0, averageOrdersPerCustomer: 0, averageOrderValue: 10, customerLifetimeValue: 0 },
    },
    {
      // Cent amounts sum exactly: 0.1 + 0.2 would be 0.30000000000000004 in floats.
      case: "cent-exact revenue",
      orders: [order("a", 0.1), order("a", 0.2)],
      expected: { customers: 1, orders: 2, revenue: 0.3, repeatCustomerRate: 1, averageOrdersPerCustomer: 2, averageOrderValue: 0.15, customerLifetimeValue: 0.3 },
    },
  ])("$case", ({ orders, expected }) => {
    const overview = computeOverview(orders);
    expect(overview).toEqual({
      ...expected,
      averageOrderValue: expect.closeTo(expected.averageOrderValue, 12),
      customerLifetimeValue: expect.closeTo(expected.customerLifetimeValue, 12),
      repeatCustomerRate: expect.closeTo(expected.repeatCustomerRate, 12),
      averageOrdersPerCustomer: expect.closeTo(expected.averageOrdersPerCustomer, 12),
    });
    expect(overview.revenue).toBe(expected.revenue);
    for (const value of Object.values(overview)) expect(Number.isNaN(value)).toBe(false);
  });

  it("accepts any iterable, including a generator", () => {
    function* stream() {
      yield order("a", 10);
      yield order("a", 30);
    }
    expect(computeOverview(stream()).averageOrdersPerCustomer).toBe(2);
  });
});

describe("overviewFromAggregates", () => {
  it("maps SQL-style aggregates to the same definitions", () => {
    expect(overviewFromAggregates({ customerCount: 4, repeatCustomerCount: 1, customerOrderCount: 6, orderCount: 8, revenue: 400, customerRevenue: 300 })).toEqual({
      customers: 4,
      orders: 8,
      revenue: 400,
      repeatCustomerRate: 0.25,
      averageOrdersPerCustomer: 1.5,
      averageOrderValue: 50,
      customerLifetimeValue: 75,
    });
  });

  describe("matches computeOverview on the same data aggregated in SQL", () => {
    const history = generateDemoHistory({ seed: 42, now: new Date("2026-11-01T00:00:00Z"), customerCount: 800 });
    const orders: OverviewOrder[] = history.orders.map((o) => ({
      customerId: o.customerId,
      totalPrice: Number(o.totalPrice.amount),
      cancelled: o.cancelledAt !== null,
    }));
    let db: PGlite;

    beforeAll(async () => {
      db = new PGlite();
      await db.exec(`CREATE TABLE orders (customer_id text, total_price numeric(12, 2) NOT NULL, cancelled boolean NOT NULL)`);
      const values = history.orders.map((o) => `(${o.customerId === null ? "NULL" : `'${o.customerId}'`}, ${o.totalPrice.amount}, ${o.cancelledAt !== null})`);
      await db.exec(`INSERT INTO orders VALUES ${values.join(",")}`);
    });
    afterAll(async () => db?.close());

    it("gives identical results", async () => {
      // The query the DB adapter is expected to run (cancelled excluded everywhere).
      const { rows } = await db.query<{ customer_count: number; repeat_customer_count: number; customer_order_count: number; order_count: number; revenue: string; customer_revenue: string }>(`
        WITH live AS (SELECT * FROM orders WHERE NOT cancelled),
             per_customer AS (SELECT customer_id, count(*) AS n FROM live WHERE customer_id IS NOT NULL GROUP BY customer_id)
        SELECT (SELECT count(*) FROM per_customer)::int AS customer_count,
               (SELECT count(*) FROM per_customer WHERE n >= 2)::int AS repeat_customer_count,
               (SELECT count(*) FROM live WHERE customer_id IS NOT NULL)::int AS customer_order_count,
               (SELECT count(*) FROM live)::int AS order_count,
               (SELECT coalesce(sum(total_price), 0) FROM live)::text AS revenue,
               (SELECT coalesce(sum(total_price), 0) FROM live WHERE customer_id IS NOT NULL)::text AS customer_revenue`);
      const row = rows[0];
      const fromSql = overviewFromAggregates({
        customerCount: row.customer_count,
        repeatCustomerCount: row.repeat_customer_count,
        customerOrderCount: row.customer_order_count,
        orderCount: row.order_count,
        revenue: Number(row.revenue),
        customerRevenue: Number(row.customer_revenue),
      });
      expect(aggregateOrders(orders).revenue).toBe(Number(row.revenue));
      expect(fromSql).toStrictEqual(computeOverview(orders));
      expect(fromSql.customers).toBeGreaterThan(700);
    });
  });
});
