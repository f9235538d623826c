import type pg from "pg";

import type { CustomerRecord, OrderRecord, ProductRecord } from "../../../domain/sync/commerce-records";
import { timeOrderedId } from "../time-ordered-ids";

export type { CustomerRecord, LineItemRecord, OrderRecord, ProductRecord } from "../../../domain/sync/commerce-records";

export type Queryable = Pick<pg.ClientBase, "query">;

/**
 * Set-based upserts by Shopify GID, one statement per batch: the batch travels as one JSON document that the
 * server expands with `json_to_recordset` (one `JSON.stringify` here, no per-row parameter encoding; Prisma's
 * per-row JS is far slower for bulk imports). Keys are time-ordered (see time-ordered-ids.ts). Out-of-order
 * safe: a row is only overwritten by data whose Shopify `updatedAt` is not older than what is stored.
 */
export async function upsertCustomers(db: Queryable, shopId: string, customers: CustomerRecord[]): Promise<number> {
  if (customers.length === 0) return 0;
  const rows = customers.map((customer) => ({ id: timeOrderedId(), ...customer }));
  const result = await db.query(
    `INSERT INTO "Customer" (id, "shopId", "shopifyGid", "firstName", "lastName", email, phone, city, "countryCode",
                             "shopifyCreatedAt", "shopifyUpdatedAt", "createdAt", "updatedAt")
     SELECT u.id, $1, u."shopifyGid", u."firstName", u."lastName", u.email, u.phone, u.city, u."countryCode",
            u."shopifyCreatedAt", u."shopifyUpdatedAt", now(), now()
     FROM json_to_recordset($2::json) AS u(id text, "shopifyGid" text, "firstName" text, "lastName" text, email text,
                                           phone text, city text, "countryCode" text, "shopifyCreatedAt" timestamptz,
                                           "shopifyUpdatedAt" timestamptz)
     ON CONFLICT ("shopId", "shopifyGid") DO UPDATE SET
       "firstName" = excluded."firstName", "lastName" = excluded."lastName", email = excluded.email,
       phone = excluded.phone, city = excluded.city, "countryCode" = excluded."countryCode",
       "shopifyCreatedAt" = excluded."shopifyCreatedAt", "shopifyUpdatedAt" = excluded."shopifyUpdatedAt",
       "updatedAt" = now()
     WHERE "Customer"."shopifyUpdatedAt" IS NULL OR excluded."shopifyUpdatedAt" IS NULL
        OR excluded."shopifyUpdatedAt" >= "Customer"."shopifyUpdatedAt"`,
    [shopId, JSON.stringify(rows)],
  );
  return result.rowCount ?? 0;
}

/**
 * Upserts whole orders (line items included, replaced together with their order). A customer the shop has not
 * sent yet is created as an empty stub (no PII, no `shopifyUpdatedAt`), so the order is linked now and the
 * customer's own record (webhook or bulk file) fills it in whenever it arrives. Returns the number of orders
 * written (an older `updatedAt` changes nothing).
 */
export async function upsertOrders(db: Queryable, shopId: string, orders: OrderRecord[]): Promise<number> {
  if (orders.length === 0) return 0;
  const rows = orders.map((order) => ({
    id: timeOrderedId(),
    gid: order.shopifyGid,
    name: order.name,
    customer_gid: order.customerGid,
    currency: order.currency,
    total: order.totalPrice,
    subtotal: order.subtotalPrice,
    discounts: order.totalDiscounts,
    codes: order.discountCodes,
    placed: order.placedAt,
    processed: order.processedAt,
    cancelled: order.cancelledAt,
    updated: order.shopifyUpdatedAt,
    // Pre-serialised: json_to_recordset turning a nested array into jsonb costs ~30 µs an order, a text cast ~1.
    items: JSON.stringify(order.lineItems),
    products: productGidsOf(order),
  }));
  const result = await db.query<{ written: string }>(
    `WITH input AS (
       SELECT * FROM json_to_recordset($2::json)
         AS u(id text, gid text, name text, customer_gid text, currency text, total numeric, subtotal numeric,
              discounts numeric, codes text[], placed timestamptz, processed timestamptz, cancelled timestamptz,
              updated timestamptz, items text, products text[])
     ),
     stubs AS (
       INSERT INTO "Customer" (id, "shopId", "shopifyGid", "createdAt", "updatedAt")
       SELECT gen_random_uuid()::text, $1, g.gid, now(), now()
       FROM (SELECT DISTINCT customer_gid AS gid FROM input WHERE customer_gid IS NOT NULL) g
       WHERE (SELECT c.id FROM "Customer" c WHERE c."shopId" = $1 AND c."shopifyGid" = g.gid) IS NULL
       ON CONFLICT ("shopId", "shopifyGid") DO NOTHING
       RETURNING id, "shopifyGid"
     ),
     written AS (
       INSERT INTO "Order" (id, "shopId", "shopifyGid", name, "customerId", currency, "totalPrice", "subtotalPrice",
                            "totalDiscounts", "discountCodes", "placedAt", "processedAt", "cancelledAt",
                            "shopifyUpdatedAt", "lineItems", "productGids", "createdAt", "updatedAt")
       SELECT u.id, $1, u.gid, u.name,
              -- A scalar subquery is an index lookup per order; a join would hash every customer of the shop
              -- on every batch, which grows with the shop.
              coalesce((SELECT c.id FROM "Customer" c WHERE c."shopId" = $1 AND c."shopifyGid" = u.customer_gid), s.id),
              u.currency, u.total, u.subtotal, u.discounts, coalesce(u.codes, ARRAY[]::text[]),
              u.placed, u.processed, u.cancelled, u.updated, coalesce(u.items::jsonb, '[]'::jsonb),
              coalesce(u.products, ARRAY[]::text[]), now(), now()
       FROM input u
       LEFT JOIN stubs s ON s."shopifyGid" = u.customer_gid
       ON CONFLICT ("shopId", "shopifyGid") DO UPDATE SET
         name = excluded.name, "customerId" = coalesce(excluded."customerId", "Order"."customerId"),
         currency = excluded.currency, "totalPrice" = excluded."totalPrice",
         "subtotalPrice" = excluded."subtotalPrice", "totalDiscounts" = excluded."totalDiscounts",
         "discountCodes" = excluded."discountCodes", "placedAt" = excluded."placedAt",
         "processedAt" = excluded."processedAt", "cancelledAt" = excluded."cancelledAt",
         "shopifyUpdatedAt" = excluded."shopifyUpdatedAt", "lineItems" = excluded."lineItems",
         "productGids" = excluded."productGids", "updatedAt" = now()
       WHERE "Order"."shopifyUpdatedAt" IS NULL OR excluded."shopifyUpdatedAt" IS NULL
          OR excluded."shopifyUpdatedAt" >= "Order"."shopifyUpdatedAt"
       RETURNING 1
     )
     SELECT count(*)::text AS written FROM written`,
    [shopId, JSON.stringify(rows)],
  );
  return Number(result.rows[0]?.written ?? 0);
}

/** The distinct products of an order, for the GIN index behind "orders containing product X". */
function productGidsOf(order: OrderRecord): string[] {
  const products = new Set<string>();
  for (const item of order.lineItems) if (item.productGid) products.add(item.productGid);
  return [...products];
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
