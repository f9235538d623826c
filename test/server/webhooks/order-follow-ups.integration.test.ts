import { readFileSync } from "node:fs";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../app/infra/demo/seed-demo-shop";
import { scoreShop } from "../../../app/infra/scoring/score-shop";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";
import { DEMO_SHOP, webhookHeaders } from "../../support/shopify-signing";
import { buildTestApp } from "../../support/test-app";

const ORDER = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../fixtures/webhooks/orders-create.json"), "utf8"));
const NOW = new Date("2026-11-01T00:00:00Z");

/** The real follow-ups of orders/create, wired as in production: re-scoring and the offer decision. */
describe.each(databaseBackends())("orders/create follow-ups on %s", (backend) => {
  let db: TestDatabase;
  let harness: ReturnType<typeof buildTestApp>;
  const deliver = (topic: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    return request(harness.app).post("/api/webhooks").set(webhookHeaders({ body, topic })).send(body).expect(200);
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 9, now: NOW, customerCount: 200 });
    await scoreShop(db, { shopDomain: DEMO_SHOP, now: NOW, trigger: "manual" });
    harness = buildTestApp(db);
    await request(harness.app)
      .post("/api/offers")
      .send({ name: "Every order", status: "active", discountType: "percentage", discountValue: 10, validityDays: 30, targeting: {}, orderScope: "any_order", controlShare: 0, priority: 1 })
      .expect(201);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("scores the new order's customer and issues exactly one code, which a later order redeems", async () => {
    await deliver("orders/create", ORDER);
    await deliver("orders/create", ORDER); // a second delivery (new webhook id) of the same order
    await harness.jobs.runUntilIdle();

    const order = await db.prisma.order.findFirstOrThrow({ where: { shopifyGid: ORDER.admin_graphql_api_id } });
    const score = await db.prisma.customerScore.findFirst({ where: { customerId: order.customerId! } });
    expect(score?.orderCount).toBe(1);
    expect(score?.pRepeat90).toBeGreaterThan(0);

    const decisions = await db.prisma.offerDecision.findMany({ where: { orderGid: ORDER.admin_graphql_api_id } });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ outcome: "issued", discountStatus: "created" });
    const code = decisions[0].code!;
    expect(code.length).toBeGreaterThanOrEqual(10);

    const later = {
      ...ORDER,
      id: ORDER.id + 1,
      admin_graphql_api_id: `gid://shopify/Order/${ORDER.id + 1}`,
      name: "#9002",
      created_at: "2026-10-25T10:00:00-04:00",
      updated_at: "2026-10-25T10:00:05-04:00",
      discount_codes: [{ code, amount: "9.85", type: "percentage" }],
    };
    await deliver("orders/create", later);
    await harness.jobs.runUntilIdle();
    const redeemed = await db.prisma.offerDecision.findUniqueOrThrow({ where: { id: decisions[0].id } });
    expect(redeemed.redeemedOrderGid).toBe(later.admin_graphql_api_id);
    expect(redeemed.redeemedAt).toBeInstanceOf(Date);
    expect(Number(redeemed.attributedRevenue)).toBeCloseTo(Number(ORDER.total_price), 2);
    const rescored = await db.prisma.customerScore.findFirstOrThrow({ where: { customerId: order.customerId! } });
    expect(rescored.orderCount).toBe(2);
  });

  it("never issues an offer for an order that is only updated", async () => {
    const old = { ...ORDER, id: ORDER.id + 7, admin_graphql_api_id: `gid://shopify/Order/${ORDER.id + 7}`, name: "#9007", discount_codes: [] };
    await deliver("orders/updated", old);
    await harness.jobs.runUntilIdle();
    expect(await db.prisma.order.count({ where: { shopifyGid: old.admin_graphql_api_id } })).toBe(1);
    expect(await db.prisma.offerDecision.count({ where: { orderGid: old.admin_graphql_api_id } })).toBe(0);
  });
});
