import type pg from "pg";

import type { CustomerRecord, OrderRecord, ProductRecord } from "../../../domain/sync/commerce-records";

export type { CustomerRecord, LineItemRecord, OrderRecord, ProductRecord } from "../../../domain/sync/commerce-records";

export type Queryable = Pick<pg.ClientBase, "query">;

/**
 * Set-based upserts by Shopify GID, one statement per batch (arrays unnested server-side): Prisma's per-row
 * JS is the bottleneck for bulk imports. Out-of-order safe: a row is only overwritten by data whose Shopify
 * `updatedAt` is not older than what is stored.
 */
export async function upsertCustomers(db: Queryable, shopId: string, customers: CustomerRecord[]): Promise<number> {
  if (customers.length === 0) return 0;
  const result = await db.query(
    `INSERT INTO "Customer" (id, "shopId", "shopifyGid", "firstName", "lastName", email, phone, city, "countryCode",
                             "shopifyCreatedAt", "shopifyUpdatedAt", "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, $1, u.*, now(), now()
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                 $9::timestamptz[], $10::timestamptz[]) AS u
     ON CONFLICT ("shopId", "shopifyGid") DO UPDATE SET
       "firstName" = excluded."firstName", "lastName" = excluded."lastName", email = excluded.email,
       phone = excluded.phone, city = excluded.city, "countryCode" = excluded."countryCode",
       "shopifyCreatedAt" = excluded."shopifyCreatedAt", "shopifyUpdatedAt" = excluded."shopifyUpdatedAt",
       "updatedAt" = now()
     WHERE "Customer"."shopifyUpdatedAt" IS NULL OR excluded."shopifyUpdatedAt" IS NULL
        OR excluded."shopifyUpdatedAt" >= "Customer"."shopifyUpdatedAt"`,
    [
      shopId,
      customers.map((c) => c.shopifyGid),
      customers.map((c) => c.firstName),
      customers.map((c) => c.lastName),
      customers.map((c) => c.email),
      customers.map((c) => c.phone),
      customers.map((c) => c.city),
      customers.map((c) => c.countryCode),
      customers.map((c) => c.shopifyCreatedAt),
      customers.map((c) => c.shopifyUpdatedAt),
    ],
  );
  return result.rowCount ?? 0;
}

/**
 * Upserts orders and their line items in one statement. A customer the shop has not sent yet is created as an
 * empty stub (no PII, no `shopifyUpdatedAt`), so the order is linked now and the customer's own record (webhook
 * or bulk file) fills it in whenever it arrives. Line items are only written for orders that were actually
 * written (an older `updatedAt` changes nothing), and items no longer on an edited order are removed.
 * Returns the number of orders written.
 */
export async function upsertOrders(db: Queryable, shopId: string, orders: OrderRecord[]): Promise<number> {
  if (orders.length === 0) return 0;
  const lineItems = orders.flatMap((order) => order.lineItems.map((item) => ({ orderGid: order.shopifyGid, ...item })));
  const result = await db.query<{ written: string }>(
    `WITH input AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[],
                            $9::jsonb[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[])
         AS u(gid, name, customer_gid, currency, total, subtotal, discounts, codes, placed, processed, cancelled, updated)
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
                            "shopifyUpdatedAt", "createdAt", "updatedAt")
       SELECT gen_random_uuid()::text, $1, u.gid, u.name,
              -- A scalar subquery is an index lookup per order; a join would hash every customer of the shop
              -- on every batch, which grows with the shop.
              coalesce((SELECT c.id FROM "Customer" c WHERE c."shopId" = $1 AND c."shopifyGid" = u.customer_gid), s.id),
              u.currency, u.total, u.subtotal,
              u.discounts,
              coalesce((SELECT array_agg(code) FROM jsonb_array_elements_text(u.codes) AS code), ARRAY[]::text[]),
              u.placed, u.processed, u.cancelled, u.updated, now(), now()
       FROM input u
       LEFT JOIN stubs s ON s."shopifyGid" = u.customer_gid
       ON CONFLICT ("shopId", "shopifyGid") DO UPDATE SET
         name = excluded.name, "customerId" = coalesce(excluded."customerId", "Order"."customerId"),
         currency = excluded.currency, "totalPrice" = excluded."totalPrice",
         "subtotalPrice" = excluded."subtotalPrice", "totalDiscounts" = excluded."totalDiscounts",
         "discountCodes" = excluded."discountCodes", "placedAt" = excluded."placedAt",
         "processedAt" = excluded."processedAt", "cancelledAt" = excluded."cancelledAt",
         "shopifyUpdatedAt" = excluded."shopifyUpdatedAt", "updatedAt" = now()
       WHERE "Order"."shopifyUpdatedAt" IS NULL OR excluded."shopifyUpdatedAt" IS NULL
          OR excluded."shopifyUpdatedAt" >= "Order"."shopifyUpdatedAt"
       RETURNING id, "shopifyGid", (xmax <> 0) AS existed
     ),
     items AS (
       SELECT * FROM unnest($14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::int[], $20::numeric[])
         AS i(order_gid, gid, product, variant, title, quantity, price)
     ),
     stale AS (
       DELETE FROM "OrderLineItem" li USING written o
       WHERE o.existed AND li."orderId" = o.id
         AND NOT EXISTS (SELECT 1 FROM items i WHERE i.order_gid = o."shopifyGid" AND i.gid = li."shopifyGid")
     ),
     upserted_items AS (
       INSERT INTO "OrderLineItem" (id, "orderId", "shopifyGid", "productGid", "variantGid", title, quantity, "unitPrice")
       SELECT gen_random_uuid()::text, o.id, i.gid, i.product, i.variant, i.title, i.quantity, i.price
       FROM items i JOIN written o ON o."shopifyGid" = i.order_gid
       ON CONFLICT ("orderId", "shopifyGid") DO UPDATE SET
         "productGid" = excluded."productGid", "variantGid" = excluded."variantGid", title = excluded.title,
         quantity = excluded.quantity, "unitPrice" = excluded."unitPrice"
     )
     SELECT count(*)::text AS written FROM written`,
    [
      shopId,
      orders.map((o) => o.shopifyGid),
      orders.map((o) => o.name),
      orders.map((o) => o.customerGid),
      orders.map((o) => o.currency),
      orders.map((o) => o.totalPrice),
      orders.map((o) => o.subtotalPrice),
      orders.map((o) => o.totalDiscounts),
      orders.map((o) => JSON.stringify(o.discountCodes)),
      orders.map((o) => o.placedAt),
      orders.map((o) => o.processedAt),
      orders.map((o) => o.cancelledAt),
      orders.map((o) => o.shopifyUpdatedAt),
      lineItems.map((item) => item.orderGid),
      lineItems.map((item) => item.shopifyGid),
      lineItems.map((item) => item.productGid),
      lineItems.map((item) => item.variantGid),
      lineItems.map((item) => item.title),
      lineItems.map((item) => item.quantity),
      lineItems.map((item) => item.unitPrice),
    ],
  );
  return Number(result.rows[0]?.written ?? 0);
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
