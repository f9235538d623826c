import { readFileSync } from "node:fs";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../app/infra/demo/seed-demo-shop";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { DEMO_SHOP, TEST_API_KEY, TEST_SECRET, webhookHeaders } from "../support/shopify-signing";
import { buildTestApp } from "../support/test-app";

const ORDER = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../fixtures/webhooks/orders-create.json"), "utf8"));
const SHOPIFY_ENV = { SHOPIFY_API_KEY: TEST_API_KEY, SHOPIFY_API_SECRET: TEST_SECRET, SHOPIFY_APP_URL: "https://encore.example", LOG_LEVEL: "silent" };
const base64 = (text: string) => encodeURIComponent(Buffer.from(text).toString("base64"));
const offer = { name: "Fine", status: "draft", discountType: "percentage", discountValue: 10, validityDays: 30, targeting: {}, orderScope: "any_order", controlShare: 0 };

/** Every bad input is a JSON 4xx naming the field, never a 500: a webhook that 500s is retried by Shopify for days. */
describe.each(databaseBackends())("bad input on %s", (backend) => {
  let db: TestDatabase;
  let demo: ReturnType<typeof buildTestApp>["app"];
  let embedded: ReturnType<typeof buildTestApp>["app"];

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 3, now: new Date(), customerCount: 20 });
    demo = buildTestApp(db, { LOG_LEVEL: "silent" }).app;
    embedded = buildTestApp(db, SHOPIFY_ENV).app;
  });
  afterAll(async () => {
    await db?.close();
  });

  const webhook = (topic: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    return request(demo).post("/api/webhooks").set(webhookHeaders({ body, topic })).send(body);
  };
  const order = (id: number, changes: Record<string, unknown>) => ({ ...ORDER, id, admin_graphql_api_id: `gid://shopify/Order/${id}`, ...changes });

  it.each([
    ["a tampered customers cursor", () => request(demo).get("/api/customers?after=eyJ2IjoiMSJ9"), "after"],
    ["an integer overflow in a query parameter", () => request(demo).get("/api/customers?limit=99999999999999999999"), "limit"],
    ["NUL in an offer name", () => request(demo).post("/api/offers").send({ ...offer, name: "a\u0000b" }), "name"],
    ["NUL in survey text", () => request(demo).put("/api/settings/survey").send({ question: "Q\u0000?", options: ["a", "b"] }), "question"],
    ["NUL in a route parameter", () => request(demo).get("/api/offers/%00"), "(url)"],
    ["NUL in a webhook string", () => webhook("customers/create", { id: 99001, first_name: "x\u0000y", updated_at: "2026-10-01T00:00:00Z" }), "first_name"],
    ["total_price 1e18 in a webhook", () => webhook("orders/create", order(99002, { total_price: 1e18, total_price_set: undefined })), "total_price"],
    ["a +275760 date in a webhook", () => webhook("orders/create", order(99003, { created_at: "+275760-09-13T00:00:00Z" })), "created_at"],
    ["/api/auth?shop=evil.com", () => request(embedded).get("/api/auth?shop=evil.com"), "shop"],
    ["the embedded app with a malformed shop", () => request(embedded).get("/?shop=%3Cscript%3E"), "shop"],
    // A valid shop that has not installed the app, embedded, without `host`: the library's install redirect
    // needs the host and answered a plain-text 500 ("No host provided").
    ["the embedded app for a shop not installed, without host", () => request(embedded).get("/?shop=not-installed.myshopify.com&embedded=1"), "host"],
    ["the embedded app with markup for host", () => request(embedded).get(`/?shop=not-installed.myshopify.com&embedded=1&host=${encodeURIComponent("<script>")}`), "host"],
    ["the embedded app with a host outside Shopify", () => request(embedded).get(`/?shop=not-installed.myshopify.com&embedded=1&host=${base64("evil.example/admin")}`), "host"],
    ["the embedded app with a host that is no host name", () => request(embedded).get(`/?shop=not-installed.myshopify.com&embedded=1&host=${base64("a b%/<script>")}`), "host"],
  ])("%s → 400 naming the field", async (_name, send, field) => {
    const before = { orders: await db.prisma.order.count(), customers: await db.prisma.customer.count(), offers: await db.prisma.offer.count() };
    const response = await send();
    expect(response.status).toBe(400);
    expect(response.headers["content-type"]).toMatch(/application\/json/);
    expect(response.body.error.fields.map((problem: { field: string }) => problem.field)).toContain(field);
    for (const echoed of ["<script>", "evil", "not-installed"]) expect(JSON.stringify(response.body)).not.toContain(echoed);
    expect({ orders: await db.prisma.order.count(), customers: await db.prisma.customer.count(), offers: await db.prisma.offer.count() }).toEqual(before);
  });

  it("the embedded app with a valid admin host still reaches the library's install redirect", async () => {
    const host = base64("admin.shopify.com/store/not-installed");
    const response = await request(embedded).get(`/?shop=not-installed.myshopify.com&embedded=1&host=${host}`).expect(302);
    expect(response.headers.location).toMatch(/^\/exitiframe\?shop=not-installed\.myshopify\.com&/);
    expect(new URL(response.headers.location, "https://encore.example").searchParams.get("redirectUri")).toMatch(/^https:\/\/encore\.example\/api\/auth\?shop=not-installed\.myshopify\.com&host=/);
  });

  it("an empty Bearer is a 401, not an anonymous request", async () => {
    expect((await request(demo).get("/api/overview").set("Authorization", "Bearer ").expect(401)).body.error.code).toBe("UNAUTHENTICATED");
    await request(demo).get("/api/extension/thank-you?orderId=gid://shopify/Order/1").set("Authorization", "Bearer ").expect(401);
  });
});
