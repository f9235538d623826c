import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "../../../app/infra/db/migrate";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";

const EMBEDDING = "order_line_items_embedded";

describe.each(databaseBackends())("the line-items migration on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("carries every stored line item into its order before dropping the table", async () => {
    const client = await db.pool.connect();
    try {
      // A scratch schema at the migration before the change, holding an order with items.
      await client.query(`CREATE SCHEMA before_embedding; SET search_path TO before_embedding`);
      const migrations = readMigrations();
      const index = migrations.findIndex((m) => m.name.endsWith(EMBEDDING));
      expect(index).toBeGreaterThan(0);
      await applyMigrations(client, migrations.slice(0, index));
      await client.query(`
        INSERT INTO "Shop" (id, domain, currency, "installedAt", "createdAt", "updatedAt") VALUES ('s', 'm.myshopify.com', 'USD', now(), now(), now());
        INSERT INTO "Order" (id, "shopId", "shopifyGid", currency, "totalPrice", "subtotalPrice", "placedAt", "updatedAt")
          VALUES ('o1', 's', 'gid://shopify/Order/1', 'USD', 30, 30, now(), now()), ('o2', 's', 'gid://shopify/Order/2', 'USD', 5, 5, now(), now());
        INSERT INTO "OrderLineItem" (id, "orderId", "shopifyGid", "productGid", "variantGid", title, quantity, "unitPrice") VALUES
          ('l1', 'o1', 'gid://shopify/LineItem/1', 'gid://shopify/Product/7', 'gid://shopify/ProductVariant/70', 'Beans', 2, 10),
          ('l2', 'o1', 'gid://shopify/LineItem/2', 'gid://shopify/Product/8', NULL, 'Mug', 1, 10.5),
          ('l3', 'o1', 'gid://shopify/LineItem/3', 'gid://shopify/Product/7', 'gid://shopify/ProductVariant/71', 'Beans', 1, 9.5);`);

      await applyMigrations(client, migrations);

      const { rows } = await client.query(`SELECT id, "lineItems", "productGids" FROM "Order" ORDER BY id`);
      expect(rows[0].lineItems).toEqual([
        { shopifyGid: "gid://shopify/LineItem/1", productGid: "gid://shopify/Product/7", variantGid: "gid://shopify/ProductVariant/70", title: "Beans", quantity: 2, unitPrice: "10.00" },
        { shopifyGid: "gid://shopify/LineItem/2", productGid: "gid://shopify/Product/8", variantGid: null, title: "Mug", quantity: 1, unitPrice: "10.50" },
        { shopifyGid: "gid://shopify/LineItem/3", productGid: "gid://shopify/Product/7", variantGid: "gid://shopify/ProductVariant/71", title: "Beans", quantity: 1, unitPrice: "9.50" },
      ]);
      expect([...rows[0].productGids].sort()).toEqual(["gid://shopify/Product/7", "gid://shopify/Product/8"]);
      expect(rows[1]).toMatchObject({ id: "o2", lineItems: [], productGids: [] });
      const gone = await client.query(`SELECT to_regclass('before_embedding."OrderLineItem"') AS t`);
      expect(gone.rows[0].t).toBeNull();
    } finally {
      await client.query(`RESET search_path; DROP SCHEMA IF EXISTS before_embedding CASCADE`);
      client.release();
    }
  });
});
