import { describe, expect, it } from "vitest";
import { computeOverview } from "../../../app/domain/metrics/overview";
import { aggregatePeriod } from "../../../app/domain/metrics/period-aggregates";
import { countShop } from "../../../app/domain/metrics/shop-counts";

const DAY = 86_400_000;

/** Issue 15: customers 5,000 vs 4,948 and orders 8,528 / 8,661 / 7,845 depending on the page. */
describe("one definition per count", () => {
  const customers = ["a", "b", "c", "signup-only", "cancelled-only"];
  const orders = [
    { customerId: "a", placedAt: 1 * DAY, totalPrice: 10, cancelled: false },
    { customerId: "a", placedAt: 2 * DAY, totalPrice: 20, cancelled: false },
    { customerId: "b", placedAt: 3 * DAY, totalPrice: 30, cancelled: false },
    { customerId: "c", placedAt: 4 * DAY, totalPrice: 40, cancelled: false },
    { customerId: "c", placedAt: 5 * DAY, totalPrice: 50, cancelled: true },
    { customerId: "cancelled-only", placedAt: 6 * DAY, totalPrice: 60, cancelled: true },
    { customerId: null, placedAt: 7 * DAY, totalPrice: 70, cancelled: false },
  ];

  it("counts customers with a live order, orders not cancelled (guests included), the rest apart", () => {
    expect(countShop(customers, orders)).toEqual({
      customers: 3, // a, b, c
      customerRecordsWithoutOrders: 2, // signup-only, cancelled-only
      orders: 5, // a×2, b, c, guest
      cancelledOrders: 2,
      customerOrders: 4, // what the models learn from
    });
  });

  it("gives the overview's and the dashboard's all-time figures", () => {
    const counts = countShop(customers, orders);
    const overview = computeOverview(orders);
    expect(overview.customers).toBe(counts.customers);
    expect(overview.orders).toBe(counts.orders);
    const allTime = aggregatePeriod(orders, { start: 0, end: 8 * DAY });
    expect(allTime.customersToDate).toBe(counts.customers);
    expect(allTime.orders).toBe(counts.orders);
    expect(allTime.customerOrders).toBe(counts.customerOrders);
    // One historic CLV: customers' revenue / customers = (10 + 20 + 30 + 40) / 3.
    expect(overview.customerLifetimeValue).toBeCloseTo(100 / 3, 12);
    expect(allTime.customerRevenueToDate / allTime.customersToDate).toBeCloseTo(overview.customerLifetimeValue, 12);
  });
});
