import { Session } from "@shopify/shopify-api";
import express from "express";
import { SignJWT } from "jose";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopRepository } from "../../app/infra/db/repositories/shop-repository";
import { PrismaSessionStorage } from "../../app/infra/db/session-storage";
import { prismaSqlReader } from "../../app/infra/db/sql-reader";
import { CrossSellCache } from "../../app/infra/offers/cross-sell-cache";
import { createOffersModule } from "../../app/infra/offers/offers-module";
import { DemoDiscountApi } from "../../app/infra/shopify/demo/demo-discount-api";
import { errorHandler } from "../../app/server/middleware/error-handler";
import { extensionRouter } from "../../app/server/routes/extension";
import { createLogger } from "../../app/server/logger";
import { GRAPHQL_PATH, installMockAgent, JSON_HEADERS } from "../support/admin-api-mock";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { checkoutToken, sessionToken, TEST_API_KEY, TEST_SECRET } from "../support/shopify-signing";
import { buildTestApp } from "../support/test-app";

const SHOPIFY_ENV = { SHOPIFY_API_KEY: TEST_API_KEY, SHOPIFY_API_SECRET: TEST_SECRET, SHOPIFY_APP_URL: "https://encore.example" };
let sequence = 7_200_000_001;

describe.each(databaseBackends())("session token kinds and buyer-bound thank-you data on %s", (backend) => {
  let db: TestDatabase;
  let discounts: DemoDiscountApi;
  let demo: ReturnType<typeof buildTestApp>;
  let shopifyMode: ReturnType<typeof buildTestApp>;
  let shop: { id: string; domain: string };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    discounts = new DemoDiscountApi({ latencyMs: 0 });
    demo = buildTestApp(db, { LOG_LEVEL: "silent" }, { adminClients: async () => discounts });
    shopifyMode = buildTestApp(db, { ...SHOPIFY_ENV, LOG_LEVEL: "silent" }, { adminClients: async () => discounts });
    const stored = await new ShopRepository(db.prisma).upsertInstalled({ domain: `tokens-${backend}.myshopify.com`, currency: "EUR" }, new Date());
    shop = { id: stored.id, domain: stored.domain };
    const offer = { name: "All", status: "active", discountType: "percentage", discountValue: 10, validityDays: 30, targeting: {}, orderScope: "any_order", controlShare: 0 };
    await request(demo.app).post("/api/offers").set("Authorization", `Bearer ${await sessionToken({ shop: shop.domain })}`).send(offer).expect(201);
  });
  afterAll(async () => {
    await db?.close();
  });

  async function order(options: { guest?: boolean; daysAgo?: number } = {}) {
    const id = sequence++;
    const customer = options.guest ? null : await db.prisma.customer.create({ data: { shopId: shop.id, shopifyGid: `gid://shopify/Customer/${id}`, email: `c${id}@example.com` } });
    const placedAt = new Date(Date.now() - (options.daysAgo ?? 0) * 86_400_000);
    const row = await db.prisma.order.create({
      data: { shopId: shop.id, shopifyGid: `gid://shopify/Order/${id}`, name: `#${id}`, customerId: customer?.id ?? null, currency: "EUR", totalPrice: "80.00", subtotalPrice: "75.00", placedAt },
    });
    return { orderGid: row.shopifyGid, customerGid: customer?.shopifyGid ?? null };
  }

  const thankYou = (orderGid: string, token: string) =>
    request(demo.app).get("/api/extension/thank-you").query({ orderId: orderGid }).set("Authorization", `Bearer ${token}`).expect(200);
  const decisions = (orderGid: string) => db.prisma.offerDecision.count({ where: { shopId: shop.id, orderGid } });

  it("demo mode: a buyer's checkout token is refused on the admin API (no export, no offer written)", async () => {
    const buyer = `Bearer ${await checkoutToken({ shop: shop.domain, customerGid: "gid://shopify/Customer/1" })}`;
    expect((await request(demo.app).get("/api/customers/export.csv").set("Authorization", buyer).expect(401)).body.error.code).toBe("UNAUTHENTICATED");
    const before = await db.prisma.offer.count();
    await request(demo.app).post("/api/offers").set("Authorization", buyer).send({ name: "Free stuff" }).expect(401);
    expect(await db.prisma.offer.count()).toBe(before);
  });

  it("shopify mode, shop installed (offline session stored, Admin API answering): an admin token is accepted, a buyer's checkout token on the same routes is refused", async () => {
    // What production has once the shop installed the app: the library finds the offline session named by the
    // token's `dest` and checks its access token with a small Admin API query (answered here by a mock).
    await new PrismaSessionStorage(db.prisma).storeSession(
      new Session({ id: `offline_${shop.domain}`, shop: shop.domain, state: "installed", isOnline: false, scope: shopifyMode.config.shopify.scopes.join(","), accessToken: "shpat_tokens" }),
    );
    const { agent, restore } = installMockAgent();
    agent.get(`https://${shop.domain}`).intercept({ path: GRAPHQL_PATH, method: "POST" }).reply(200, { data: { shop: { name: "Tokens" } } }, JSON_HEADERS).persist();
    try {
      const admin = `Bearer ${await sessionToken({ shop: shop.domain })}`;
      await request(shopifyMode.app).get("/api/customers/export.csv").set("Authorization", admin).expect(200);
      expect((await request(shopifyMode.app).get("/api/offers").set("Authorization", admin).expect(200)).body.offers.length).toBeGreaterThan(0);

      const buyer = `Bearer ${await checkoutToken({ shop: shop.domain, customerGid: "gid://shopify/Customer/1" })}`;
      const refused = await request(shopifyMode.app).get("/api/customers/export.csv").set("Authorization", buyer).expect(401);
      expect(refused.body.error.code).toBe("UNAUTHENTICATED");
      expect(refused.text).not.toContain("@example.com");
      const before = await db.prisma.offer.count();
      await request(shopifyMode.app).post("/api/offers").set("Authorization", buyer).send({ name: "Free stuff" }).expect(401);
      expect(await db.prisma.offer.count()).toBe(before);
    } finally {
      await restore();
      await db.prisma.session.deleteMany({ where: { shop: shop.domain } });
    }
  });

  it.each([
    ["without exp", () => adminTokenWithoutExpiry(shop.domain)],
    ["with a year's lifetime", () => sessionToken({ shop: shop.domain, expiresInSeconds: 365 * 86_400 })],
  ])("an admin-shaped token %s is refused", async (_name, makeToken) => {
    await request(demo.app).get("/api/customers").set("Authorization", `Bearer ${await makeToken()}`).expect(401);
  });

  it("an admin session token still reaches the admin API", async () => {
    await request(demo.app).get("/api/offers").set("Authorization", `Bearer ${await sessionToken({ shop: shop.domain })}`).expect(200);
  });

  // Shopify issues admin tokens for 60 s and extension tokens for 300 s; 10 s of allowance on top.
  it.each([
    ["an admin token living exactly 70 s", 200, () => sessionToken({ shop: shop.domain, expiresInSeconds: 70 })],
    ["an admin token living 71 s", 401, () => sessionToken({ shop: shop.domain, expiresInSeconds: 71 })],
    ["an admin token living 5 minutes (the old cap)", 401, () => sessionToken({ shop: shop.domain, expiresInSeconds: 300 })],
  ])("admin API: %s → %i", async (_name, status, makeToken) => {
    await request(demo.app).get("/api/offers").set("Authorization", `Bearer ${await makeToken()}`).expect(status);
  });

  it.each([
    ["a checkout token living exactly 310 s", 200, () => checkoutToken({ shop: shop.domain, expiresInSeconds: 310 })],
    ["a checkout token living 311 s", 401, () => checkoutToken({ shop: shop.domain, expiresInSeconds: 311 })],
    ["a checkout token living 10 minutes (the old cap)", 401, () => checkoutToken({ shop: shop.domain, expiresInSeconds: 600 })],
  ])("extension API: %s → %i", async (_name, status, makeToken) => {
    const target = await order({ guest: true });
    await request(demo.app).get("/api/extension/thank-you").query({ orderId: target.orderGid }).set("Authorization", `Bearer ${await makeToken()}`).expect(status);
  });

  it("another buyer's token learns nothing of an order and cannot answer its survey", async () => {
    const mine = await order();
    const stranger = await checkoutToken({ shop: shop.domain, customerGid: "gid://shopify/Customer/999" });
    expect((await thankYou(mine.orderGid, stranger)).body).toEqual({ status: "pending", orderId: mine.orderGid, retryAfterMs: 2000 });
    expect(await decisions(mine.orderGid)).toBe(0);
    await request(demo.app).post("/api/extension/survey").set("Authorization", `Bearer ${stranger}`).send({ orderId: mine.orderGid, answer: "Other" }).expect(404);
    const guest = await checkoutToken({ shop: shop.domain });
    expect((await thankYou(mine.orderGid, guest)).body.status).toBe("pending");
    expect(await db.prisma.surveyResponse.count({ where: { shopId: shop.id, orderGid: mine.orderGid } })).toBe(0);
    // The buyer's own token gets the code.
    const own = await thankYou(mine.orderGid, await checkoutToken({ shop: shop.domain, customerGid: mine.customerGid }));
    expect(own.body.coupon.code).toMatch(/^[2-9A-HJKMNP-Z]{12}$/);
  });

  it("a guest checkout token cannot answer the survey of a signed-in customer's order", async () => {
    const mine = await order();
    const guest = await checkoutToken({ shop: shop.domain });
    await request(demo.app).post("/api/extension/survey").set("Authorization", `Bearer ${guest}`).send({ orderId: mine.orderGid, answer: "Other" }).expect(404);
    expect(await db.prisma.surveyResponse.count({ where: { shopId: shop.id, orderGid: mine.orderGid } })).toBe(0);
    // The buyer's own token may answer it.
    const own = await checkoutToken({ shop: shop.domain, customerGid: mine.customerGid });
    await request(demo.app).post("/api/extension/survey").set("Authorization", `Bearer ${own}`).send({ orderId: mine.orderGid, answer: "Other" }).expect(201);
    expect(await db.prisma.surveyResponse.count({ where: { shopId: shop.id, orderGid: mine.orderGid } })).toBe(1);
  });

  it("a guest token never mints a code for an old order (one known only from orders/updated)", async () => {
    const old = await order({ guest: true, daysAgo: 30 });
    const calls = discounts.calls.length;
    expect((await thankYou(old.orderGid, await checkoutToken({ shop: shop.domain }))).body.status).toBe("pending");
    expect(await decisions(old.orderGid)).toBe(0);
    expect(discounts.calls.length).toBe(calls);
  });

  it("the buyer's own old order shows only what was decided, and decides nothing new", async () => {
    const old = await order({ daysAgo: 10 });
    const body = (await thankYou(old.orderGid, await checkoutToken({ shop: shop.domain, customerGid: old.customerGid }))).body;
    expect(body).toMatchObject({ status: "ready", coupon: null });
    expect(await decisions(old.orderGid)).toBe(0);
  });

  it("limits each shop's extension traffic (429 past the limit, other shops unaffected)", async () => {
    const offers = createOffersModule({ prisma: db.prisma, adminClient: async () => discounts });
    const other = await new ShopRepository(db.prisma).upsertInstalled({ domain: `tokens-other-${backend}.myshopify.com`, currency: "EUR" }, new Date());
    const app = express();
    app.use("/x", extensionRouter({ ...offers, crossSells: new CrossSellCache(prismaSqlReader(db.prisma)), shopify: demo.shopify, shops: new ShopRepository(db.prisma), limitPerMinute: 3 }));
    app.use(errorHandler(createLogger({ level: "silent" })));
    const target = await order();
    const call = async (domain: string) =>
      (await request(app).get("/x/thank-you").query({ orderId: target.orderGid }).set("Authorization", `Bearer ${await checkoutToken({ shop: domain })}`)).status;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await call(shop.domain));
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await call(other.domain)).toBe(200);
  });
});

/** jose signs and verifies a token without exp happily; Shopify never issues one. */
function adminTokenWithoutExpiry(shopDomain: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${shopDomain}`, sid: "session" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${shopDomain}/admin`)
    .setAudience(TEST_API_KEY)
    .setIssuedAt(now)
    .sign(new TextEncoder().encode(TEST_SECRET));
}
