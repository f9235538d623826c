import type pg from "pg";

import type { CustomerRecord, OrderRecord, ProductRecord } from "../../../domain/sync/commerce-records";
import { AppError } from "../../../server/errors";
import { timeOrderedId } from "../time-ordered-ids";
import { customerRowsDocument, orderRowsDocument, type OrderDocuments } from "./commerce-rows";

export type { CustomerRecord, LineItemRecord, OrderRecord, ProductRecord } from "../../../domain/sync/commerce-records";

export type Queryable = Pick<pg.ClientBase, "query">;

/**
 * Set-based upserts by Shopify GID, one statement per batch: the batch travels as one JSON document (see
 * commerce-rows.ts) that the server expands with `jsonb_array_elements` (no per-row parameter encoding; Prisma's
 * per-row JS is far slower for bulk imports). The importer runs them with a generic plan (see ImportBatchWriter):
 * a custom plan folds the megabytes of document into the plan as a constant and copies it around while planning.
 * (Not named prepared statements: PGlite's connections share one session, where the names would collide.)
 * Keys are time-ordered (see time-ordered-ids.ts). Out-of-order safe: a row is only overwritten by data whose
 * Shopify `updatedAt` is not older than what is stored.
 */
export async function upsertCustomers(db: Queryable, shopId: string, customers: CustomerRecord[]): Promise<number> {
  if (customers.length === 0) return 0;
  return (await upsertCustomerRows(db, shopId, customerRowsDocument(customers))).size;
}

/** Upserts a batch built by `customerRowsDocument`; answers the id of every customer written, by GID. */
export async function upsertCustomerRows(db: Queryable, shopId: string, document: Uint8Array): Promise<Map<string, string>> {
  // Positions in each row: see customerRowsDocument.
  const result = await db.query<{ id: string; shopifyGid: string }>({
    text: `INSERT INTO "Customer" (id, "shopId", "shopifyGid", "firstName", "lastName", email, phone, city, "countryCode",
                             "shopifyCreatedAt", "shopifyUpdatedAt", "createdAt", "updatedAt")
     SELECT u->>0, $1, u->>1, u->>2, u->>3, u->>4, u->>5, u->>6, u->>7, (u->>8)::timestamptz, (u->>9)::timestamptz,
            now(), now()
     FROM jsonb_array_elements($2::jsonb) AS u
     ON CONFLICT ("shopId", "shopifyGid") DO UPDATE SET
       "firstName" = excluded."firstName", "lastName" = excluded."lastName", email = excluded.email,
       phone = excluded.phone, city = excluded.city, "countryCode" = excluded."countryCode",
       "shopifyCreatedAt" = excluded."shopifyCreatedAt", "shopifyUpdatedAt" = excluded."shopifyUpdatedAt",
       "updatedAt" = now()
     WHERE "Customer"."shopifyUpdatedAt" IS NULL OR excluded."shopifyUpdatedAt" >= "Customer"."shopifyUpdatedAt"
     RETURNING id, "shopifyGid"`,
    values: [shopId, document],
  });
  return new Map(result.rows.map((row) => [row.shopifyGid, row.id]));
}

/**
 * Upserts whole orders (line items included, replaced together with their order) in the caller's transaction.
 * A customer the shop has not sent yet is created as an empty stub first (see ensureCustomerStubs). Returns
 * the number of orders written (an older `updatedAt` changes nothing).
 */
export async function upsertOrders(db: Queryable, shopId: string, orders: OrderRecord[]): Promise<number> {
  if (orders.length === 0) return 0;
  await holdShop(db, shopId);
  await ensureCustomerStubs(db, shopId, orders.flatMap((order) => (order.customerGid === null ? [] : [order.customerGid])));
  return upsertOrderRows(db, shopId, orderRowsDocument(orders));
}

/**
 * Creates an empty customer (no PII, no `shopifyUpdatedAt`) for each GID the shop does not have yet, so orders
 * link to the customer now and the customer's own record (webhook or bulk file) fills it in whenever it
 * arrives. Returns the new customers' ids by GID.
 */
export async function ensureCustomerStubs(db: Queryable, shopId: string, customerGids: readonly string[]): Promise<Map<string, string>> {
  const created = new Map<string, string>();
  if (customerGids.length === 0) return created;
  const gids = [...new Set(customerGids)];
  const { rows } = await db.query<{ id: string; shopifyGid: string }>(
    `INSERT INTO "Customer" (id, "shopId", "shopifyGid", "createdAt", "updatedAt")
     SELECT g.id, $1, g.gid, now(), now()
     FROM unnest($2::text[], $3::text[]) AS g(gid, id)
     WHERE NOT EXISTS (SELECT 1 FROM "Customer" c WHERE c."shopId" = $1 AND c."shopifyGid" = g.gid)
     ON CONFLICT ("shopId", "shopifyGid") DO NOTHING
     RETURNING id, "shopifyGid"`,
    [shopId, gids, gids.map(() => timeOrderedId())],
  );
  for (const row of rows) created.set(row.shopifyGid, row.id);
  return created;
}

/**
 * Upserts a batch of orders built by `orderRowsDocument`, by GID, out-of-order safe. Orders whose customer id
 * the document does not carry get it by GID from the shop's customers (there is no foreign key on Order, so
 * this lookup is what keeps `customerId` pointing at the same shop's customer). The caller's transaction must
 * hold the shop first (holdShop), as upsertOrders and the bulk importer's writer do.
 */
export async function upsertOrderRows(db: Queryable, shopId: string, documents: OrderDocuments): Promise<number> {
  // Positions in each row: see orderRowsDocument.
  // rowCount of INSERT … ON CONFLICT DO UPDATE counts inserted and updated rows, not those the WHERE kept.
  const result = await db.query({
    text: `INSERT INTO "Order" (id, "shopId", "shopifyGid", name, "customerId", currency, "totalPrice", "subtotalPrice",
                          "totalDiscounts", "discountCodes", "placedAt", "processedAt", "cancelledAt",
                          "shopifyUpdatedAt", "lineItems", "productGids", "createdAt", "updatedAt")
     SELECT u->>0, $1, u->>1, u->>2,
            -- A scalar subquery is an index lookup per order; a join would hash every customer of the shop
            -- on every batch, which grows with the shop.
            coalesce(u->>4, (SELECT c.id FROM "Customer" c WHERE c."shopId" = $1 AND c."shopifyGid" = u->>3)),
            u->>5, (u->>6)::numeric, (u->>7)::numeric, (u->>8)::numeric, (u->>9)::text[],
            (u->>10)::timestamptz, (u->>11)::timestamptz, (u->>12)::timestamptz, (u->>13)::timestamptz,
            i.items, (u->>14)::text[], now(), now()
     FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS r(u, n)
     JOIN json_array_elements($3::json) WITH ORDINALITY AS i(items, n) USING (n)
     ON CONFLICT ("shopId", "shopifyGid") DO UPDATE SET
       name = excluded.name, "customerId" = coalesce(excluded."customerId", "Order"."customerId"),
       currency = excluded.currency, "totalPrice" = excluded."totalPrice",
       "subtotalPrice" = excluded."subtotalPrice", "totalDiscounts" = excluded."totalDiscounts",
       "discountCodes" = excluded."discountCodes", "placedAt" = excluded."placedAt",
       "processedAt" = excluded."processedAt", "cancelledAt" = excluded."cancelledAt",
       "shopifyUpdatedAt" = excluded."shopifyUpdatedAt", "lineItems" = excluded."lineItems",
       "productGids" = excluded."productGids", "updatedAt" = now()
     WHERE "Order"."shopifyUpdatedAt" IS NULL OR excluded."shopifyUpdatedAt" >= "Order"."shopifyUpdatedAt"`,
    values: [shopId, documents.rows, documents.items],
  });
  return result.rowCount ?? 0;
}

/**
 * What Order's foreign key to Shop did, once per statement instead of once per row: the shop must exist, and
 * cannot be deleted until the caller's transaction ends (shop/redact deletes the Shop row first, then its
 * orders; see deleteShopData), so no order outlives its shop. A transaction takes it before locking any
 * customer row, so it never waits for a shop deletion that itself waits for that customer.
 */
export async function holdShop(db: Queryable, shopId: string): Promise<void> {
  const shop = await db.query(`SELECT 1 FROM "Shop" WHERE id = $1 FOR KEY SHARE`, [shopId]);
  if (shop.rowCount === 0) throw new AppError("NOT_FOUND", `Shop ${shopId} no longer exists; its orders are not written`);
}

/**
 * Refreshes the planner's statistics of the tables a bulk import wrote. Without them a freshly imported table
 * looks empty (the planner assumes a handful of rows), and the first queries over it pick nested loops: the demo
 * offer backfill spent 19.6 s in one such plan. ANALYZE samples at most 30,000 rows, so it costs a fraction of a
 * second however large the shop.
 */
export async function refreshStatistics(db: Queryable, tables: { customers: boolean; orders: boolean }): Promise<void> {
  if (tables.customers) await db.query(`ANALYZE "Customer"`);
  if (tables.orders) await db.query(`ANALYZE "Order"`);
}

/**
 * Every customer id of the shop by GID, or null when the shop has more than `limit` customers. The bulk
 * importer gives orders their customer id from this, saving an index lookup per order.
 */
export async function customerIdsByGid(db: Queryable, shopId: string, limit: number): Promise<Map<string, string> | null> {
  const { rows } = await db.query<{ shopifyGid: string; id: string }>(
    `SELECT "shopifyGid", id FROM "Customer" WHERE "shopId" = $1 LIMIT $2`,
    [shopId, limit + 1],
  );
  if (rows.length > limit) return null;
  return new Map(rows.map((row) => [row.shopifyGid, row.id]));
}

export async function upsertProducts(db: Queryable, shopId: string, products: ProductRecord[]): Promise<number> {
  if (products.length === 0) return 0;
  const result = await db.query(
    `INSERT INTO "Product" (id, "shopId", "shopifyGid", title, handle, price, "imageUrl", "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, $1, u.*, now(), now()
     FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[]) AS u
     ON CONFLICT ("shopId", "shopifyGid") DO UPDATE SET
       title = excluded.title, handle = excluded.handle, price = excluded.price, "imageUrl" = excluded."imageUrl",
       "updatedAt" = now()`,
    [
      shopId,
      products.map((p) => p.shopifyGid),
      products.map((p) => p.title),
      products.map((p) => p.handle),
      products.map((p) => p.price),
      products.map((p) => p.imageUrl),
    ],
  );
  return result.rowCount ?? 0;
}
