import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../app/infra/db/database";
import { applyMigrations, readMigrations } from "../../../app/infra/db/migrate";
import { seedDemoShop } from "../../../app/infra/demo/seed-demo-shop";
import { OrderFactsRepository } from "../../../app/infra/offers/order-facts-repository";
import { scoreShop } from "../../../app/infra/scoring/score-shop";
import { createPostgresDatabase, databaseBackends, openTestDatabase, type Backend, type TestDatabase } from "../../support/database-backends";
import { DEMO_SHOP } from "../../support/shopify-signing";

const NOW = new Date("2026-11-01T00:00:00Z");
const BACKFILL = "20261206230722_scoring_model_one_order_baseline";

/** The live mean the offers used to compute per unscored buyer's order. */
async function liveMean(db: Database, shopId: string): Promise<number | null> {
  const { rows } = await db.pool.query<{ mean: number | null }>(
    `SELECT avg("pRepeat90") AS mean FROM "CustomerScore" WHERE "shopId" = $1 AND "orderCount" = 1`,
    [shopId],
  );
  return rows[0].mean;
}

/**
 * An unscored buyer (typically on their first order) is targeted as the shop's average one-order customer.
 * That mean is stored by the scoring run: averaging every one-order row again for each new buyer's order cost
 * PostgreSQL 120–190 ms per order at 1M customers.
 */
describe.each(databaseBackends())("the one-order baseline on %s", (backend) => {
  let db: TestDatabase;
  let shopId: string;
  let facts: OrderFactsRepository;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 5, now: NOW, customerCount: 400 });
    shopId = (await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } })).id;
    facts = new OrderFactsRepository(db.prisma);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("is null before the shop was ever scored", async () => {
    await db.prisma.scoringModel.deleteMany({ where: { shopId } });
    expect(await facts.customerProfile(shopId, null)).toEqual({ scored: false, baselinePRepeat90: null });
  });

  it("is stored by the scoring run as the mean of the one-order customers it scored, and given to unscored buyers", async () => {
    await scoreShop(db, { shopDomain: DEMO_SHOP, now: NOW, trigger: "manual" });
    const stored = (await db.prisma.scoringModel.findUniqueOrThrow({ where: { shopId } })).oneOrderPRepeat90;
    const expected = await liveMean(db, shopId);
    expect(expected).not.toBeNull();
    expect(stored).toBeCloseTo(expected!, 12);
    expect(await facts.customerProfile(shopId, null)).toEqual({ scored: false, baselinePRepeat90: stored });
    // A customer Encore does not know yet (no score row) is unscored too.
    expect(await facts.customerProfile(shopId, "no-such-customer")).toEqual({ scored: false, baselinePRepeat90: stored });
    const scored = await db.prisma.customerScore.findFirstOrThrow({ where: { shopId } });
    expect(await facts.customerProfile(shopId, scored.customerId)).toMatchObject({ scored: true, pRepeat90: scored.pRepeat90 });
  });

  it("is read from the stored model, not averaged again from the score rows on every order", async () => {
    const stored = (await facts.customerProfile(shopId, null)) as { baselinePRepeat90: number };
    await db.pool.query(`UPDATE "CustomerScore" SET "pRepeat90" = 0.999 WHERE "shopId" = $1 AND "orderCount" = 1`, [shopId]);
    expect(await facts.customerProfile(shopId, null)).toEqual({ scored: false, baselinePRepeat90: stored.baselinePRepeat90 });
    // The next run recomputes it from its own set.
    await scoreShop(db, { shopDomain: DEMO_SHOP, now: new Date(NOW.getTime() + 86_400_000), trigger: "manual" });
    const next = (await db.prisma.scoringModel.findUniqueOrThrow({ where: { shopId } })).oneOrderPRepeat90;
    expect(next).toBeCloseTo((await liveMean(db, shopId))!, 12);
  });
});

/** Shops scored before the column existed get the mean their offers used until then, when the migration runs. */
describe.each(databaseBackends())("the one-order baseline migration on %s", (backend: Backend) => {
  let db: Database;
  let drop: () => Promise<void> = async () => {};

  beforeAll(async () => {
    let url = "pglite:memory";
    if (backend === "postgres") ({ url, drop } = await createPostgresDatabase());
    db = await openDatabase({ url, poolSize: 2 });
  });
  afterAll(async () => {
    await db?.close();
    await drop();
  });

  it("fills in each scored shop's mean of one-order customers, and leaves it null where there is none", async () => {
    const migrations = readMigrations();
    const at = migrations.findIndex((migration) => migration.name === BACKFILL);
    expect(at).toBeGreaterThan(0);
    const client = await db.pool.connect();
    try {
      await applyMigrations(client, migrations.slice(0, at));
      await client.query(`INSERT INTO "Shop" (id, domain, "updatedAt") VALUES ('a', 'a.myshopify.com', now()), ('b', 'b.myshopify.com', now())`);
      await client.query(`INSERT INTO "Customer" (id, "shopId", "shopifyGid", "updatedAt") SELECT 'c' || n, CASE WHEN n <= 4 THEN 'a' ELSE 'b' END, 'gid://shopify/Customer/' || n, now() FROM generate_series(1, 6) n`);
      // Shop a: one-order customers at 0.1 and 0.3 (mean 0.2), repeat customers at 0.9; shop b: repeat customers only.
      await client.query(
        `INSERT INTO "CustomerScore" ("shopId", "customerId", model, confidence, "scoredAt", "orderCount", "repeatPurchases", "firstOrderAt",
           "lastOrderAt", "totalSpent", "averageOrderValue", "pAlive", "pRepeat90", "expectedOrders90", "expectedOrders365", "predictedClv365",
           "rfmRecency", "rfmFrequency", "rfmMonetary", "rfmSegment", "loyaltySegment")
         SELECT CASE WHEN n <= 4 THEN 'a' ELSE 'b' END, 'c' || n, 'bgnbd', 'high', now(), CASE WHEN n IN (1, 2) THEN 1 ELSE 3 END, 0, now(), now(),
                10, 10, 0.5, CASE n WHEN 1 THEN 0.1 WHEN 2 THEN 0.3 ELSE 0.9 END, 0.1, 0.3, 10, 1, 1, 1, 'x', 'liker'
         FROM generate_series(1, 6) n`,
      );
      await client.query(
        `INSERT INTO "ScoringModel" (id, "shopId", "selectedModel", "timeUnit", fits, confidence, customers, "repeatCustomers", "observationEnd", "fittedAt")
         VALUES ('ma', 'a', 'bgnbd', 'days', '{}', 'high', 4, 2, now(), now()), ('mb', 'b', 'bgnbd', 'days', '{}', 'high', 2, 2, now(), now())`,
      );
      const report = await applyMigrations(client, migrations);
      expect(report.applied[0]).toBe(BACKFILL);
      const { rows } = await client.query<{ shopId: string; oneOrderPRepeat90: number | null }>(`SELECT "shopId", "oneOrderPRepeat90" FROM "ScoringModel" ORDER BY "shopId"`);
      expect(rows[0].shopId).toBe("a");
      expect(rows[0].oneOrderPRepeat90).toBeCloseTo(0.2, 12);
      expect(rows[1]).toEqual({ shopId: "b", oneOrderPRepeat90: null });
    } finally {
      client.release();
    }
  });
});
