import { createHmac } from "node:crypto";
import request from "supertest";
import { appProxySigningMessage } from "../../app/domain/storefront/proxy-signature";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../app/infra/demo/seed-demo-shop";
import { createDemoCustomerApi, type DemoCustomerFacts } from "../../app/infra/shopify/demo/demo-customer-api";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { buildTestApp } from "../support/test-app";
import { DEMO_SHOP, TEST_SECRET } from "../support/shopify-signing";
import { signedProxyPath } from "../support/app-proxy-signing";
import { customerWithOrders } from "../support/commerce-queries";

const SEED_NOW = new Date("2026-11-01T00:00:00Z");

describe.each(databaseBackends())("app proxy on %s", (backend) => {
  let db: TestDatabase;
  let harness: ReturnType<typeof buildTestApp>;
  let facts: DemoCustomerFacts;
  let returning: { id: string; shopifyGid: string; firstName: string | null; email: string | null };
  let numericId: string;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 11, now: SEED_NOW, customerCount: 60 });
    facts = { emailMarketing: new Map(), metafields: new Map() };
    // The real app, with the demo customer API's state observable from the test.
    harness = buildTestApp(db, {}, { adminClients: async (shopDomain) => createDemoCustomerApi({ prisma: db.prisma, shopDomain, facts }) });
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
    returning = await customerWithOrders(db.prisma, shop.id, "asc");
    numericId = returning.shopifyGid.split("/").pop()!;
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);
    await db.prisma.offerDecision.createMany({
      data: [
        { shopId: shop.id, orderGid: "gid://shopify/Order/a", customerId: returning.id, customerGid: returning.shopifyGid, outcome: "issued", code: "ENCORE-LATER", discountType: "percentage", discountValue: 10, currency: "USD", expiresAt: inDays(40), discountStatus: "created" },
        { shopId: shop.id, orderGid: "gid://shopify/Order/b", customerId: returning.id, customerGid: returning.shopifyGid, outcome: "issued", code: "ENCORE-SOON", discountType: "fixed_amount", discountValue: 15, currency: "USD", expiresAt: inDays(10), discountStatus: "created" },
        { shopId: shop.id, orderGid: "gid://shopify/Order/c", customerId: returning.id, customerGid: returning.shopifyGid, outcome: "issued", code: "ENCORE-USED", discountType: "percentage", discountValue: 20, currency: "USD", expiresAt: inDays(5), redeemedAt: new Date(), discountStatus: "created" },
        { shopId: shop.id, orderGid: "gid://shopify/Order/d", customerId: returning.id, customerGid: returning.shopifyGid, outcome: "issued", code: "ENCORE-GONE", discountType: "percentage", discountValue: 20, currency: "USD", expiresAt: inDays(-1), discountStatus: "created" },
      ],
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("answers a correctly signed banner request with the signed-in customer's best unused coupon", async () => {
    const response = await request(harness.app).get(signedProxyPath("/banner", { customerId: numericId, query: { locale: "en" } })).expect(200);
    expect(response.body).toMatchObject({ show: true, firstName: returning.firstName, code: "ENCORE-SOON", amount: "$15" });
    expect(response.body.expiresOn).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4}$/);
    expect(response.headers["cache-control"]).toBe("private, no-store");
    expect(response.headers.vary).toMatch(/Accept-Language/);
  });

  it("shows nothing to a signed-out shopper or an unknown customer", async () => {
    expect((await request(harness.app).get(signedProxyPath("/banner")).expect(200)).body).toEqual({ show: false });
    expect((await request(harness.app).get(signedProxyPath("/banner", { customerId: "999999999999" })).expect(200)).body).toEqual({ show: false });
  });

  it.each([
    ["a forged signature", () => signedProxyPath("/banner", { customerId: "1", secret: "not-the-secret" })],
    ["a missing signature", () => signedProxyPath("/banner", { customerId: "1" }).replace(/&signature=[0-9a-f]+/, "")],
    ["a tampered customer id", () => signedProxyPath("/banner", { customerId: "1" }).replace("logged_in_customer_id=1", "logged_in_customer_id=2")],
    ["a stale timestamp (replay)", () => signedProxyPath("/banner", { customerId: "1", timestamp: Math.floor(Date.now() / 1000) - 3600 })],
    ["a repeated shop parameter", () => `${signedProxyPath("/banner")}&shop=evil.myshopify.com`],
    ["no query at all", () => "/proxy/banner"],
  ])("rejects %s with 401 before reading anything", async (_name, path) => {
    const response = await request(harness.app).get(path()).expect(401);
    expect(response.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("rejects a bad locale with 400 naming the field", async () => {
    const response = await request(harness.app).get(signedProxyPath("/banner", { customerId: numericId, query: { locale: "<script>" } })).expect(400);
    expect(response.body.error.fields).toEqual([expect.objectContaining({ field: "locale" })]);
  });

  it("answers the returning check only about the verified signed-in customer, neutrally otherwise", async () => {
    expect((await request(harness.app).get(signedProxyPath("/returning", { customerId: numericId })).expect(200)).body).toEqual({ returning: true, hasCoupon: true });
    const anonymous = await request(harness.app).get(signedProxyPath("/returning", { query: { email: returning.email! } })).expect(200);
    expect(anonymous.body).toEqual({ returning: null });
    const stranger = await request(harness.app).get(signedProxyPath("/returning", { query: { email: "nobody@example.com" } })).expect(200);
    expect(stranger.body).toEqual(anonymous.body);
  });

  it("refuses a sign-up with a bad email: 400 naming email, nothing stored", async () => {
    const before = await db.prisma.customer.count();
    const response = await request(harness.app)
      .post(signedProxyPath("/signup"))
      .send({ email: "not-an-email", marketingConsent: true })
      .expect(400);
    expect(response.body.error.code).toBe("VALIDATION_FAILED");
    expect(response.body.error.fields).toEqual([{ field: "email", message: expect.any(String) }]);
    expect(await db.prisma.customer.count()).toBe(before);
    expect(facts.emailMarketing.size).toBe(0);
  });

  it("signs up a new shopper once, however often they submit", async () => {
    const before = await db.prisma.customer.count();
    const body = { email: "New.Shopper@Example.com", marketingConsent: true, birthday: "1991-04-12" };
    await Promise.all([
      request(harness.app).post(signedProxyPath("/signup")).send(body).expect(200),
      request(harness.app).post(signedProxyPath("/signup")).send(body).expect(200),
    ]);
    await request(harness.app).post(signedProxyPath("/signup")).send(body).expect(200);
    const created = await db.prisma.customer.findMany({ where: { email: { equals: "new.shopper@example.com", mode: "insensitive" } } });
    expect(created).toHaveLength(1);
    expect(await db.prisma.customer.count()).toBe(before + 1);
    expect(facts.emailMarketing.get(created[0].shopifyGid)).toMatchObject({ marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN" });
    expect(facts.metafields.get(created[0].shopifyGid)?.get("facts.birth_date")).toEqual({ type: "date", value: "1991-04-12" });
  });

  it("subscribes a signed-in customer without asking for (or trusting) an email", async () => {
    await request(harness.app)
      .post(signedProxyPath("/signup", { customerId: numericId }))
      .type("form")
      .send({ marketingConsent: "true", email: "someone-else@example.com" })
      .expect(200);
    expect(facts.emailMarketing.get(returning.shopifyGid)?.marketingState).toBe("SUBSCRIBED");
    expect(await db.prisma.customer.count({ where: { email: "someone-else@example.com" } })).toBe(0);
  });

  it("requires explicit consent and a sensible birthday", async () => {
    const response = await request(harness.app)
      .post(signedProxyPath("/signup", { customerId: numericId }))
      .send({ marketingConsent: false, birthday: "2999-01-01" })
      .expect(400);
    expect(response.body.error.fields.map((field: { field: string }) => field.field)).toEqual(["marketingConsent", "birthday"]);
  });

  it("never logs the email", async () => {
    harness.logs.lines.length = 0;
    await request(harness.app).post(signedProxyPath("/signup")).send({ email: "private.person@example.com", marketingConsent: true }).expect(200);
    const text = harness.logs.lines.join("");
    expect(text).toContain("storefront sign-up");
    expect(text).not.toContain("private.person");
  });

  it("rate limits per shop and the address the trusted proxy appended, whatever the client writes before it", async () => {
    // One trusted proxy in front (it appends the address it saw); the client controls everything before that.
    const limited = buildTestApp(db, { TRUSTED_PROXY_HOPS: "1" }).app;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const spoofed = `10.0.${attempt}.${attempt + 1}`;
      const response = await request(limited).post(signedProxyPath("/signup")).set("X-Forwarded-For", `${spoofed}, 203.0.113.9`).send({ email: "x", marketingConsent: true });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 400)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another shopper (IP) of the same shop is not affected.
    await request(limited).post(signedProxyPath("/signup")).set("X-Forwarded-For", "198.51.100.7").send({ email: "x", marketingConsent: true }).expect(400);
  });

  it("refuses a repeated logged_in_customer_id (a shopper's value beside Shopify's) before reading it", async () => {
    // Shopify forwards the shopper's own query and appends its parameters, signing every value (repeats joined
    // with commas): the signature is genuine, the first logged_in_customer_id is the shopper's.
    const query = new URLSearchParams([
      ["logged_in_customer_id", numericId],
      ["shop", DEMO_SHOP],
      ["logged_in_customer_id", ""],
      ["path_prefix", "/apps/encore"],
      ["timestamp", String(Math.floor(Date.now() / 1000))],
    ]);
    query.set("signature", createHmac("sha256", TEST_SECRET).update(appProxySigningMessage(query)).digest("hex"));
    const response = await request(harness.app).get(`/proxy/banner?${query.toString()}`).expect(401);
    expect(response.body.error.code).toBe("UNAUTHENTICATED");
    expect(response.body).not.toHaveProperty("code");
  });

  it("refuses a repeated path_prefix (a shopper's value beside Shopify's), however genuinely signed", async () => {
    // The shopper appends path_prefix to the storefront URL; Shopify signs both values joined with commas.
    const query = new URLSearchParams([
      ["path_prefix", "/apps/elsewhere"],
      ["shop", DEMO_SHOP],
      ["logged_in_customer_id", numericId],
      ["path_prefix", "/apps/encore"],
      ["timestamp", String(Math.floor(Date.now() / 1000))],
    ]);
    query.set("signature", createHmac("sha256", TEST_SECRET).update(appProxySigningMessage(query)).digest("hex"));
    const response = await request(harness.app).get(`/proxy/banner?${query.toString()}`).expect(401);
    expect(response.body.error.code).toBe("UNAUTHENTICATED");
    expect(response.body).not.toHaveProperty("code");
    // The same request with path_prefix once is answered.
    query.delete("path_prefix");
    query.delete("signature");
    query.set("path_prefix", "/apps/encore");
    query.set("signature", createHmac("sha256", TEST_SECRET).update(appProxySigningMessage(query)).digest("hex"));
    expect((await request(harness.app).get(`/proxy/banner?${query.toString()}`).expect(200)).body.show).toBe(true);
  });

  it("a signed-out sign-up with an existing customer's email changes neither their consent nor their birthday", async () => {
    const victim = await db.prisma.customer.findFirstOrThrow({ where: { email: { not: null }, shopifyGid: { not: returning.shopifyGid } } });
    facts.metafields.delete(victim.shopifyGid);
    facts.emailMarketing.delete(victim.shopifyGid);
    await request(harness.app).post(signedProxyPath("/signup")).send({ email: victim.email, marketingConsent: true, birthday: "1990-01-02" }).expect(200, { ok: true });
    expect(facts.emailMarketing.get(victim.shopifyGid)).toBeUndefined();
    expect(facts.metafields.get(victim.shopifyGid)).toBeUndefined();
  });
});
