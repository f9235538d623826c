import pg from "pg";
import { openDatabase } from "../app/infra/db/database";
import { upsertOrders, upsertCustomers } from "../app/infra/db/repositories/commerce-write-repository";
const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/test" }); await admin.connect();
await admin.query("DROP DATABASE IF EXISTS prof"); await admin.query("CREATE DATABASE prof");
const db = await openDatabase({ url: "postgres://postgres@127.0.0.1:5432/prof", poolSize: 2 }); await db.migrate();
const shopId = (await db.pool.query(`INSERT INTO "Shop" (id, domain, currency, "installedAt", "createdAt", "updatedAt") VALUES ('s','x','USD',now(),now(),now()) RETURNING id`)).rows[0].id;
const custs = Array.from({length: 5000}, (_, i) => ({ shopifyGid: `gid://shopify/Customer/${i}`, firstName: "a", lastName: "b", email: "e", phone: null, city: null, countryCode: null, shopifyCreatedAt: new Date(), shopifyUpdatedAt: new Date() }));
let t = performance.now(); await upsertCustomers(db.pool, shopId, custs); console.log("customers 5000", performance.now() - t);
for (let b = 0; b < 4; b++) {
const orders = Array.from({length: 5000}, (_, i) => ({ shopifyGid: `gid://shopify/Order/${b}_${i}`, name: "#1", customerGid: `gid://shopify/Customer/${i % 5000}`, currency: "USD", totalPrice: "10.00", subtotalPrice: "9", totalDiscounts: "0", discountCodes: [], placedAt: new Date(), processedAt: new Date(), cancelledAt: null, shopifyUpdatedAt: new Date(), lineItems: [1,2].map(k => ({ shopifyGid: `gid://shopify/LineItem/${b}_${i}_${k}`, productGid: "p", variantGid: "v", title: "t", quantity: 1, unitPrice: "4.50" })) }));
t = performance.now(); if (b === 3) { const q = { query: async (sql: string, params: unknown[]) => { const r = await db.pool.query("EXPLAIN (ANALYZE) " + sql, params); console.log(r.rows.map((x: any) => x["QUERY PLAN"]).join("\n")); return { rows: [] }; } }; await upsertOrders(q as any, shopId, orders); } else await upsertOrders(db.pool, shopId, orders); console.log("orders 5000", performance.now() - t);
}
await db.close(); await admin.query("DROP DATABASE prof WITH (FORCE)"); await admin.end();
