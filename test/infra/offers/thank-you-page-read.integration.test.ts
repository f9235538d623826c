import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolSqlReader } from "../../../app/infra/db/sql-reader";
import { OfferDecisionRepository } from "../../../app/infra/offers/offer-decision-repository";
import { OrderFactsRepository } from "../../../app/infra/offers/order-facts-repository";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";

const DOMAIN = "page.myshopify.com";
const at = (iso: string) => new Date(iso);

/**
 * The thank-you page's one-query read (OrderFactsRepository.thankYouPage) travels as one JSON value: every
 * field must come back with the type and value Prisma reads for the same rows (dates as Dates to the
 * millisecond, decimals as Prisma.Decimal of the stored value, nulls as null).
 */
describe.each(databaseBackends())("OrderFactsRepository.thankYouPage on %s", (backend) => {
  let db: TestDatabase;
  let readers: [string, OrderFactsRepository][];
  let shopId: string;
  let customer: { id: string; shopifyGid: string };
  // Off UTC, a timestamp read as local time would show.
  const zone = process.env.TZ;

  beforeAll(async () => {
    process.env.TZ = "Asia/Tehran";
    db = await openTestDatabase(backend);
    const shop = await db.prisma.shop.create({ data: { domain: DOMAIN, currency: "EUR", uninstalledAt: at("2026-11-01T08:30:15.250Z") } });
    shopId = shop.id;
    customer = await db.prisma.customer.create({ data: { shopId, shopifyGid: "gid://shopify/Customer/7" } });
    const order = (n: number, placedAt: string, changes: Record<string, unknown> = {}) => ({
      shopId,
      shopifyGid: `gid://shopify/Order/${n}`,
      customerId: customer.id,
      currency: "EUR",
      totalPrice: 50,
      subtotalPrice: 50,
      placedAt: at(placedAt),
      ...changes,
    });
    await db.prisma.order.createMany({
      data: [
        order(1, "2026-10-01T10:00:00.000Z"),
        order(2, "2026-11-05T09:15:42.987Z", { productGids: ["gid://shopify/Product/1", "gid://shopify/Product/2"] }),
        order(3, "2026-11-06T00:00:00.000Z", { customerId: null, currency: "USD" }),
      ],
    });
    await db.prisma.offerDecision.create({
      data: {
        shopId,
        orderGid: "gid://shopify/Order/2",
        customerId: customer.id,
        customerGid: customer.shopifyGid,
        outcome: "issued",
        reason: "first_order",
        code: "ENC-PAGE-1",
        shopifyDiscountId: "gid://shopify/DiscountCodeNode/9",
        discountStatus: "created",
        discountType: "fixed_amount",
        discountValue: "12345678.91",
        minimumSubtotal: "0.10",
        currency: "EUR",
        startsAt: at("2026-11-05T09:15:43.001Z"),
        expiresAt: at("2026-12-05T23:59:59.999Z"),
        decidedAt: at("2026-11-05T09:15:43.000Z"),
        redeemedAt: at("2026-11-20T10:00:00.500Z"),
        redeemedOrderGid: "gid://shopify/Order/99",
        attributedRevenue: "80.00",
        discountAmount: "12.30",
      },
    });
    await db.prisma.offerDecision.create({ data: { shopId, orderGid: "gid://shopify/Order/3", outcome: "control" } });
    await db.prisma.shopSettings.create({ data: { shopId, survey: { enabled: true, question: "How did you hear about us?", options: ["Friend", "Ad"] } } });
    await db.prisma.surveyResponse.create({ data: { shopId, orderGid: "gid://shopify/Order/2", question: "How did you hear about us?", answer: "Friend" } });
    readers = [
      ["the pg pool", new OrderFactsRepository(db.prisma, poolSqlReader(db.pool, { prepare: db.kind === "postgres" }))],
      ["Prisma", new OrderFactsRepository(db.prisma)],
    ];
  });
  afterAll(async () => {
    await db?.close();
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it("reads the shop, the order's facts and products, its decision exactly as Prisma does, and the survey", async () => {
    const stored = await new OfferDecisionRepository(db.prisma).findByOrder(shopId, "gid://shopify/Order/2");
    for (const [name, repository] of readers) {
      const read = await repository.thankYouPage(DOMAIN, "gid://shopify/Order/2");
      expect(read?.shop, name).toEqual({ id: shopId, domain: DOMAIN, currency: "EUR", uninstalledAt: at("2026-11-01T08:30:15.250Z") });
      expect(read?.page?.order, name).toEqual({
        orderGid: "gid://shopify/Order/2",
        customerId: customer.id,
        customerGid: customer.shopifyGid,
        currency: "EUR",
        placedAt: at("2026-11-05T09:15:42.987Z"),
        isFirstOrder: false,
      });
      expect(read?.page?.productGids, name).toEqual(["gid://shopify/Product/1", "gid://shopify/Product/2"]);
      const decision = read!.page!.decision!;
      expect(Object.keys(decision).sort(), name).toEqual(Object.keys(stored!).sort());
      for (const [field, value] of Object.entries(stored!)) {
        const got = (decision as unknown as Record<string, unknown>)[field];
        if (value instanceof Date) expect((got as Date).toISOString(), `${name}: ${field}`).toBe(value.toISOString());
        else if (value !== null && typeof value === "object") expect(String(got), `${name}: ${field}`).toBe(String(value));
        else expect(got, `${name}: ${field}`).toBe(value);
      }
      expect(String(decision.discountValue), name).toBe("12345678.91");
      expect(read?.page?.survey, name).toEqual({ settings: { enabled: true, question: "How did you hear about us?", options: ["Friend", "Ad"], translations: {} }, answered: true });
      expect(read?.page?.crossSellVersion, name).toBeNull();
    }
  });

  it("reads a guest's first order with a control decision, an unknown order and an unknown shop", async () => {
    await db.prisma.boughtTogetherRun.create({ data: { shopId, refreshedAt: at("2026-11-07T00:00:00Z"), orders: 3, pairs: 1 } });
    for (const [name, repository] of readers) {
      const guest = await repository.thankYouPage(DOMAIN, "gid://shopify/Order/3");
      expect(guest?.page?.order, name).toEqual({ orderGid: "gid://shopify/Order/3", customerId: null, customerGid: null, currency: "USD", placedAt: at("2026-11-06T00:00:00Z"), isFirstOrder: true });
      expect(guest?.page?.productGids, name).toEqual([]);
      expect(guest?.page?.decision, name).toMatchObject({ outcome: "control", code: null, discountValue: null, expiresAt: null, redeemedAt: null });
      expect(guest?.page?.survey.answered, name).toBe(false);
      expect(guest?.page?.crossSellVersion, name).toMatch(/^\d+$/);
      const first = await repository.thankYouPage(DOMAIN, "gid://shopify/Order/1");
      expect(first?.page?.order.isFirstOrder, name).toBe(true);
      expect(first?.page?.decision, name).toBeNull();
      expect(await repository.thankYouPage(DOMAIN, "gid://shopify/Order/404"), name).toEqual({ shop: expect.objectContaining({ id: shopId }), page: null });
      expect(await repository.thankYouPage("elsewhere.myshopify.com", "gid://shopify/Order/2"), name).toBeNull();
    }
  });
});
