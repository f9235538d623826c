import { Writable } from "node:stream";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../app/config/env";
import { seedDemoOffers, demoOfferId } from "../../app/infra/demo/seed-demo-offers";
import { seedDemoShop } from "../../app/infra/demo/seed-demo-shop";
import { ShopRepository } from "../../app/infra/db/repositories/shop-repository";
import { createOffersModule } from "../../app/infra/offers/offers-module";
import { refreshBoughtTogether } from "../../app/infra/offers/bought-together-repository";
import { DemoDiscountApi } from "../../app/infra/shopify/demo/demo-discount-api";
import { createApp } from "../../app/server/app";
import { createLogger } from "../../app/server/logger";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { checkoutToken, DEMO_SHOP, sessionToken } from "../support/shopify-signing";

const SEED_NOW = new Date("2026-11-01T00:00:00Z");
let orderSequence = 7_000_000_001;

const validOffer = {
  name: "Come back: 15% off",
  status: "active",
  discountType: "percentage",
  discountValue: 15,
  minimumSubtotal: 40,
  validityDays: 30,
  targeting: {},
  orderScope: "any_order",
  controlShare: 0,
};

describe.each(databaseBackends())("offers, coupons and the thank-you API on %s", (backend) => {
  let db: TestDatabase;
  let discounts: DemoDiscountApi;
  let app: ReturnType<typeof createApp>["app"];
  let logs: string[];
  const shops = () => new ShopRepository(db.prisma);

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 7, now: SEED_NOW, customerCount: 800 });
    discounts = new DemoDiscountApi({ latencyMs: 20 });
    logs = [];
    const destination = new Writable({ write: (chunk, _encoding, callback) => (logs.push(String(chunk)), callback()) });
    ({ app } = createApp({
      config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "info" }),
      db,
      logger: createLogger({ level: "info", destination }),
      adminClients: async () => discounts,
    }));
  });
  afterAll(async () => {
    await db?.close();
  });

  /** A shop of its own per scenario, so active offers never leak between tests. */
  async function freshShop(name: string, offer: Record<string, unknown> | null) {
    const domain = `${name}-${backend}.myshopify.com`;
    const shop = await shops().upsertInstalled({ domain, currency: "EUR" }, new Date());
    const token = await sessionToken({ shop: domain });
    let offerId: string | null = null;
    if (offer) {
      const created = await request(app).post("/api/offers").set("Authorization", `Bearer ${token}`).send(offer).expect(201);
      offerId = created.body.offer.id;
    }
    return { shop, domain, token, offerId };
  }

  async function createOrder(shopId: string, options: { guest?: boolean; customerGid?: string } = {}) {
    const id = orderSequence++;
    const customer = options.guest
      ? null
      : await db.prisma.customer.upsert({
          where: { shopId_shopifyGid: { shopId, shopifyGid: options.customerGid ?? `gid://shopify/Customer/${id}` } },
          create: { shopId, shopifyGid: options.customerGid ?? `gid://shopify/Customer/${id}`, firstName: "Ada", email: `ada${id}@example.com` },
          update: {},
        });
    const order = await db.prisma.order.create({
      data: {
        shopId,
        shopifyGid: `gid://shopify/Order/${id}`,
        name: `#${id}`,
        customerId: customer?.id ?? null,
        currency: "EUR",
        totalPrice: "80.00",
        subtotalPrice: "75.00",
        placedAt: new Date(),
      },
    });
    return { order, customer };
  }

  const thankYou = (token: string, orderGid: string) =>
    request(app).get("/api/extension/thank-you").query({ orderId: orderGid }).set("Authorization", `Bearer ${token}`);

  describe("offer CRUD", () => {
    it.each([
      ["negative amount", { discountValue: -5 }, "discountValue"],
      ["percentage above 100", { discountValue: 150 }, "discountValue"],
      ["end before start", { startsAt: "2026-12-01T00:00:00Z", endsAt: "2026-11-01T00:00:00Z" }, "endsAt"],
      ["unknown segment", { targeting: { excludeSegments: ["hibernating"] } }, "targeting.excludeSegments.0"],
      ["control share too large", { controlShare: 0.9 }, "controlShare"],
      ["unknown field", { colour: "red" }, "(body)"],
      ["missing name", { name: "" }, "name"],
    ])("rejects %s with a 400 naming the field and stores nothing", async (_name, change, field) => {
      const before = await db.prisma.offer.count();
      const response = await request(app).post("/api/offers").send({ ...validOffer, ...change }).expect(400);
      expect(response.body.error.code).toBe("VALIDATION_FAILED");
      expect(response.body.error.fields.map((problem: { field: string }) => problem.field)).toContain(field);
      expect(await db.prisma.offer.count()).toBe(before);
    });

    it("creates, reads, patches, lists and deletes an offer", async () => {
      const created = await request(app).post("/api/offers").send({ ...validOffer, status: "draft", targeting: { maxPRepeat90: 0.4, excludeSegments: ["lover"] } }).expect(201);
      const id = created.body.offer.id;
      expect(created.body.offer).toMatchObject({ discountValue: 15, controlShare: 0, targeting: { maxPRepeat90: 0.4, excludeSegments: ["lover"] }, startsAt: null });
      await request(app).get(`/api/offers/${id}`).expect(200);
      const patched = await request(app).patch(`/api/offers/${id}`).send({ status: "paused", priority: 3 }).expect(200);
      expect(patched.body.offer).toMatchObject({ status: "paused", priority: 3, name: validOffer.name });
      await request(app).patch(`/api/offers/${id}`).send({ discountValue: 101 }).expect(400);
      expect((await request(app).get("/api/offers").expect(200)).body.offers.map((o: { id: string }) => o.id)).toContain(id);
      await request(app).delete(`/api/offers/${id}`).expect(204);
      await request(app).get(`/api/offers/${id}`).expect(404);
    });

    it("never shows one shop's offer to another", async () => {
      const other = await freshShop("other", validOffer);
      await request(app).get(`/api/offers/${other.offerId}`).expect(404);
    });
  });

  describe("issuing exactly once", () => {
    it("50 concurrent thank-you requests plus the orders/create path → one code, one discountCodeBasicCreate", async () => {
      const { shop, domain } = await freshShop("race", validOffer);
      const { order, customer } = await createOrder(shop.id);
      const token = await checkoutToken({ shop: domain, customerGid: customer!.shopifyGid });
      const before = discounts.callsTo("DiscountCodeBasicCreate").length;
      const webhookPath = createOffersModule({ prisma: db.prisma, adminClient: async () => discounts });
      const facts = await webhookPath.facts.findOrder(shop.id, order.shopifyGid);
      const [webhookDecision, ...responses] = await Promise.all([
        webhookPath.useCases.issueCouponForOrder({ shop: { id: shop.id, domain }, order: facts!, now: new Date() }),
        ...Array.from({ length: 50 }, () => thankYou(token, order.shopifyGid)),
      ]);
      const creates = discounts.callsTo("DiscountCodeBasicCreate").slice(before);
      expect(creates).toHaveLength(1);
      const codes = new Set([webhookDecision.code, ...responses.map((response) => response.body.coupon?.code)]);
      expect(codes).toEqual(new Set([webhookDecision.code]));
      expect(responses.every((response) => response.status === 200)).toBe(true);
      expect(await db.prisma.offerDecision.count({ where: { shopId: shop.id, orderGid: order.shopifyGid } })).toBe(1);

      const input = creates[0].variables.basicCodeDiscount as Record<string, any>;
      expect(input).toMatchObject({
        code: webhookDecision.code,
        usageLimit: 1,
        appliesOncePerCustomer: true,
        context: { customers: { add: [customer!.shopifyGid] } },
        customerGets: { value: { percentage: 0.15 }, items: { all: true } },
        minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "40.00" } },
      });
      expect(new Date(input.endsAt).getTime() - new Date(input.startsAt).getTime()).toBe(30 * 86_400_000);
      expect(webhookDecision.code).toMatch(/^[2-9A-HJKMNP-Z]{12}$/);
      expect(responses[0].body.coupon).toMatchObject({ discount: { type: "percentage", percentage: 15 }, minimumSubtotal: { amount: "40.00", currencyCode: "EUR" } });
      expect(logs.join("")).not.toContain(webhookDecision.code!);
    });

    it.each(["lost_response", "unavailable"] as const)("retries a failed Shopify call (%s) with the same code, never a second discount", async (failure) => {
      const { shop, domain } = await freshShop(`retry-${failure.replace("_", "-")}`, validOffer);
      const { order, customer } = await createOrder(shop.id);
      const token = await checkoutToken({ shop: domain, customerGid: customer!.shopifyGid });
      discounts.failNextCreates(failure);
      const first = await thankYou(token, order.shopifyGid).expect(200);
      expect(first.body.coupon).toBeNull();
      const failed = await db.prisma.offerDecision.findUniqueOrThrow({ where: { shopId_orderGid: { shopId: shop.id, orderGid: order.shopifyGid } } });
      expect(failed.discountStatus).toBe("failed");

      const second = await thankYou(token, order.shopifyGid).expect(200);
      expect(second.body.coupon.code).toBe(failed.code);
      const attempts = discounts.callsTo("DiscountCodeBasicCreate").filter((call) => (call.variables.basicCodeDiscount as { code: string }).code === failed.code);
      expect(attempts).toHaveLength(2);
      expect(discounts.discountByCode(failed.code!)).toBeDefined();
      const stored = await db.prisma.offerDecision.findUniqueOrThrow({ where: { id: failed.id } });
      expect(stored).toMatchObject({ discountStatus: "created", shopifyDiscountId: discounts.discountByCode(failed.code!)!.id });
    });

    it("gives guests a single-use code that is not locked to a customer, and an account invitation", async () => {
      const { shop, domain } = await freshShop("guest", validOffer);
      const { order } = await createOrder(shop.id, { guest: true });
      const token = await checkoutToken({ shop: domain });
      // A guest token never makes the decision: until orders/create has, there is nothing to show.
      expect((await thankYou(token, order.shopifyGid).expect(200)).body.coupon).toBeNull();
      expect(await db.prisma.offerDecision.count({ where: { shopId: shop.id, orderGid: order.shopifyGid } })).toBe(0);
      const webhookPath = createOffersModule({ prisma: db.prisma, adminClient: async () => discounts });
      await webhookPath.useCases.issueCouponForOrder({ shop: { id: shop.id, domain }, order: (await webhookPath.facts.findOrder(shop.id, order.shopifyGid))!, now: new Date() });
      const response = await thankYou(token, order.shopifyGid).expect(200);
      expect(response.body.accountInvite).toEqual({ url: `https://guest-${backend}.myshopify.com/account/register` });
      const input = discounts.discountByCode(response.body.coupon.code)!.input;
      expect(input).toMatchObject({ context: { all: "ALL" }, usageLimit: 1 });
    });

    it("does not issue to a customer outside the offer's band (scores read by customer)", async () => {
      const { shop, domain } = await freshShop("band", { ...validOffer, targeting: { maxPRepeat90: 0.4 } });
      const { order, customer } = await createOrder(shop.id);
      const token = await checkoutToken({ shop: domain, customerGid: customer!.shopifyGid });
      await db.prisma.customerScore.create({
        data: {
          shopId: shop.id, customerId: customer!.id, model: "bgnbd", confidence: "high", scoredAt: new Date(), orderCount: 3, repeatPurchases: 2,
          firstOrderAt: new Date("2026-01-01"), lastOrderAt: new Date(), totalSpent: "300", averageOrderValue: "100", pAlive: 0.9, pRepeat90: 0.8,
          expectedOrders90: 1.2, expectedOrders365: 4, predictedClv365: "400", rfmRecency: 5, rfmFrequency: 5, rfmMonetary: 5, rfmSegment: "champions", loyaltySegment: "liker",
        },
      });
      const response = await thankYou(token, order.shopifyGid).expect(200);
      expect(response.body.coupon).toBeNull();
      expect(await db.prisma.offerDecision.findFirst({ where: { shopId: shop.id, orderGid: order.shopifyGid } })).toMatchObject({ outcome: "none", reason: "outside_band", code: null });
    });

    it("answers pending for an order Encore has not received yet", async () => {
      const { domain } = await freshShop("pending", validOffer);
      const response = await thankYou(await checkoutToken({ shop: domain }), "gid://shopify/Order/123456789").expect(200);
      expect(response.body).toMatchObject({ status: "pending", retryAfterMs: 2000 });
    });
  });

  describe("checkout session tokens", () => {
    it.each([
      ["missing", async () => null],
      ["expired", () => checkoutToken({ expiresInSeconds: -120 })],
      ["wrong audience", () => checkoutToken({ audience: "another-app" })],
      ["forged", () => checkoutToken({ secret: "not-the-secret" })],
      ["not yet valid (admin token)", () => sessionToken({ notBeforeOffsetSeconds: 600 })],
      ["unknown shop", () => checkoutToken({ shop: "stranger.myshopify.com" })],
      ["an admin session token", () => sessionToken()],
      ["without exp", () => checkoutToken({ withoutExpiry: true })],
      ["valid for a year", () => checkoutToken({ expiresInSeconds: 365 * 86_400 })],
      ["issued by another shop", () => checkoutToken({ issuer: "https://evil.myshopify.com/checkouts" })],
      ["an empty bearer", async () => ""],
    ])("%s → 401", async (_name, makeToken) => {
      const token = await makeToken();
      const call = request(app).get("/api/extension/thank-you").query({ orderId: "gid://shopify/Order/1" });
      const response = await (token !== null ? call.set("Authorization", `Bearer ${token}`) : call).expect(401);
      expect(response.body.error.code).toBe("UNAUTHENTICATED");
      expect(response.headers["access-control-allow-origin"]).toBe("*");
    });

    it("answers CORS preflight and rejects a malformed order id with a 400 naming it", async () => {
      await request(app).options("/api/extension/thank-you").expect(204);
      const response = await thankYou(await checkoutToken(), "123").expect(400);
      expect(response.body.error.fields[0].field).toBe("orderId");
    });
  });

  describe("survey", () => {
    it("stores settings and one answer per order, and reports them", async () => {
      const { shop, token } = await freshShop("survey", null);
      const auth = { Authorization: `Bearer ${token}` };
      expect((await request(app).get("/api/settings/survey").set(auth).expect(200)).body.survey.question).toBe("How did you hear about us?");
      await request(app).put("/api/settings/survey").set(auth).send({ question: "Where did you find us?", options: ["Friend"] }).expect(400);
      await request(app).put("/api/settings/survey").set(auth).send({ question: "Where did you find us?", options: ["Friend", "Ad", "Ad"] }).expect(400);
      await request(app).put("/api/settings/survey").set(auth).send({ question: "Where did you find us?", options: ["Friend", "Ad", "Podcast"] }).expect(200);
      const { order, customer } = await createOrder(shop.id);
      const buyer = { Authorization: `Bearer ${await checkoutToken({ shop: shop.domain, customerGid: customer!.shopifyGid })}` };
      await request(app).post("/api/extension/survey").set(buyer).send({ orderId: order.shopifyGid, answer: "Billboard" }).expect(400);
      await request(app).post("/api/extension/survey").set(buyer).send({ orderId: order.shopifyGid, answer: "Podcast" }).expect(201);
      await request(app).post("/api/extension/survey").set(buyer).send({ orderId: order.shopifyGid, answer: "Ad" }).expect(200);
      const content = await thankYou(buyer.Authorization.slice(7), order.shopifyGid).expect(200);
      expect(content.body.survey).toEqual({
        locale: "en",
        question: "Where did you find us?",
        options: ["Friend", "Ad", "Podcast"].map((value) => ({ value, label: value })),
        answered: true,
      });
      const results = await request(app).get("/api/settings/survey/results").set(auth).expect(200);
      expect(results.body).toMatchObject({ question: "Where did you find us?", responses: 1 });
      expect(results.body.answers.find((row: { answer: string }) => row.answer === "Podcast").count).toBe(1);
    });
  });

  describe("demo shop", () => {
    it("seeds one active offer with a history, idempotently, and reports its lift with an interval", async () => {
      const first = await seedDemoOffers(db, { shopDomain: DEMO_SHOP, now: SEED_NOW, seed: 7 });
      expect(first).toMatchObject({ seeded: true });
      expect(first.issued).toBeGreaterThan(50);
      expect(first.control).toBeGreaterThan(5);
      expect(first.redeemed).toBeGreaterThan(3);
      expect((await seedDemoOffers(db, { shopDomain: DEMO_SHOP, now: SEED_NOW, seed: 7 })).seeded).toBe(false);

      const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
      const offerId = demoOfferId(shop.id);
      const redeemedDecision = await db.prisma.offerDecision.findFirstOrThrow({ where: { offerId, redeemedAt: { not: null } } });
      const redeemingOrder = await db.prisma.order.findFirstOrThrow({ where: { shopifyGid: redeemedDecision.redeemedOrderGid! } });
      expect(redeemingOrder.discountCodes).toContain(redeemedDecision.code);

      const report = (await request(app).get(`/api/offers/${offerId}/performance`).expect(200)).body;
      expect(report).toMatchObject({ offerId, currency: "USD", issued: first.issued, redeemed: first.redeemed, controlGroup: first.control });
      expect(report.redemptionRate).toBeCloseTo(first.redeemed / first.issued, 12);
      expect(report.attributedRevenue).toBeGreaterThan(0);
      expect(report.discountCost).toBeGreaterThan(0);
      expect(report.repeat.windowDays).toBe(90);
      expect(report.lift).not.toBeNull();
      expect(report.lift.interval.lower).toBeLessThan(report.lift.difference);
      expect(report.lift.interval.upper).toBeGreaterThan(report.lift.difference);
    });

    it("records redemptions of a later order once (idempotent)", async () => {
      const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
      const open = await db.prisma.offerDecision.findFirstOrThrow({ where: { shopId: shop.id, outcome: "issued", redeemedAt: null } });
      const { useCases } = createOffersModule({ prisma: db.prisma, adminClient: async () => discounts });
      const later = { orderGid: "gid://shopify/Order/999000001", discountCodes: [open.code!.toLowerCase()], placedAt: new Date(), totalPrice: 91.5, totalDiscounts: 12.75 };
      expect(await useCases.recordRedemptions(shop.id, later)).toBe(1);
      expect(await useCases.recordRedemptions(shop.id, later)).toBe(0);
      const stored = await db.prisma.offerDecision.findUniqueOrThrow({ where: { id: open.id } });
      expect(stored.redeemedOrderGid).toBe(later.orderGid);
      expect(stored.attributedRevenue?.toFixed(2)).toBe("91.50");
      expect(stored.discountAmount?.toFixed(2)).toBe("12.75");
    });

    it("serves the acceptance flow: a demo order with a dev-secret token gets its code; forged → 401", async () => {
      const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
      const issued = await db.prisma.offerDecision.findFirstOrThrow({ where: { shopId: shop.id, outcome: "issued", customerGid: { not: null } } });
      // The cross-sell reads the pairs a scoring run's follow-up job computes.
      await refreshBoughtTogether(db.pool, shop.id, new Date());
      const response = await thankYou(await checkoutToken({ customerGid: issued.customerGid }), issued.orderGid).expect(200);
      expect(response.body.coupon.code).toBe(issued.code);
      expect(response.body.crossSell).toMatchObject({ url: expect.stringMatching(/^https:\/\/encore-demo\.myshopify\.com\/products\//) });
      await thankYou(await checkoutToken({ customerGid: issued.customerGid, secret: "wrong" }), issued.orderGid).expect(401);
    });
  });
});
