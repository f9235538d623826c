import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RFM_GROUPS, VALUE_LADDER } from "../../../app/domain/scoring";
import { seedDemoShop } from "../../../app/infra/demo/seed-demo-shop";
import { rescoreCustomer } from "../../../app/infra/scoring/rescore-customer";
import { scoreShop, type ScoringProgress } from "../../../app/infra/scoring/score-shop";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";
import { buildTestApp } from "../../support/test-app";
import { DEMO_SHOP } from "../../support/shopify-signing";

const NOW = new Date("2026-11-01T00:00:00Z");

describe.each(databaseBackends())("scoring job on %s", (backend) => {
  let db: TestDatabase;
  let shopId: string;
  let customersWithOrders: number;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 11, now: NOW, customerCount: 1_500 });
    shopId = (await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } })).id;
    const [row] = await db.pool.query(
      `SELECT count(DISTINCT "customerId")::int AS n FROM "Order" WHERE "shopId" = $1 AND "cancelledAt" IS NULL AND "customerId" IS NOT NULL`,
      [shopId],
    ).then((result) => result.rows);
    customersWithOrders = row.n;
  });
  afterAll(async () => {
    await db?.close();
  });

  it("scores every customer with a non-cancelled order, once, with probabilities in range", async () => {
    const phases: ScoringProgress["phase"][] = [];
    const report = await scoreShop(db, { shopDomain: DEMO_SHOP, now: NOW, trigger: "manual", onProgress: (p) => phases.push(p.phase) });
    expect(report.customers).toBe(customersWithOrders);
    expect(["bgnbd", "pnbd"]).toContain(report.model);
    expect(phases[0]).toBe("reading");
    expect(phases.at(-1)).toBe("done");
    expect(await db.prisma.customerScore.count({ where: { shopId } })).toBe(customersWithOrders);

    const scores = await db.prisma.customerScore.findMany({ where: { shopId } });
    for (const score of scores) {
      for (const p of [score.pAlive, score.pRepeat90]) expect(p >= 0 && p <= 1).toBe(true);
      expect(score.expectedOrders365).toBeGreaterThanOrEqual(score.expectedOrders90);
      expect(Number(score.predictedClv365)).toBeGreaterThanOrEqual(0);
      expect(RFM_GROUPS).toContain(score.rfmSegment);
      expect(VALUE_LADDER).toContain(score.loyaltySegment);
      expect(score.orderCount).toBeGreaterThanOrEqual(score.repeatPurchases + 1);
    }
    // Repeat buyers are, on average, more likely to buy again than one-time buyers.
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const repeat = scores.filter((s) => s.repeatPurchases > 0).map((s) => s.pRepeat90);
    const once = scores.filter((s) => s.repeatPurchases === 0).map((s) => s.pRepeat90);
    expect(mean(repeat)).toBeGreaterThan(mean(once));

    const model = await db.prisma.scoringModel.findUniqueOrThrow({ where: { shopId } });
    expect(model.selectedModel).toBe(report.model);
    expect(model.backtest).not.toBeNull();
    const run = await db.prisma.scoringRun.findUniqueOrThrow({ where: { id: report.runId } });
    expect(run).toMatchObject({ status: "succeeded", customersScored: customersWithOrders });
  });

  it("serves the summary (segments add up to the customers with orders) and one customer's score", async () => {
    const { app } = buildTestApp(db);
    const summary = (await request(app).get("/api/scores/summary").expect(200)).body;
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(summary.customers).toBe(customersWithOrders);
    expect(sum(summary.segments.rfm)).toBe(customersWithOrders);
    expect(sum(summary.segments.ladder)).toBe(customersWithOrders);
    expect(summary.pRepeat90Histogram).toHaveLength(10);
    expect(summary.pRepeat90Histogram.reduce((a: number, bin: { customers: number }) => a + bin.customers, 0)).toBe(customersWithOrders);
    // lovers are the top 1%, likers the next 9%
    expect(summary.segments.ladder.lover).toBe(Math.max(1, Math.round(customersWithOrders * 0.01)));

    const scored = await db.prisma.customerScore.findFirstOrThrow({ where: { shopId }, include: { customer: true } });
    const byId = (await request(app).get(`/api/customers/${scored.customerId}/score`).expect(200)).body;
    expect(byId.pRepeat90).toBeCloseTo(scored.pRepeat90, 12);
    const numericId = scored.customer.shopifyGid.split("/").pop();
    const byShopifyId = (await request(app).get(`/api/customers/${numericId}/score`).expect(200)).body;
    expect(byShopifyId.customerId).toBe(scored.customerId);
    const missing = await request(app).get("/api/customers/no-such-customer/score").expect(404);
    expect(missing.body.error.code).toBe("NOT_FOUND");
  });

  it("keeps the previous score set when a run fails before committing", async () => {
    const before = await db.prisma.customerScore.findMany({ where: { shopId }, orderBy: { customerId: "asc" }, select: { customerId: true, pRepeat90: true, scoredAt: true } });
    const connect = db.pool.connect.bind(db.pool) as (...args: unknown[]) => unknown;
    // Fail the run at its last write (the fitted model), after every score row was replaced inside the transaction.
    // Only the promise form (used by the scoring job) is intercepted; pg's own callback form passes through.
    (db.pool as { connect: unknown }).connect = (...args: unknown[]) => {
      if (args.length > 0) return connect(...args);
      return (connect() as Promise<import("pg").PoolClient>).then((client) => {
        const query = client.query.bind(client) as (...a: unknown[]) => unknown;
        return Object.assign(Object.create(client), {
          query: (text: unknown, ...rest: unknown[]) =>
            typeof text === "string" && text.includes(`INSERT INTO "ScoringModel"`) ? Promise.reject(new Error("disk full")) : query(text, ...rest),
          release: (...a: unknown[]) => client.release(...(a as [])),
        });
      });
    };
    try {
      await expect(scoreShop(db, { shopDomain: DEMO_SHOP, now: new Date(NOW.getTime() + 86_400_000), trigger: "manual" })).rejects.toThrow("disk full");
    } finally {
      (db.pool as { connect: unknown }).connect = connect;
    }
    const after = await db.prisma.customerScore.findMany({ where: { shopId }, orderBy: { customerId: "asc" }, select: { customerId: true, pRepeat90: true, scoredAt: true } });
    expect(after).toEqual(before);
    const failed = await db.prisma.scoringRun.findFirstOrThrow({ where: { shopId }, orderBy: { startedAt: "desc" } });
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain("disk full");
  });

  it("re-scores one customer after a new order with the stored model", async () => {
    const score = await db.prisma.customerScore.findFirstOrThrow({ where: { shopId, repeatPurchases: 0 } });
    const customer = await db.prisma.customer.findUniqueOrThrow({ where: { id: score.customerId } });
    const later = new Date(NOW.getTime() + 5 * 86_400_000);
    await db.prisma.order.create({
      data: {
        shopId,
        shopifyGid: "gid://shopify/Order/999000111",
        customerId: customer.id,
        currency: "USD",
        totalPrice: "80.00",
        subtotalPrice: "80.00",
        placedAt: later,
      },
    });
    expect(await rescoreCustomer(db, { shopId, customerId: customer.id, now: later })).toBe(true);
    const updated = await db.prisma.customerScore.findFirstOrThrow({ where: { customerId: customer.id } });
    expect(updated.orderCount).toBe(score.orderCount + 1);
    expect(updated.repeatPurchases).toBe(1);
    expect(updated.lastOrderAt.toISOString()).toBe(later.toISOString());
    expect(updated.rfmRecency).toBe(5);
    expect(updated.pAlive).toBeGreaterThan(0.9);
  });
});

describe("scoring a 60-customer shop", () => {
  it("fits with low confidence and ranks repeat buyers above one-time buyers", async () => {
    const db = await openTestDatabase("pglite");
    try {
      await seedDemoShop(db, { shopDomain: "tiny.myshopify.com", seed: 5, now: NOW, customerCount: 60 });
      const report = await scoreShop(db, { shopDomain: "tiny.myshopify.com", now: NOW, trigger: "manual" });
      expect(report.customers).toBeGreaterThan(40);
      const scores = await db.prisma.customerScore.findMany();
      expect(scores.every((s) => s.confidence === "low" && Number.isFinite(s.pRepeat90))).toBe(true);
      const minRepeat = Math.min(...scores.filter((s) => s.repeatPurchases > 0 && s.lastOrderAt >= new Date(NOW.getTime() - 60 * 86_400_000)).map((s) => s.pRepeat90));
      const maxOnceOld = Math.max(...scores.filter((s) => s.repeatPurchases === 0 && s.firstOrderAt <= new Date(NOW.getTime() - 300 * 86_400_000)).map((s) => s.pRepeat90));
      expect(minRepeat).toBeGreaterThan(maxOnceOld);
    } finally {
      await db.close();
    }
  });
});
