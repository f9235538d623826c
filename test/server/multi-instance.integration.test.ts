import { readFileSync } from "node:fs";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../app/infra/db/database";
import { seedDemoShop } from "../../app/infra/demo/seed-demo-shop";
import type { ScoringHooks } from "../../app/infra/jobs/scoring-hooks";
import { scoreShop } from "../../app/infra/scoring/score-shop";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { DEMO_SHOP, webhookHeaders } from "../support/shopify-signing";
import { buildTestApp } from "../support/test-app";

const ORDER = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../fixtures/webhooks/orders-create.json"), "utf8"));
const ORDERS = 200;
const NOW = new Date();

/**
 * Two app instances (web + worker each, their own pools) on one database, as behind a load balancer:
 * 200 distinct orders/create, each delivered to one instance and redelivered (same webhook id) three times
 * at once to the other. Exactly one Order per order, at most one coupon per order, each follow-up job run
 * once, by whichever worker claimed it.
 */
describe.each(databaseBackends())("two instances on one %s database", (backend) => {
  let db: TestDatabase;
  let second: Database;
  let instances: ReturnType<typeof buildTestApp>[];
  const rescored = new Map<string, number>();
  const scoring: ScoringHooks = {
    async scoreShop() {},
    async rescoreCustomer(_shop, customerId) {
      rescored.set(customerId, (rescored.get(customerId) ?? 0) + 1);
    },
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 5, now: NOW, customerCount: 60 });
    await scoreShop(db, { shopDomain: DEMO_SHOP, now: NOW, trigger: "manual" });
    // PostgreSQL: a second pool, as a second process would have; PGlite is one process's database.
    second = db.url ? await openDatabase({ url: db.url, poolSize: 6 }) : db;
    instances = [buildTestApp(db, {}, { scoring }), buildTestApp(second, {}, { scoring })];
    await request(instances[0].app)
      .post("/api/offers")
      .send({ name: "Every order", status: "active", discountType: "percentage", discountValue: 10, validityDays: 30, targeting: {}, orderScope: "any_order", controlShare: 0, priority: 1 })
      .expect(201);
    await Promise.all(instances.map((instance) => instance.jobs.start({ concurrency: 2 })));
  });
  afterAll(async () => {
    await Promise.all((instances ?? []).map((instance) => instance.jobs.stop(0)));
    if (second && second !== db) await second.close();
    await db?.close();
  });

  it("stores each order once, issues at most one coupon per order and runs each follow-up once", async () => {
    const orders = Array.from({ length: ORDERS }, (_, i) => {
      const id = ORDER.id + 50_000 + i;
      const customerId = 8_100_000_000_000 + i;
      return { ...ORDER, id, admin_graphql_api_id: `gid://shopify/Order/${id}`, name: `#M${i}`, customer: { ...ORDER.customer, id: customerId, admin_graphql_api_id: `gid://shopify/Customer/${customerId}` } };
    });
    const deliver = (instance: number, order: (typeof orders)[number], webhookId: string) => {
      const body = JSON.stringify(order);
      return request(instances[instance].app).post("/api/webhooks").set(webhookHeaders({ body, topic: "orders/create", webhookId })).send(body);
    };
    const statuses: number[] = [];
    for (let start = 0; start < ORDERS; start += 10) {
      await Promise.all(
        orders.slice(start, start + 10).flatMap((order, offset) => {
          const i = start + offset;
          const webhookId = `multi-${i}`;
          return [deliver(i % 2, order, webhookId), ...[0, 1, 2].map(() => deliver((i + 1) % 2, order, webhookId))].map((p) => p.then((r) => statuses.push(r.status)));
        }),
      );
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    // Answered once stored; the two instances' workers apply them (800 deliveries, 200 distinct ids).

    const gids = orders.map((order) => order.admin_graphql_api_id);
    await waitForFollowUps(db, gids, 90_000);

    const stored = await db.pool.query<{ gid: string; n: number }>(`SELECT "shopifyGid" AS gid, count(*)::int AS n FROM "Order" WHERE "shopifyGid" = ANY($1) GROUP BY 1`, [gids]);
    expect(stored.rows).toHaveLength(ORDERS);
    expect(stored.rows.every((row) => row.n === 1)).toBe(true);

    const decisions = await db.pool.query<{ gid: string; n: number; codes: number }>(
      `SELECT "orderGid" AS gid, count(*)::int AS n, count(code)::int AS codes FROM "OfferDecision" WHERE "orderGid" = ANY($1) GROUP BY 1`,
      [gids],
    );
    expect(decisions.rows).toHaveLength(ORDERS);
    expect(decisions.rows.filter((row) => row.n > 1 || row.codes > 1)).toEqual([]);
    const codes = await db.pool.query(`SELECT code FROM "OfferDecision" WHERE "orderGid" = ANY($1) AND code IS NOT NULL GROUP BY code HAVING count(*) > 1`, [gids]);
    expect(codes.rows).toEqual([]);

    // One follow-up job per order, completed at its first attempt; one re-score per new customer.
    const jobs = await db.pool.query<{ gid: string; n: number; retries: number; state: string }>(
      `SELECT data->'payload'->>'orderGid' AS gid, count(*)::int AS n, max(retry_count)::int AS retries, max(state::text) AS state
       FROM pgboss.job WHERE name = 'order-offers' AND data->'payload'->>'orderGid' = ANY($1) GROUP BY 1`,
      [gids],
    );
    expect(jobs.rows).toHaveLength(ORDERS);
    expect(jobs.rows.filter((row) => row.n !== 1 || row.retries !== 0 || row.state !== "completed")).toEqual([]);
    // Every delivery was applied or found already handled, and its job (the raw payload) deleted with it.
    expect((await db.pool.query(`SELECT 1 FROM pgboss.job WHERE name = 'webhook-delivery'`)).rowCount).toBe(0);
    expect((await db.pool.query(`SELECT 1 FROM "WebhookDelivery" WHERE "webhookId" LIKE 'multi-%'`)).rowCount).toBe(ORDERS);
    const customers = await db.pool.query<{ id: string }>(`SELECT id FROM "Customer" WHERE "shopifyGid" LIKE 'gid://shopify/Customer/81000000%'`);
    expect(customers.rows).toHaveLength(ORDERS);
    expect(customers.rows.filter((row) => rescored.get(row.id) !== 1)).toEqual([]);
  }, 240_000);
});

async function waitForFollowUps(db: Database, gids: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.pool.query<{ done: number; pending: number }>(
      `SELECT count(*) FILTER (WHERE state = 'completed')::int AS done, count(*) FILTER (WHERE state IN ('created', 'retry', 'active'))::int AS pending
       FROM pgboss.job WHERE name IN ('webhook-delivery', 'order-offers', 'rescore-customer')`,
    );
    const offers = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "OfferDecision" WHERE "orderGid" = ANY($1)`, [gids]);
    if (rows[0].pending === 0 && offers.rows[0].n >= gids.length) return;
    if (Date.now() > deadline) throw new Error(`follow-ups not done: ${JSON.stringify(rows[0])}, decisions ${offers.rows[0].n}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
