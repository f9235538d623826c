import { describe, expect, it } from "vitest";
import { buildCustomerExport } from "../../../app/domain/privacy/customer-export";

describe("buildCustomerExport", () => {
  it("shapes everything held on a customer with ISO times and a versioned format", () => {
    const result = buildCustomerExport(
      {
        customer: { shopifyGid: "gid://shopify/Customer/1", firstName: "Ada", lastName: "L", email: "a@b.c", phone: null, city: "London", countryCode: "GB", shopifyCreatedAt: new Date("2025-01-01T00:00:00Z") },
        orders: [{ shopifyGid: "gid://shopify/Order/1", name: "#1", placedAt: new Date("2025-02-01T00:00:00Z"), cancelledAt: null, currency: "USD", totalPrice: "10.00", discountCodes: [], lineItems: [{ title: "Mug", quantity: 1, unitPrice: "10.00" }] }],
        score: { model: "bgnbd", scoredAt: new Date("2025-03-01T00:00:00Z") },
        offerDecisions: [{ orderGid: "gid://shopify/Order/1", outcome: "issued", code: "ENC-1", decidedAt: new Date("2025-02-01T00:00:00Z"), redeemedAt: null }],
        surveyResponses: [],
      },
      new Date("2025-04-01T00:00:00Z"),
    );
    expect(result).toMatchObject({
      format: "encore.customer-export.v1",
      generatedAt: "2025-04-01T00:00:00.000Z",
      customer: { id: "gid://shopify/Customer/1", email: "a@b.c", createdAt: "2025-01-01T00:00:00.000Z" },
      orders: [{ id: "gid://shopify/Order/1", placedAt: "2025-02-01T00:00:00.000Z", lineItems: [{ title: "Mug" }] }],
      score: { model: "bgnbd", scoredAt: "2025-03-01T00:00:00.000Z" },
      offers: [{ orderId: "gid://shopify/Order/1", code: "ENC-1", redeemedAt: null }],
    });
  });
});
