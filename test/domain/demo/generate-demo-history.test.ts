import { describe, expect, it } from "vitest";
import { generateDemoHistory } from "../../../app/domain/demo/generate-demo-history";
import { moneyToCents } from "../../../app/domain/demo/demo-money";

const now = new Date("2026-11-01T00:00:00Z");
const history = generateDemoHistory({ seed: 42, now });
const { customers, orders } = history;

describe("generateDemoHistory", () => {
  it("is deterministic for a seed and varies across seeds", () => {
    const small = { now, customerCount: 300 };
    expect(generateDemoHistory({ seed: 7, ...small })).toEqual(generateDemoHistory({ seed: 7, ...small }));
    expect(generateDemoHistory({ seed: 8, ...small }).orders).not.toEqual(generateDemoHistory({ seed: 7, ...small }).orders);
  });

  it("generates 5,000 customers quickly", () => {
    generateDemoHistory({ seed: 1, now }); // warm the JIT, as a long-lived server would be
    const started = performance.now();
    generateDemoHistory({ seed: 2, now });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("has the requested customers and plausible order mix", () => {
    expect(customers).toHaveLength(5000);
    expect(history.products.length).toBeGreaterThanOrEqual(10);
    expect(orders.length).toBeGreaterThan(6000);
    expect(orders.length).toBeLessThan(15000);

    const guestShare = orders.filter((o) => o.customerId === null).length / orders.length;
    expect(guestShare).toBeGreaterThan(0.06);
    expect(guestShare).toBeLessThan(0.1);

    const cancelledShare = orders.filter((o) => o.cancelledAt !== null).length / orders.length;
    expect(cancelledShare).toBeGreaterThan(0.008);
    expect(cancelledShare).toBeLessThan(0.025);

    const ordersPerCustomer = new Map<string, number>();
    for (const o of orders) if (o.customerId) ordersPerCustomer.set(o.customerId, (ordersPerCustomer.get(o.customerId) ?? 0) + 1);
    const repeatShare = [...ordersPerCustomer.values()].filter((n) => n >= 2).length / customers.length;
    expect(repeatShare).toBeGreaterThan(0.2);
    expect(repeatShare).toBeLessThan(0.4);

    const discounted = orders.filter((o) => o.discountCodes.length > 0);
    expect(discounted.length / orders.length).toBeGreaterThan(0.03);
    expect(discounted.some((o) => o.discountCodes[0] === "WELCOME10")).toBe(true);
  });

  it("keeps realistic order values around a ~$70 mean", () => {
    const totals = orders.map((o) => moneyToCents(o.totalPrice) / 100);
    const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
    expect(mean).toBeGreaterThan(55);
    expect(mean).toBeLessThan(85);
    expect(Math.min(...totals)).toBeGreaterThan(5);
    expect(Math.max(...totals)).toBeLessThan(600);
  });

  it("keeps order money consistent with its line items", () => {
    for (const order of orders) {
      const lineItemsCents = order.lineItems.reduce((sum, item) => sum + item.quantity * moneyToCents(item.originalUnitPrice), 0);
      expect(order.lineItems.length).toBeGreaterThan(0);
      expect(moneyToCents(order.subtotalPrice)).toBe(lineItemsCents - moneyToCents(order.totalDiscounts));
      expect(moneyToCents(order.totalPrice)).toBe(moneyToCents(order.subtotalPrice) + moneyToCents(order.totalShippingPrice));
      expect(order.totalPrice.amount).toMatch(/^\d+\.\d{2}$/);
      expect(order.totalPrice.currencyCode).toBe("USD");
      expect(order.discountCodes.length === 0).toBe(moneyToCents(order.totalDiscounts) === 0);
    }
  });

  it("places every order after its customer's sign-up and no later than now", () => {
    const createdAtById = new Map(customers.map((c) => [c.id, c.createdAt]));
    for (const order of orders) {
      expect(Date.parse(order.createdAt)).toBeLessThanOrEqual(now.getTime());
      if (order.cancelledAt) {
        expect(Date.parse(order.cancelledAt)).toBeGreaterThanOrEqual(Date.parse(order.createdAt));
        expect(Date.parse(order.cancelledAt)).toBeLessThanOrEqual(now.getTime());
      }
      if (order.customerId) expect(order.createdAt >= createdAtById.get(order.customerId)!).toBe(true);
    }
    const start = now.getTime() - 2 * 365.25 * 86_400_000;
    expect(Date.parse(orders[0].createdAt)).toBeGreaterThanOrEqual(start);
  });

  it("sorts orders by createdAt with names increasing from #1001", () => {
    orders.forEach((order, index) => {
      expect(order.name).toBe(`#${1001 + index}`);
      if (index > 0) expect(order.createdAt >= orders[index - 1].createdAt).toBe(true);
    });
  });

  it("uses unique Shopify GIDs and unique emails", () => {
    expect(new Set(customers.map((c) => c.email)).size).toBe(customers.length);
    expect(new Set(orders.map((o) => o.id)).size).toBe(orders.length);
    const lineItemIds = orders.flatMap((o) => o.lineItems.map((li) => li.id));
    expect(new Set(lineItemIds).size).toBe(lineItemIds.length);
    expect(customers[0].id).toBe("gid://shopify/Customer/1000001");
    for (const c of customers) expect(c.email).toMatch(/^[a-z0-9.]+@example\.com$/);
    expect(orders[0].id).toMatch(/^gid:\/\/shopify\/Order\/\d+$/);
    expect(orders[0].lineItems[0].id).toMatch(/^gid:\/\/shopify\/LineItem\/\d+$/);
    expect(history.products[0].variantId).toMatch(/^gid:\/\/shopify\/ProductVariant\/\d+$/);
  });

  it("counts each customer's orders in numberOfOrders", () => {
    const counts = new Map<string, number>();
    for (const o of orders) if (o.customerId) counts.set(o.customerId, (counts.get(o.customerId) ?? 0) + 1);
    for (const c of customers) {
      expect(c.numberOfOrders).toBe(counts.get(c.id) ?? 0);
      expect(c.numberOfOrders).toBeGreaterThanOrEqual(1);
    }
  });

  it("handles an empty shop", () => {
    const empty = generateDemoHistory({ seed: 1, now, customerCount: 0 });
    expect(empty.customers).toEqual([]);
    expect(empty.orders).toEqual([]);
  });
});
