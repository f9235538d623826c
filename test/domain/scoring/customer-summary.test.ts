import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../../app/domain/random/seeded-random";
import {
  buildCustomerSummaries,
  buildIndexedCustomerSummaries,
  CustomerSummaryBuilder,
  customerSummaryAt,
  MS_PER_DAY,
  type OrderRecord,
} from "../../../app/domain/scoring";

const day = (d: number, hour = 12) => Date.UTC(2025, 0, 1) + d * MS_PER_DAY + hour * 3_600_000;
const END = day(70, 23);

describe("buildCustomerSummaries", () => {
  const orders: OrderRecord[] = [
    { customerId: "a", timestamp: day(0, 9), amount: 10 },
    { customerId: "a", timestamp: day(0, 18), amount: 5 }, // same day: merged into the first transaction
    { customerId: "a", timestamp: day(14), amount: 30 },
    { customerId: "a", timestamp: day(28), amount: 50 },
    { customerId: "b", timestamp: day(63), amount: 99 },
    { customerId: "c", timestamp: day(80), amount: 1 }, // after the end: ignored
  ];
  it("counts repeat transaction days and measures t_x, T from the first day", () => {
    const s = buildCustomerSummaries(orders, { observationEnd: END, timeUnit: "weeks" });
    expect(s.size).toBe(2);
    expect(s.ignoredOrders).toBe(1);
    expect(customerSummaryAt(s, 0)).toEqual({ customerId: "a", x: 2, tx: 4, T: 10, meanRepeatValue: 40, meanOrderValue: 95 / 3, totalSpend: 95 });
    expect(customerSummaryAt(s, 1)).toMatchObject({ customerId: "b", x: 0, tx: 0, T: 1, meanRepeatValue: 0 });
    expect(s.orderCount[0]).toBe(4);
  });
  it("gives the same result for any input order", () => {
    const sorted = buildCustomerSummaries(orders, { observationEnd: END, timeUnit: "days" });
    const random = createSeededRandom(3);
    for (let k = 0; k < 20; k++) {
      const shuffled = [...orders].sort(() => random.next() - 0.5);
      const s = buildCustomerSummaries(shuffled, { observationEnd: END, timeUnit: "days" });
      const i = s.customerIds.indexOf("a");
      expect(customerSummaryAt(s, i)).toEqual(customerSummaryAt(sorted, 0));
    }
  });
  it("uses the shop's time zone for day boundaries", () => {
    const late = [
      { customerId: "z", timestamp: Date.UTC(2025, 0, 1, 23, 30), amount: 1 },
      { customerId: "z", timestamp: Date.UTC(2025, 0, 2, 0, 30), amount: 1 },
    ];
    expect(buildCustomerSummaries(late, { observationEnd: END, timeUnit: "days" }).x[0]).toBe(1);
    expect(buildCustomerSummaries(late, { observationEnd: END, timeUnit: "days", utcOffsetMinutes: 120 }).x[0]).toBe(0);
  });
  it("streams through the builder and rejects non-finite values", () => {
    const builder = new CustomerSummaryBuilder({ observationEnd: END, timeUnit: "days" });
    builder.add("a", day(1), 5);
    expect(() => builder.add("a", NaN, 5)).toThrow(RangeError);
    expect(builder.finish().size).toBe(1);
  });
});

describe("buildIndexedCustomerSummaries", () => {
  const random = createSeededRandom(21);
  const orders: OrderRecord[] = Array.from({ length: 400 }, () => ({
    customerId: `c${Math.floor(random.next() * 60)}`,
    timestamp: day(Math.floor(random.next() * 90), Math.floor(random.next() * 24)), // some after the end
    amount: Math.round(random.next() * 10_000) / 100,
  }));

  it("gives the same summaries as buildCustomerSummaries, and keeps each order up to the end with its customer's index", () => {
    const options = { observationEnd: END, timeUnit: "days" as const };
    const plain = buildCustomerSummaries(orders, options);
    const { summaries, orders: indexed } = buildIndexedCustomerSummaries(orders, { ...options, expectedOrders: 8 });
    expect(summaries).toEqual(plain);
    const kept = orders.filter((order) => order.timestamp <= END);
    expect(indexed.length).toBe(kept.length);
    kept.forEach((order, k) => {
      expect(indexed.customerIds[indexed.customer[k]]).toBe(order.customerId);
      expect(indexed.timestamp[k]).toBe(order.timestamp);
      expect(indexed.amount[k]).toBe(order.amount);
    });
  });

  it("a second pass by key (the backtest's) summarises like a pass by id, for any order of input", () => {
    const cutoff = day(45);
    const { orders: indexed } = buildIndexedCustomerSummaries(orders, { observationEnd: END, timeUnit: "days" });
    const byId = new CustomerSummaryBuilder({ observationEnd: cutoff, timeUnit: "days" });
    const byKey = new CustomerSummaryBuilder({ observationEnd: cutoff, timeUnit: "days", keySpace: indexed.customerIds.length });
    for (let k = indexed.length - 1; k >= 0; k--) {
      const id = indexed.customerIds[indexed.customer[k]];
      expect(byKey.addByKey(indexed.customer[k], id, indexed.timestamp[k], indexed.amount[k])).toBe(byId.add(id, indexed.timestamp[k], indexed.amount[k]));
    }
    const a = byId.finish();
    expect(byKey.finish()).toEqual(a);
    expect(byKey.indexOfKey(indexed.customer[0])).toBe(a.customerIds.indexOf(indexed.customerIds[indexed.customer[0]]));
    expect(() => byKey.addByKey(indexed.customerIds.length, "x", day(1), 1)).toThrow(RangeError);
    expect(() => byId.addByKey(0, "x", day(1), 1)).toThrow(RangeError);
  });
});
