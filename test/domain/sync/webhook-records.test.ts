import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { customerFromWebhook, orderFromWebhook } from "../../../app/domain/sync/webhook-records";

const ORDER = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../fixtures/webhooks/orders-create.json"), "utf8"));

describe("orderFromWebhook", () => {
  it("maps the REST payload to the record the bulk import writes (GIDs, shop money, line items)", () => {
    const order = orderFromWebhook(ORDER);
    expect(order).toMatchObject({
      shopifyGid: "gid://shopify/Order/5678901234567",
      customerGid: "gid://shopify/Customer/7012345678901",
      totalPrice: "98.50",
      subtotalPrice: "88.50",
      totalDiscounts: "10.00",
      discountCodes: ["WELCOME10"],
      cancelledAt: null,
    });
    expect(order.placedAt.toISOString()).toBe("2026-10-20T14:00:00.000Z");
    expect(order.lineItems[0]).toEqual({
      shopifyGid: "gid://shopify/LineItem/14012345678901",
      productGid: "gid://shopify/Product/632910392",
      variantGid: "gid://shopify/ProductVariant/808950810",
      title: "Ceramic mug",
      quantity: 2,
      unitPrice: "24.25",
    });
  });

  it("derives GIDs from numeric ids when admin_graphql_api_id is absent, and keeps guest orders without customer", () => {
    const order = orderFromWebhook({ id: 42, currency: "USD", created_at: "2026-01-01T00:00:00Z", total_price: "5.00", customer: null, line_items: [] });
    expect(order).toMatchObject({ shopifyGid: "gid://shopify/Order/42", customerGid: null, subtotalPrice: "0", lineItems: [] });
  });
});

describe("customerFromWebhook", () => {
  it("maps contact details and the default address", () => {
    expect(customerFromWebhook({ id: 7, first_name: "Ada", last_name: "", email: "a@b.c", default_address: { city: "Paris", country_code: "FR" } })).toMatchObject({
      shopifyGid: "gid://shopify/Customer/7",
      firstName: "Ada",
      lastName: null,
      city: "Paris",
      countryCode: "FR",
    });
  });
});
