import pg from "pg";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCustomerSummaries, fitScoringModel, scoreCustomers } from "../../../app/domain/scoring";
import { deleteShopData, redactCustomer } from "../../../app/infra/db/repositories/privacy-repository";
import { seedDemoShop } from "../../../app/infra/demo/seed-demo-shop";
import { readOrderHistory } from "../../../app/infra/scoring/order-history-reader";
import { shopPartitionName } from "../../../app/infra/scoring/score-partition";
import { saveScoreSet } from "../../../app/infra/scoring/score-repository";
import { scoreShop } from "../../../app/infra/scoring/score-shop";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";
import { DEMO_SHOP } from "../../support/shopify-signing";
import { buildTestApp } from "../../support/test-app";

const NOW = new Date("2026-11-01T00:00:00Z");
const HOUR = 3_600_000;
/** Low enough that the demo shop's ~1,000 scored customers take the bulk path (build beside, swap in). */
const BULK_FROM = 100;

interface Observation {
  rows: number;
  oldest: number | null;
  newest: number | null;
}

/** Counts the shop's score set on its own connection over and over until stopped. */
function countingReader(connect: () => Promise<{ query: pg.ClientBase["query"]; close(): Promise<void> }>, shopId: string) {
  const observations: Observation[] = [];
  let stopping = false;
  const done = (async () => {
    const reader = await connect();
    try {
      for (let last = false; !last; ) {
        last = stopping;
        const { rows } = await reader.query<{ rows: number; oldest: Date | null; newest: Date | null }>(
          `SELECT count(*)::int AS rows, min("scoredAt") AS oldest, max("scoredAt") AS newest FROM "CustomerScore" WHERE "shopId" = $1`,
          [shopId],
        );
        observations.push({ rows: rows[0].rows, oldest: rows[0].oldest?.getTime() ?? null, newest: rows[0].newest?.getTime() ?? null });
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    } finally {
      await reader.close();
    }
  })();
  return {
    observations,
    async stop() {
      stopping = true;
      await done;
    },
  };
}

describe.each(databaseBackends())("a large shop's score set built beside the live one and swapped in, on %s", (backend) => {
  let db: TestDatabase;
  let shopId: string;
  let customersWithOrders: number;
  const partitionRows = async () => {
    const { rows } = await db.pool.query<{ partition: string | null; inDefault: number; defaultExcludesShop: boolean | null }>(
      `SELECT to_regclass($1)::text AS partition,
              (SELECT count(*)::int FROM "CustomerScore_default" WHERE "shopId" = $2) AS "inDefault",
              -- The default partition's validated check that lets later swaps attach without scanning it.
              (SELECT convalidated FROM pg_constraint WHERE conrelid = '"CustomerScore_default"'::regclass AND conname = $3) AS "defaultExcludesShop"`,
      [`"${shopPartitionName(shopId)}"`, shopId, `${shopPartitionName(shopId)}_not_in_default`],
    );
    return rows[0];
  };
  const stagingTables = async () =>
    (await db.pool.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relname LIKE 'CustomerScore%next'`)).rows.map((row) => row.name);
  const scoreSet = () =>
    db.prisma.customerScore.findMany({ where: { shopId }, orderBy: { customerId: "asc" }, select: { customerId: true, pRepeat90: true, scoredAt: true } });

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 7, now: NOW, customerCount: 1_500 });
    shopId = (await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } })).id;
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(DISTINCT "customerId")::int AS n FROM "Order" WHERE "shopId" = $1 AND "cancelledAt" IS NULL AND "customerId" IS NOT NULL`,
      [shopId],
    );
    customersWithOrders = rows[0].n;
    expect(customersWithOrders).toBeGreaterThan(BULK_FROM);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("moves the shop from the default partition to its own on its first bulk run, snapshotting the old set", async () => {
    // Scored in place first (the small-shop path): its rows are in the default partition.
    await scoreShop(db, { shopDomain: DEMO_SHOP, now: NOW, trigger: "manual" });
    const seeded = await scoreSet();
    expect(seeded.length).toBe(customersWithOrders);
    expect(await partitionRows()).toEqual({ partition: null, inDefault: customersWithOrders, defaultExcludesShop: null });

    const at = new Date(NOW.getTime() + HOUR);
    const report = await scoreShop(db, { shopDomain: DEMO_SHOP, now: at, trigger: "manual", bulkSaveFromCustomers: BULK_FROM });
    expect(report.customers).toBe(customersWithOrders);
    expect(await partitionRows()).toEqual({ partition: `"${shopPartitionName(shopId)}"`, inDefault: 0, defaultExcludesShop: true });
    const after = await scoreSet();
    expect(after.map((row) => row.customerId)).toEqual(seeded.map((row) => row.customerId));
    expect(new Set(after.map((row) => row.scoredAt.getTime()))).toEqual(new Set([at.getTime()]));
    const snapshot = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "CustomerScoreSnapshot" WHERE "shopId" = $1 AND "scoredAt" = $2`,
      [shopId, seeded[0].scoredAt],
    );
    expect(snapshot.rows[0].n).toBe(customersWithOrders);
    expect(await stagingTables()).toEqual([]);
  });

  it("lets a concurrent reader see only the whole old set or the whole new set, and the admin reads the new one", async () => {
    const before = await scoreSet();
    const oldAt = before[0].scoredAt.getTime();
    const newAt = oldAt + HOUR;
    const reader = countingReader(async () => {
      if (db.url) {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        return { query: client.query.bind(client) as pg.ClientBase["query"], close: () => client.end() };
      }
      // PGlite: one backend; the reader's statements queue between the run's (still never a partial set).
      const client = await db.pool.connect();
      return { query: client.query.bind(client) as pg.ClientBase["query"], close: async () => client.release() };
    }, shopId);
    try {
      await scoreShop(db, { shopDomain: DEMO_SHOP, now: new Date(newAt), trigger: "manual", bulkSaveFromCustomers: BULK_FROM });
    } finally {
      await reader.stop();
    }
    const kinds = reader.observations.map((o) =>
      o.rows === customersWithOrders && o.oldest === oldAt && o.newest === oldAt
        ? "old"
        : o.rows === customersWithOrders && o.oldest === newAt && o.newest === newAt
          ? "new"
          : `torn ${JSON.stringify(o)}`,
    );
    expect(kinds[0]).toBe("old");
    expect(kinds.filter((kind) => kind !== "old" && kind !== "new")).toEqual([]);
    expect(kinds.at(-1)).toBe("new");
    // Once new, never old again.
    expect(kinds.slice(kinds.indexOf("new"))).not.toContain("old");

    const { app, close } = buildTestApp(db);
    try {
      const list = (await request(app).get("/api/customers?sort=pRepeat90&direction=desc&limit=5").expect(200)).body;
      expect(list.customers).toHaveLength(5);
      const top = await db.prisma.customerScore.findFirstOrThrow({ where: { shopId }, orderBy: [{ pRepeat90: "desc" }, { customerId: "desc" }] });
      expect(list.customers[0].id).toBe(top.customerId);
      expect((await request(app).get("/api/customers/count").expect(200)).body.total).toBe(customersWithOrders);

      const detail = (await request(app).get(`/api/customers/${top.customerId}`).expect(200)).body;
      expect(new Date(detail.score.scoredAt).getTime()).toBe(newAt);
      // History: the earlier runs' scores, newest first, not the current one.
      const historyAt = detail.history.map((point: { scoredAt: string }) => new Date(point.scoredAt).getTime());
      expect(historyAt[0]).toBe(oldAt);
      expect(historyAt.length).toBeGreaterThanOrEqual(2);
      expect(historyAt.every((at: number) => at < newAt)).toBe(true);

      const dashboard = (await request(app).get("/api/dashboard?period=90").expect(200)).body;
      expect(dashboard.scoredCustomers).toBe(customersWithOrders);
      const ladder = dashboard.segments.ladder as { customers: number }[];
      expect(ladder.reduce((sum, segment) => sum + segment.customers, 0)).toBe(customersWithOrders);
    } finally {
      await close();
    }
    expect(await stagingTables()).toEqual([]);
  });

  it("keeps a customer's re-score that landed while the new set was built (newer than the run)", async () => {
    const before = await scoreSet();
    const runAt = before[0].scoredAt.getTime() + HOUR;
    const rescored = before[1].customerId;
    // What rescoreCustomer writes after an order, as of a minute after the run's observation end.
    await db.pool.query(`UPDATE "CustomerScore" SET "scoredAt" = $3, "pRepeat90" = 0.123456 WHERE "shopId" = $1 AND "customerId" = $2`, [
      shopId,
      rescored,
      new Date(runAt + 60_000),
    ]);
    await scoreShop(db, { shopDomain: DEMO_SHOP, now: new Date(runAt), trigger: "manual", bulkSaveFromCustomers: BULK_FROM });
    const after = await scoreSet();
    expect(after.length).toBe(customersWithOrders);
    expect(after.find((row) => row.customerId === rescored)).toEqual({ customerId: rescored, pRepeat90: 0.123456, scoredAt: new Date(runAt + 60_000) });
    expect(after.filter((row) => row.scoredAt.getTime() === runAt)).toHaveLength(customersWithOrders - 1);
  });

  it("leaves the old set, its history and no staging table behind when a bulk save fails", async () => {
    const before = await scoreSet();
    const history = async () =>
      (await db.pool.query<{ scoredAt: Date; n: number }>(
        `SELECT "scoredAt", count(*)::int AS n FROM "CustomerScoreSnapshot" WHERE "shopId" = $1 GROUP BY 1 ORDER BY 1`,
        [shopId],
      )).rows;
    const historyBefore = await history();
    const now = new Date(before[0].scoredAt.getTime() + HOUR);
    const orders = await readOrderHistory(db.pool, shopId, now);
    const summaries = buildCustomerSummaries(orders.records(), { observationEnd: now.getTime(), timeUnit: "days" });
    const table = scoreCustomers(summaries, fitScoringModel(summaries, { model: "bgnbd" }));
    const steps: string[] = [];
    await expect(
      saveScoreSet(db, {
        shopId,
        summaries,
        table,
        scoredAt: now,
        bulkFromCustomers: BULK_FROM,
        onStep: (step) => steps.push(step),
        // Fails after the swap, inside its transaction: the last moment a failure can still undo it.
        inSameTransaction: async () => {
          throw new Error("disk full");
        },
      }),
    ).rejects.toThrow("disk full");
    expect(steps).toContain("swap");
    expect(await scoreSet()).toEqual(before);
    expect(await history()).toEqual(historyBefore);
    expect(await stagingTables()).toEqual([]);
    expect((await partitionRows()).partition).toBe(`"${shopPartitionName(shopId)}"`);
  });

  it("swaps two large shops' sets built at the same time (no lock cycle between their builds)", async () => {
    const other = "second-large.myshopify.com";
    await seedDemoShop(db, { shopDomain: other, seed: 8, now: NOW, customerCount: 600 });
    const at = (await scoreSet())[0].scoredAt.getTime() + HOUR;
    const scoreBoth = (now: number) =>
      Promise.all([DEMO_SHOP, other].map((shopDomain) => scoreShop(db, { shopDomain, now: new Date(now), trigger: "manual", bulkSaveFromCustomers: BULK_FROM })));
    // The second shop's first bulk run (out of the default partition) beside the first shop's, then both replacing.
    await scoreBoth(at);
    const second = await scoreBoth(at + HOUR);
    expect(second[0].customers).toBe(customersWithOrders);
    const otherId = (await db.prisma.shop.findUniqueOrThrow({ where: { domain: other } })).id;
    expect(await db.prisma.customerScore.count({ where: { shopId: otherId } })).toBe(second[1].customers);
    await deleteShopData(db.pool, other);
  });

  it("customers/redact and shop/redact delete the scores held in the shop's own partition", async () => {
    const score = await db.prisma.customerScore.findFirstOrThrow({ where: { shopId } });
    const customer = await db.prisma.customer.findUniqueOrThrow({ where: { id: score.customerId } });
    await redactCustomer(db.pool, shopId, customer.shopifyGid, null);
    expect(await db.prisma.customerScore.count({ where: { customerId: customer.id } })).toBe(0);
    expect(await db.prisma.customerScore.count({ where: { shopId } })).toBe(customersWithOrders - 1);

    await deleteShopData(db.pool, DEMO_SHOP);
    expect(await db.prisma.customerScore.count({ where: { shopId } })).toBe(0);
    expect(await db.prisma.customerScoreSnapshot.count({ where: { shopId } })).toBe(0);
    expect(await partitionRows()).toEqual({ partition: null, inDefault: 0, defaultExcludesShop: null });
  });
});
