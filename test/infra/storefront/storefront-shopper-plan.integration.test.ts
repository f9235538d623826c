import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOPPER_SQL } from "../../../app/infra/storefront/storefront-repository";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];
const SHOP = "busy.myshopify.com";
const PARAMETERS = [SHOP, "gid://shopify/Customer/77", "2026-11-10T12:00:00.000Z"];

/**
 * The storefront banner reads a signed-in shopper's coupons on every page view: the read must find them
 * through indexes, never by reading every decision (a sequential scan of OfferDecision cost PostgreSQL 3 ms
 * per banner at 7,500 decisions, and grows with every order of every shop).
 */
describe.each(databaseBackends())("the storefront shopper read's plan on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
    // A shop with 2,000 customers and 10,000 decisions (two in five known only by GID), and statistics:
    // the planner's choice is a real one.
    await db.pool.query(`INSERT INTO "Shop" (id, domain, "updatedAt") VALUES ('s', '${SHOP}', now()), ('t', 'other.myshopify.com', now())`);
    await db.pool.query(
      `INSERT INTO "Customer" (id, "shopId", "shopifyGid", "updatedAt")
       SELECT 'c' || n, 's', 'gid://shopify/Customer/' || n, now() FROM generate_series(1, 2000) AS n`,
    );
    await db.pool.query(
      `INSERT INTO "OfferDecision" (id, "shopId", "orderGid", "customerId", "customerGid", outcome, code, "discountStatus", "discountType",
                                    "discountValue", currency, "expiresAt")
       SELECT 'd' || n, CASE WHEN n % 10 = 0 THEN 't' ELSE 's' END, 'gid://shopify/Order/' || n,
              CASE WHEN (n / 2000) % 2 = 0 THEN 'c' || (n % 2000 + 1) END, 'gid://shopify/Customer/' || (n % 2000 + 1),
              'issued', 'CODE' || n, 'created', 'percentage', 10, 'EUR', timestamp '2026-12-01' + n * interval '1 minute'
       FROM generate_series(1, 10000) AS n`,
    );
    await db.pool.query(`ANALYZE "Shop", "Customer", "OfferDecision"`);
  });
  afterAll(async () => {
    await db?.close();
  });

  const expectIndexesOnly = (plan: PlanNode) => {
    const nodes = flatten(plan);
    const decisionScans = nodes.filter((node) => node["Relation Name"] === "OfferDecision" || node["Index Name"]?.startsWith("OfferDecision"));
    expect(decisionScans.map((node) => node["Node Type"])).not.toContain("Seq Scan");
    expect(decisionScans.map((node) => node["Index Name"]).filter(Boolean)).toEqual(
      expect.arrayContaining(["OfferDecision_shopId_customerId_idx", "OfferDecision_shopId_customerGid_idx"]),
    );
  };

  it("finds the coupons by row id or GID through two indexes, with the values of a request", async () => {
    const { rows } = await db.pool.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${SHOPPER_SQL}`, PARAMETERS);
    expectIndexesOnly(rows[0]["QUERY PLAN"][0].Plan);
  });

  it("does so too as the prepared statement's generic plan, which the pool reuses on PostgreSQL", async () => {
    const client = await db.pool.connect();
    try {
      await client.query("SET plan_cache_mode = force_generic_plan");
      await client.query(`PREPARE shopper_plan (text, text, text) AS ${SHOPPER_SQL}`);
      const values = PARAMETERS.map((value) => `'${value}'`).join(", ");
      const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) EXECUTE shopper_plan(${values})`);
      expectIndexesOnly(rows[0]["QUERY PLAN"][0].Plan);
    } finally {
      await client.query("DEALLOCATE ALL; RESET plan_cache_mode");
      client.release();
    }
  });

  it("reads the right coupons from the busy shop: the customer's own, by id or GID, soonest first", async () => {
    const { rows } = await db.pool.query<{ code: string | null }>(SHOPPER_SQL, PARAMETERS);
    // Customer 77's decisions are n ≡ 76 (mod 2000), all in shop s: 2076 and 6076 carry only the GID.
    expect(rows.map((row) => row.code)).toEqual(["CODE76", "CODE2076", "CODE4076", "CODE6076", "CODE8076"]);
  });
});
