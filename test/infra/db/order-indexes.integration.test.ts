import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";

/** The per-customer order lookups (timeline, repeat count, re-scoring one customer) go through the customer index. */
describe.each(databaseBackends())("Order indexes on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
    // A shop with 20,000 orders from 4,000 customers, and statistics: the planner's choice is a real one.
    await db.pool.query(
      `INSERT INTO "Order" (id, "shopId", "shopifyGid", "customerId", currency, "totalPrice", "subtotalPrice", "placedAt", "updatedAt")
       SELECT gen_random_uuid()::text, 's', 'gid://shopify/Order/' || n, 'c' || (n % 4000), 'EUR', 10, 10,
              timestamp '2026-01-01' + n * interval '1 minute', now()
       FROM generate_series(1, 20000) AS n`,
    );
    await db.pool.query(`ANALYZE "Order"`);
  });
  afterAll(async () => {
    await db?.close();
  });

  const plan = async (sql: string) => {
    const { rows } = await db.pool.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`);
    return rows.map((row) => row["QUERY PLAN"]).join("\n");
  };

  it("finds a customer's orders through Order_customerId_idx, a B-tree on the customer alone", async () => {
    const { rows } = await db.pool.query<{ definition: string }>(`SELECT pg_get_indexdef('"Order_customerId_idx"'::regclass) AS definition`);
    expect(rows[0].definition).toMatch(/USING btree \("customerId"\)$/);
    expect(await plan(`SELECT * FROM "Order" WHERE "shopId" = 's' AND "customerId" = 'c7' ORDER BY "placedAt" DESC LIMIT 20`)).toContain("Order_customerId_idx");
    expect(await plan(`SELECT count(*) FROM "Order" WHERE "shopId" = 's' AND "customerId" = 'c7' AND "placedAt" < now()`)).toContain("Order_customerId_idx");
  });
});
