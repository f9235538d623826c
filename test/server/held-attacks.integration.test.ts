import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../app/infra/demo/seed-demo-shop";
import { ShopRepository } from "../../app/infra/db/repositories/shop-repository";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { DEMO_SHOP, sessionToken, webhookHeaders } from "../support/shopify-signing";
import { buildTestApp } from "../support/test-app";

/** Attacks that already failed when the app was tried as an attacker would: kept failing by these tests. */
describe.each(databaseBackends())("attacks that hold on %s", (backend) => {
  let db: TestDatabase;
  let app: ReturnType<typeof buildTestApp>["app"];

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 5, now: new Date(), customerCount: 30 });
    app = buildTestApp(db, { LOG_LEVEL: "silent" }).app;
  });
  afterAll(async () => {
    await db?.close();
  });

  it("an unsigned (alg: none) session token is refused", async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const none = `${encode({ alg: "none", typ: "JWT" })}.${encode({ iss: `https://${DEMO_SHOP}/admin`, dest: `https://${DEMO_SHOP}`, aud: "encore-demo", sid: "s", iat: now, exp: now + 60 })}.`;
    await request(app).get("/api/customers").set("Authorization", `Bearer ${none}`).expect(401);
  });

  it("one shop's token never reads another shop's customers", async () => {
    const demoShop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
    const customer = await db.prisma.customer.findFirstOrThrow({ where: { shopId: demoShop.id } });
    const other = await new ShopRepository(db.prisma).upsertInstalled({ domain: `other-${backend}.myshopify.com`, currency: "USD" }, new Date());
    const token = await sessionToken({ shop: other.domain });
    await request(app).get(`/api/customers/${customer.id}`).set("Authorization", `Bearer ${token}`).expect(404);
    const list = await request(app).get("/api/customers").set("Authorization", `Bearer ${token}`).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(customer.id);
  });

  it("SQL in a search is only text", async () => {
    const before = await db.prisma.customer.count();
    const response = await request(app).get("/api/customers").query({ q: `' OR 1=1; DROP TABLE "Customer"; --` }).expect(200);
    expect(response.body.customers).toEqual([]);
    expect(await db.prisma.customer.count()).toBe(before);
  });

  it("markup in an offer name comes back as JSON text, never as HTML", async () => {
    const created = await request(app)
      .post("/api/offers")
      .send({ name: "<img src=x onerror=alert(1)>", status: "draft", discountType: "percentage", discountValue: 10, validityDays: 30, targeting: {}, orderScope: "any_order", controlShare: 0 })
      .expect(201);
    expect(created.headers["content-type"]).toMatch(/application\/json/);
    expect(created.body.offer.name).toBe("<img src=x onerror=alert(1)>");
  });

  it.each(["/preview/thank-you/assets/..%2F..%2F..%2Fpackage.json", "/preview/storefront/assets/..%2F..%2F..%2F..%2Fpackage.json", "/assets/..%2F..%2Fpackage.json"])(
    "path traversal %s reads no file outside the served directories",
    async (path) => {
      const response = await request(app).get(path);
      expect(response.text ?? "").not.toContain('"name": "encore"');
      expect([400, 403, 404]).toContain(response.status);
    },
  );

  it("oversized bodies are refused with 413 before they are parsed", async () => {
    const big = JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) });
    await request(app).post("/api/offers").set("Content-Type", "application/json").send(big).expect(413);
    const huge = JSON.stringify({ id: 1, pad: "x".repeat(6 * 1024 * 1024) });
    await request(app).post("/api/webhooks").set(webhookHeaders({ body: huge, topic: "orders/create" })).send(huge).expect(413);
  });
});
