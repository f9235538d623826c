import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeOverview } from "../../app/domain/metrics/overview";
import { generateDemoHistory } from "../../app/domain/demo/generate-demo-history";
import { seedDemoShop } from "../../app/infra/demo/seed-demo-shop";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { buildTestApp } from "../support/test-app";
import { processWebhookDeliveries } from "../support/webhook-delivery";
import { DEMO_SHOP, sessionToken, TEST_SECRET, webhookHeaders } from "../support/shopify-signing";
import { ConfigError } from "../../app/config/env";

const SEED_NOW = new Date("2026-11-01T00:00:00Z");
const CUSTOMERS = 400;

describe.each(databaseBackends())("HTTP app on %s", (backend) => {
  let db: TestDatabase;
  let harness: ReturnType<typeof buildTestApp>;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 7, now: SEED_NOW, customerCount: CUSTOMERS });
    harness = buildTestApp(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("serves the overview of the demo shop, equal to the pure computation over the same orders", async () => {
    const history = generateDemoHistory({ seed: 7, now: SEED_NOW, customerCount: CUSTOMERS });
    const expected = computeOverview(
      history.orders.map((order) => ({
        customerId: order.customerId,
        totalPrice: Number(order.totalPrice.amount),
        cancelled: order.cancelledAt !== null,
      })),
    );
    const response = await request(harness.app).get("/api/overview").expect(200);
    expect(response.body).toMatchObject({ shop: DEMO_SHOP, currency: "USD" });
    expect(response.body.customers).toBe(expected.customers);
    expect(response.body.orders).toBe(expected.orders);
    expect(response.body.repeatCustomerRate).toBeCloseTo(expected.repeatCustomerRate, 12);
    expect(response.body.averageOrdersPerCustomer).toBeCloseTo(expected.averageOrdersPerCustomer, 12);
    expect(response.body.averageOrderValue).toBeCloseTo(expected.averageOrderValue, 9);
    expect(response.body.customerLifetimeValue).toBeCloseTo(expected.customerLifetimeValue, 9);
    expect(expected.orders).toBeGreaterThan(CUSTOMERS / 2);
  });

  it("answers an unknown API route with a 404 JSON error", async () => {
    const response = await request(harness.app).get("/api/does-not-exist").expect(404);
    expect(response.body.error).toEqual({ code: "NOT_FOUND", message: "No route for GET /does-not-exist" });
  });

  it("answers an unknown non-page path with a 404 JSON error", async () => {
    const response = await request(harness.app).get("/favicon-nope.png").expect(404);
    expect(response.body.error.code).toBe("NOT_FOUND");
  });

  it("answers malformed JSON with a 400 naming the problem", async () => {
    const response = await request(harness.app)
      .post("/api/overview")
      .set("Content-Type", "application/json")
      .send('{"name": ')
      .expect(400);
    expect(response.body.error.code).toBe("BAD_REQUEST");
    expect(response.body.error.message).toMatch(/^Malformed JSON body: /);
  });

  it("serves the admin HTML for client-side routes, without App Bridge in demo mode", async () => {
    for (const path of ["/", "/customers"]) {
      const response = await request(harness.app).get(path).expect(200);
      expect(response.headers["content-type"]).toMatch(/text\/html/);
      expect(response.text).toContain('<div id="root"></div>');
      expect(response.text).not.toContain("app-bridge.js");
      expect(response.headers["content-security-policy"]).toBe("frame-ancestors 'none'");
    }
  });

  it("accepts a session token signed with the development secret and rejects forged or expired ones", async () => {
    const valid = await sessionToken();
    await request(harness.app).get("/api/overview").set("Authorization", `Bearer ${valid}`).expect(200);
    const forged = await sessionToken({ secret: "not-the-secret" });
    const forgedResponse = await request(harness.app).get("/api/overview").set("Authorization", `Bearer ${forged}`).expect(401);
    expect(forgedResponse.body.error.code).toBe("UNAUTHENTICATED");
    const expired = await sessionToken({ expiresInSeconds: -120 });
    await request(harness.app).get("/api/overview").set("Authorization", `Bearer ${expired}`).expect(401);
    const wrongAudience = await sessionToken({ audience: "another-app" });
    await request(harness.app).get("/api/overview").set("Authorization", `Bearer ${wrongAudience}`).expect(401);
  });

  it("refuses demo mode off loopback with the public secret; with a private one it takes only tokens signed with it", async () => {
    expect(() => buildTestApp(db, { HOST: "0.0.0.0" })).toThrow(/HOST: demo mode on 0\.0\.0\.0/);
    expect(() => buildTestApp(db, { HOST: "0.0.0.0", SHOPIFY_API_SECRET: TEST_SECRET })).toThrow(ConfigError);
    const secret = "a-private-demo-secret-0123456789";
    const exposed = buildTestApp(db, { HOST: "0.0.0.0", SHOPIFY_API_SECRET: secret });
    const response = await request(exposed.app).get("/api/overview").expect(401);
    expect(response.body.error.message).toBe("A session token is required");
    await request(exposed.app).get("/api/overview").set("Authorization", `Bearer ${await sessionToken()}`).expect(401);
    await request(exposed.app).get("/api/overview").set("Authorization", `Bearer ${await sessionToken({ secret })}`).expect(200);
    // No preview exists there: nobody is handed a session token.
    const preview = await request(exposed.app).get("/preview/thank-you/session-token");
    expect(preview.body?.token).toBeUndefined();
    expect(preview.headers["content-type"]).not.toMatch(/json/);
    expect((await request(exposed.app).get("/apps/encore/banner")).headers["content-type"]).not.toMatch(/json/);
  });

  it("the local demo answers only requests addressed to localhost, and no cross-site writes", async () => {
    await request(harness.app).get("/api/overview").set("Host", "attacker.example:3000").expect(403);
    await request(harness.app).get("/api/overview").set("Host", "localhost:3000").expect(200);
    await request(harness.app).get("/api/overview").set("Host", "[::1]:3000").expect(200);
    const before = await db.prisma.offer.count();
    const offer = { name: "Cross-site", status: "active", discountType: "percentage", discountValue: 90, validityDays: 30, targeting: {}, orderScope: "any_order", controlShare: 0 };
    await request(harness.app).post("/api/offers").set("Origin", "https://attacker.example").send(offer).expect(403);
    expect(await db.prisma.offer.count()).toBe(before);
    await request(harness.app).post("/api/offers").set("Origin", "http://localhost:3000").send(offer).expect(201);
  });

  it("the preview's session token is useless against the real extension API", async () => {
    const { token } = (await request(harness.app).get("/preview/thank-you/session-token").expect(200)).body;
    await request(harness.app).get("/api/extension/thank-you").query({ orderId: "gid://shopify/Order/1" }).set("Authorization", `Bearer ${token}`).expect(401);
  });

  it("verifies webhook HMACs on the raw body: forged → 401 and nothing changes, valid → handled", async () => {
    const body = JSON.stringify({ id: 1, domain: DEMO_SHOP });
    const forged = webhookHeaders({ body, topic: "app/uninstalled", secret: "wrong" });
    await request(harness.app).post("/api/webhooks").set(forged).send(body).expect(401);
    const missing = webhookHeaders({ body, topic: "app/uninstalled" });
    delete (missing as Record<string, string>)["X-Shopify-Hmac-Sha256"];
    await request(harness.app).post("/api/webhooks").set(missing).send(body).expect(401);
    expect((await db.prisma.shop.findUnique({ where: { domain: DEMO_SHOP } }))?.uninstalledAt).toBeNull();

    // Re-serialised JSON (as a global JSON parser would produce) must not verify: the HMAC is over raw bytes.
    const spaced = JSON.stringify({ id: 1, domain: DEMO_SHOP }, null, 2);
    const headersForCompact = webhookHeaders({ body, topic: "app/uninstalled" });
    await request(harness.app).post("/api/webhooks").set(headersForCompact).send(spaced).expect(401);

    await db.prisma.session.create({ data: { id: `offline_${DEMO_SHOP}`, shop: DEMO_SHOP, state: "s", accessToken: "shpat_secret" } });
    const valid = webhookHeaders({ body, topic: "app/uninstalled" });
    await request(harness.app).post("/api/webhooks").set(valid).send(body).expect(200);
    await processWebhookDeliveries(harness.jobs);
    expect((await db.prisma.shop.findUnique({ where: { domain: DEMO_SHOP } }))?.uninstalledAt).toBeInstanceOf(Date);
    expect(await db.prisma.session.count({ where: { shop: DEMO_SHOP } })).toBe(0);
    // Idempotent: a second delivery after the sessions are gone still succeeds.
    await request(harness.app).post("/api/webhooks").set(webhookHeaders({ body, topic: "app/uninstalled" })).send(body).expect(200);
    expect(await processWebhookDeliveries(harness.jobs)).toBe(1);
    await db.prisma.shop.update({ where: { domain: DEMO_SHOP }, data: { uninstalledAt: null } });
  });

  it("never logs tokens or customer PII", async () => {
    const token = await sessionToken();
    await request(harness.app).get("/api/overview?email=shopper%40example.com").set("Authorization", `Bearer ${token}`).expect(200);
    const customer = await db.prisma.customer.findFirstOrThrow({ where: { email: { not: null } } });
    harness.logs.lines.length = 0;
    await request(harness.app).get("/api/overview").set("Authorization", `Bearer ${token}`).expect(200);
    const text = harness.logs.text();
    expect(text).toContain('"path":"/api/overview"');
    expect(text).not.toContain(token);
    expect(text).not.toContain("shopper@example.com");
    expect(text).not.toContain(customer.email!);
  });
});
