import { describe, expect, it } from "vitest";
import { generateDemoHistory } from "../../../app/domain/demo/generate-demo-history";
import { customersBulkJsonl, ordersBulkJsonl } from "../../../app/domain/demo/to-bulk-jsonl";

const history = generateDemoHistory({ seed: 42, now: new Date("2026-11-01T00:00:00Z"), customerCount: 200 });

describe("ordersBulkJsonl", () => {
  const lines = [...ordersBulkJsonl(history)];
  const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  it("emits one line per order and per line item, each valid single-line JSON", () => {
    const lineItemCount = history.orders.reduce((sum, order) => sum + order.lineItems.length, 0);
    expect(lines).toHaveLength(history.orders.length + lineItemCount);
    for (const line of lines) expect(line).not.toContain("\n");
  });

  it("puts line items right after their order with __parentId = order id", () => {
    let currentOrderId: string | null = null;
    for (const record of records) {
      if ("__parentId" in record) {
        expect(record.__parentId).toBe(currentOrderId);
        expect(record.id).toMatch(/^gid:\/\/shopify\/LineItem\//);
      } else {
        expect(record.id).toMatch(/^gid:\/\/shopify\/Order\//);
        currentOrderId = record.id as string;
      }
    }
  });

  it("uses Admin GraphQL field names and shapes", () => {
    const order = history.orders.find((o) => o.customerId !== null && o.discountCodes.length > 0)!;
    const index = records.findIndex((r) => r.id === order.id);
    expect(records[index]).toEqual({
      id: order.id,
      name: order.name,
      createdAt: order.createdAt,
      processedAt: order.processedAt,
      updatedAt: order.updatedAt,
      cancelledAt: order.cancelledAt,
      currencyCode: "USD",
      discountCodes: order.discountCodes,
      totalPriceSet: { shopMoney: { amount: order.totalPrice.amount, currencyCode: "USD" } },
      subtotalPriceSet: { shopMoney: { amount: order.subtotalPrice.amount, currencyCode: "USD" } },
      totalDiscountsSet: { shopMoney: { amount: order.totalDiscounts.amount, currencyCode: "USD" } },
      totalShippingPriceSet: { shopMoney: { amount: order.totalShippingPrice.amount, currencyCode: "USD" } },
      customer: { id: order.customerId },
    });
    const item = order.lineItems[0];
    expect(records[index + 1]).toEqual({
      id: item.id,
      title: item.title,
      quantity: item.quantity,
      product: { id: item.productId },
      variant: { id: item.variantId },
      originalUnitPriceSet: { shopMoney: { amount: item.originalUnitPrice.amount, currencyCode: "USD" } },
      __parentId: order.id,
    });
  });

  it("writes guest orders with customer: null", () => {
    const guest = history.orders.find((o) => o.customerId === null)!;
    expect(records.find((r) => r.id === guest.id)!.customer).toBeNull();
  });

  it("streams lazily", () => {
    const iterator = ordersBulkJsonl(history);
    expect(JSON.parse(iterator.next().value as string).id).toBe(history.orders[0].id);
  });
});

describe("customersBulkJsonl", () => {
  it("emits one top-level line per customer with UnsignedInt64 as a string", () => {
    const records = [...customersBulkJsonl(history)].map((line) => JSON.parse(line));
    expect(records).toHaveLength(history.customers.length);
    const customer = history.customers[0];
    expect(records[0]).toEqual({
      id: customer.id,
      firstName: customer.firstName,
      lastName: customer.lastName,
      email: customer.email,
      phone: customer.phone,
      createdAt: customer.createdAt,
      updatedAt: customer.updatedAt,
      numberOfOrders: String(customer.numberOfOrders),
      defaultAddress: { city: customer.city, countryCodeV2: customer.countryCode },
    });
    for (const record of records) expect(record).not.toHaveProperty("__parentId");
  });
});
