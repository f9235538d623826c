import { describe, expect, it } from "vitest";
import { generateDemoHistory } from "../../../app/domain/demo/generate-demo-history";
import { customersBulkJsonl, ordersBulkJsonl } from "../../../app/domain/demo/to-bulk-jsonl";
import { BulkRecordAssembler, importPercent, parseBulkLine } from "../../../app/domain/sync/bulk-jsonl";

const history = generateDemoHistory({ seed: 11, now: new Date("2026-11-01T00:00:00Z"), customerCount: 30 });

describe("parseBulkLine", () => {
  it.each([
    ["{", "not valid JSON"],
    ["[1]", "not a JSON object"],
    ['{"title":"x"}', "id: missing"],
    ['{"id":"gid://shopify/Product/1"}', "id: not an Order, LineItem or Customer id"],
    ['{"id":"gid://shopify/LineItem/1","quantity":1}', "__parentId: missing on a line item"],
    ['{"id":"gid://shopify/Order/1","currencyCode":"USD","createdAt":"2026-01-01T00:00:00Z","totalPriceSet":{"shopMoney":{"amount":"ten"}}}', "totalPriceSet.shopMoney.amount: expected a decimal amount"],
    ['{"id":"gid://shopify/Order/1","currencyCode":"USD","createdAt":"yesterday","totalPriceSet":{"shopMoney":{"amount":"1.0"}}}', "createdAt: expected an ISO date-time"],
  ])("reports %s as malformed (%s)", (line, reason) => {
    expect(parseBulkLine(line)).toEqual({ kind: "malformed", reason });
  });

  it("reads the newer contact fields of a customer", () => {
    const parsed = parseBulkLine(JSON.stringify({ id: "gid://shopify/Customer/1", defaultEmailAddress: { emailAddress: "a@b.c" }, defaultPhoneNumber: { phoneNumber: "+1" } }));
    expect(parsed).toMatchObject({ kind: "customer", record: { email: "a@b.c", phone: "+1" } });
  });
});

describe("BulkRecordAssembler", () => {
  it("rebuilds the generated history exactly from its JSONL", () => {
    const assembler = new BulkRecordAssembler();
    const units = [...customersBulkJsonl(history), ...ordersBulkJsonl(history)].flatMap((line, index) => assembler.push(line, index + 1));
    units.push(...assembler.flush());
    const orders = units.filter((unit) => unit.record.kind === "order").map((unit) => unit.record.value as { shopifyGid: string; lineItems: unknown[]; totalPrice: string });
    expect(units.filter((unit) => unit.record.kind === "customer")).toHaveLength(history.customers.length);
    expect(orders.map((order) => [order.shopifyGid, order.lineItems.length, order.totalPrice])).toEqual(
      history.orders.map((order) => [order.id, order.lineItems.length, order.totalPrice.amount]),
    );
    expect(assembler.takeMalformed(Infinity)).toEqual([]);
  });

  it("completes an order only when the next root line starts, and keeps the resume position before it", () => {
    const assembler = new BulkRecordAssembler();
    const [order, item] = [...ordersBulkJsonl({ orders: [history.orders.find((o) => o.lineItems.length === 1)!] })];
    expect(assembler.push(order, 1)).toEqual([]);
    expect(assembler.push(item, 2)).toEqual([]);
    expect(assembler.pendingSince).toBe(1);
    expect(assembler.push('{"id":"gid://shopify/LineItem/9","__parentId":"gid://shopify/Order/elsewhere","quantity":1,"originalUnitPriceSet":{"shopMoney":{"amount":"1"}}}', 3)).toEqual([]);
    const done = assembler.flush();
    expect(done).toHaveLength(1);
    expect(done[0].lastLine).toBe(2);
    expect(assembler.takeMalformed(3)).toEqual([{ line: 3, reason: "line item whose parent order is not the preceding order" }]);
  });
});

describe("importPercent", () => {
  it.each([
    [0, null, null],
    [5, 0, null],
    [1, 3, 33.3],
    [10, 10, 100],
    [12, 10, 100],
  ])("%i of %s lines → %s %", (read, total, percent) => {
    expect(importPercent(read, total)).toBe(percent);
  });
});
