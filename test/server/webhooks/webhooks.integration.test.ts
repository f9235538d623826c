import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../app/infra/demo/seed-demo-shop";
import type { ScoringHooks } from "../../../app/infra/jobs/scoring-hooks";
import { JOB_TYPES } from "../../../app/infra/jobs/job-kinds";
import { waitingJobCount } from "../../support/job-queue";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";
import { tombstoneHash } from "../../../app/infra/db/repositories/customer-tombstones";
import { DEMO_SHOP, TEST_SECRET, webhookHeaders } from "../../support/shopify-signing";
import { buildTestApp } from "../../support/test-app";
import { webhookDeliverer } from "../../support/webhook-delivery";
import { orderWithCustomer } from "../../support/commerce-queries";

const ORDER = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../fixtures/webhooks/orders-create.json"), "utf8"));
const ORDER_GID = ORDER.admin_graphql_api_id as string;
const CUSTOMER_GID = ORDER.customer.admin_graphql_api_id as string;

/** Every text value of every row of every table: what a privacy test must not find PII in. */
/**
 * Every row of the app's tables and of pg-boss's (job payloads outlive requests), as text. The record of the
 * shop/redact job itself names the shop until pg-boss deletes it an hour after it finished (JOB_KIND_QUEUES).
 */
async function allRowsText(db: TestDatabase): Promise<string> {
  const tables = await db.pool.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE'`,
  );
  const parts: string[] = [];
  for (const { schema, name } of tables.rows) {
    const rows = await db.pool.query<{ row: string }>(`SELECT t::text AS row FROM "${schema}"."${name}" t`);
    parts.push(...rows.rows.map((row) => `${schema}.${name}: ${row.row}`).filter((line) => !line.includes(`,${JOB_TYPES.shopRedact},`)));
  }
  return parts.join("\n");
}

describe.each(databaseBackends())("webhooks on %s", (backend) => {
  let db: TestDatabase;
  let harness: ReturnType<typeof buildTestApp>;
  const rescored: string[] = [];
  const scoring: ScoringHooks = {
    async scoreShop() {},
    async rescoreCustomer(_shop, customerId) {
      rescored.push(customerId);
    },
  };

  // Answered once stored; processed here as a worker would before the test looks at the effect.
  let deliver: ReturnType<typeof webhookDeliverer>;
  /** How many deliveries of this webhook id were applied (not found already handled) by the workers. */
  const applied = (logs: string, webhookId: string) =>
    logs.split("\n").filter((line) => line.includes(`"webhookId":"${webhookId}"`) && line.includes('"msg":"webhook handled"')).length;
  const orderCount = async () => (await request(harness.app).get("/api/overview").expect(200)).body.orders as number;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 3, now: new Date("2026-11-01T00:00:00Z"), customerCount: 40 });
    harness = buildTestApp(db, {}, { scoring });
    deliver = webhookDeliverer(harness);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("adds exactly one order for a signed orders/create, visible in /api/overview, and re-scores its customer", async () => {
    const before = await orderCount();
    const response = await deliver("orders/create", ORDER).expect(200);
    expect(response.body).toMatchObject({ handled: true });
    expect(await orderCount()).toBe(before + 1);
    const order = await orderWithCustomer(db.prisma, { shopifyGid: ORDER_GID });
    expect(order.totalPrice.toFixed(2)).toBe("98.50");
    expect(order.discountCodes).toEqual(["WELCOME10"]);
    expect((order.lineItems as { productGid: string }[]).map((item) => item.productGid).sort()).toEqual(["gid://shopify/Product/632910392", "gid://shopify/Product/632910393"]);
    expect(order.customer?.shopifyGid).toBe(CUSTOMER_GID);
    // The customer is linked at once; their own record (customers/create) fills in the details.
    expect(order.customer?.email).toBeNull();

    await harness.jobs.runUntilIdle();
    expect(rescored).toEqual([order.customerId]);
  });

  it("answers 401 to a forged or missing HMAC and changes nothing", async () => {
    const payload = { ...ORDER, id: 5678901239999, admin_graphql_api_id: "gid://shopify/Order/5678901239999" };
    const deliveries = await db.prisma.webhookDelivery.count();
    await deliver("orders/create", payload, { secret: "forged" }).expect(401);
    const body = JSON.stringify(payload);
    const headers = webhookHeaders({ body, topic: "orders/create" });
    delete (headers as Record<string, string>)["X-Shopify-Hmac-Sha256"];
    await request(harness.app).post("/api/webhooks").set(headers).send(body).expect(401);
    expect(await db.prisma.order.count({ where: { shopifyGid: payload.admin_graphql_api_id } })).toBe(0);
    expect(await db.prisma.webhookDelivery.count()).toBe(deliveries);
  });

  it("answers 200 to a replayed delivery without a second effect", async () => {
    const webhookId = "replayed-delivery-1";
    const payload = { ...ORDER, total_price: "120.00", total_price_set: { shop_money: { amount: "120.00" } }, updated_at: "2026-10-21T00:00:00Z" };
    await deliver("orders/updated", payload, { webhookId }).expect(200);
    const jobs = await waitingJobCount(harness.jobs.queue);
    await db.prisma.order.updateMany({ where: { shopifyGid: ORDER_GID }, data: { totalPrice: "1.00", shopifyUpdatedAt: null } });
    await deliver("orders/updated", payload, { webhookId }).expect(200);
    expect(applied(harness.logs.text(), webhookId)).toBe(1);
    // Not re-applied: the marker written in between survives, and no job was added.
    expect((await db.prisma.order.findFirstOrThrow({ where: { shopifyGid: ORDER_GID } })).totalPrice.toFixed(2)).toBe("1.00");
    expect(await waitingJobCount(harness.jobs.queue)).toBe(jobs);
    await deliver("orders/updated", payload).expect(200);
  });

  it("stores exactly one order for 50 concurrent deliveries of the same orders/create (same and distinct ids)", async () => {
    const payload = { ...ORDER, id: 5678901230050, admin_graphql_api_id: "gid://shopify/Order/5678901230050" };
    const sameId = await Promise.all(Array.from({ length: 50 }, () => deliver("orders/create", payload, { webhookId: "concurrent-1" })));
    expect(sameId.every((response) => response.status === 200)).toBe(true);
    expect(applied(harness.logs.text(), "concurrent-1")).toBe(1);
    expect(await db.prisma.webhookDelivery.count({ where: { webhookId: "concurrent-1" } })).toBe(1);
    const distinct = await Promise.all(Array.from({ length: 50 }, () => deliver("orders/create", payload)));
    expect(distinct.every((response) => response.status === 200)).toBe(true);
    expect(await db.prisma.order.count({ where: { shopifyGid: payload.admin_graphql_api_id } })).toBe(1);
    const order = await db.prisma.order.findFirstOrThrow({ where: { shopifyGid: payload.admin_graphql_api_id } });
    expect(order.lineItems).toHaveLength(2);
  });

  it("never lets an older updated_at overwrite newer data (orders and customers)", async () => {
    const newer = { ...ORDER, cancelled_at: "2026-10-22T00:00:00Z", updated_at: "2026-10-22T00:00:00Z" };
    const older = { ...ORDER, cancelled_at: null, updated_at: "2026-10-20T15:00:00Z", line_items: [ORDER.line_items[0]] };
    await deliver("orders/cancelled", newer).expect(200);
    await deliver("orders/updated", older).expect(200);
    const order = await db.prisma.order.findFirstOrThrow({ where: { shopifyGid: ORDER_GID } });
    expect(order.cancelledAt?.toISOString()).toBe("2026-10-22T00:00:00.000Z");
    expect(order.lineItems).toHaveLength(2);

    const customer = { id: 7012345678901, email: "jon.new@example.com", first_name: "Jon", last_name: "Snow", updated_at: "2026-10-23T00:00:00Z" };
    await deliver("customers/update", customer).expect(200);
    await deliver("customers/create", { ...customer, email: "jon@example.com", updated_at: "2026-10-20T10:00:05-04:00" }).expect(200);
    expect((await db.prisma.customer.findFirstOrThrow({ where: { shopifyGid: CUSTOMER_GID } })).email).toBe("jon.new@example.com");
  });

  it("answers 400 naming the field for a payload that fails validation, and records nothing", async () => {
    const response = await deliver("orders/create", { ...ORDER, created_at: "not a date", id: 1 }, { webhookId: "invalid-1" }).expect(400);
    expect(response.body.error.message).toContain("created_at");
    expect(await db.prisma.webhookDelivery.count({ where: { webhookId: "invalid-1" } })).toBe(0);
  });

  it("exports a customer's data on customers/data_request and lists it at /api/privacy/requests", async () => {
    const response = await deliver("customers/data_request", {
      shop_id: 1,
      shop_domain: DEMO_SHOP,
      orders_requested: [5678901234567],
      customer: { id: 7012345678901, email: "jon.new@example.com", phone: null },
      data_request: { id: 9999 },
    }).expect(200);
    expect(response.body.handled).toBe(true);
    const list = await request(harness.app).get("/api/privacy/requests").expect(200);
    const entry = list.body.requests.find((item: { kind: string }) => item.kind === "customers/data_request");
    expect(entry).toMatchObject({ status: "completed", shopifyCustomerId: CUSTOMER_GID, ordersRequested: [ORDER_GID] });
    const detail = await request(harness.app).get(`/api/privacy/requests/${entry.id}`).expect(200);
    expect(detail.body.request.export.customer).toMatchObject({ id: CUSTOMER_GID, email: "jon.new@example.com", firstName: "Jon" });
    expect(detail.body.request.export.orders.map((order: { id: string }) => order.id)).toContain(ORDER_GID);
    await request(harness.app).get("/api/privacy/requests/not-a-uuid").expect(400);
  });

  it("anonymises the customer everywhere on customers/redact while aggregates stay", async () => {
    const pii = { id: 7012345678902, email: "zebulon.quixote@example.org", first_name: "Zebulon", last_name: "Quixotez", phone: "+15550001234", updated_at: "2026-10-20T00:00:00Z", default_address: { city: "Xanaduville", country_code: "CA" } };
    await deliver("customers/create", pii).expect(200);
    const order = { ...ORDER, id: 5678901230077, admin_graphql_api_id: "gid://shopify/Order/5678901230077", customer: { id: pii.id } };
    await deliver("orders/create", order).expect(200);
    await deliver("customers/data_request", { customer: { id: pii.id, email: pii.email }, orders_requested: [] }).expect(200);
    expect(await allRowsText(db)).toContain(pii.email);
    const overview = (await request(harness.app).get("/api/overview").expect(200)).body;

    await deliver("customers/redact", { shop_domain: DEMO_SHOP, customer: { id: pii.id, email: pii.email, phone: pii.phone }, orders_to_redact: [order.id] }).expect(200);
    const text = await allRowsText(db);
    for (const value of [pii.email, pii.first_name, pii.last_name, pii.phone, pii.default_address.city]) expect(text).not.toContain(value);
    expect(await db.prisma.customer.count({ where: { redactedAt: { not: null } } })).toBe(1);
    expect((await request(harness.app).get("/api/overview").expect(200)).body).toEqual(overview);
  });

  it("keeps a redacted customer erased when Shopify delivers a late customers/update or orders/updated", async () => {
    const pii = { id: 7012345678955, email: "late.ghost@example.org", first_name: "Lazarus", last_name: "Returnson", phone: "+15550009876", updated_at: "2026-10-20T00:00:00Z" };
    const gid = `gid://shopify/Customer/${pii.id}`;
    await deliver("customers/create", pii).expect(200);
    const order = { ...ORDER, id: 5678901230155, admin_graphql_api_id: "gid://shopify/Order/5678901230155", customer: { id: pii.id, email: pii.email, first_name: pii.first_name } };
    await deliver("orders/create", order).expect(200);
    const redacted = await db.prisma.customer.findFirstOrThrow({ where: { shopifyGid: gid } });
    await deliver("customers/redact", { shop_domain: DEMO_SHOP, customer: { id: pii.id, email: pii.email }, orders_to_redact: [order.id] }).expect(200);

    // Shopify's retries and queued updates arrive after the erasure, newer than anything stored.
    await deliver("customers/update", { ...pii, updated_at: "2026-11-02T00:00:00Z" }).expect(200);
    await deliver("orders/updated", { ...order, updated_at: "2026-11-02T00:00:00Z" }).expect(200);

    const text = await allRowsText(db);
    for (const value of [pii.email, pii.first_name, pii.last_name, pii.phone, gid, String(pii.id)]) expect(text).not.toContain(value);
    expect(await db.prisma.customer.count({ where: { shopifyGid: gid } })).toBe(0);
    const stored = await db.prisma.order.findFirstOrThrow({ where: { shopifyGid: order.admin_graphql_api_id } });
    expect(stored.customerId).toBe(redacted.id);
  });

  it("keys the tombstone with the server's secret: nothing in the database reproduces it from a guessed GID", async () => {
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
    const pii = { id: 7012345678977, email: "sequential.guess@example.org", first_name: "Guess", updated_at: "2026-10-20T00:00:00Z" };
    const gid = `gid://shopify/Customer/${pii.id}`;
    await deliver("customers/create", pii).expect(200);
    const before = new Set((await db.prisma.customerTombstone.findMany({ where: { shopId: shop.id } })).map((row) => row.gidHash));
    await deliver("customers/redact", { shop_domain: DEMO_SHOP, customer: { id: pii.id, email: pii.email }, orders_to_redact: [] }).expect(200);
    const added = (await db.prisma.customerTombstone.findMany({ where: { shopId: shop.id } })).filter((row) => !before.has(row.gidHash));
    expect(added).toHaveLength(1);
    const stored = added[0].gidHash;

    // What someone holding only the database can compute for a candidate GID: the shop's id sits beside the hash.
    const fromDatabaseAlone = [
      createHmac("sha256", shop.id).update(gid).digest("base64url"), // the former key
      createHmac("sha256", gid).update(shop.id).digest("base64url"),
      createHash("sha256").update(gid).digest("base64url"),
      createHash("sha256").update(`${shop.id}${gid}`).digest("base64url"),
    ];
    expect(fromDatabaseAlone).not.toContain(stored);
    // Only the app's secret (here the development one, demo mode) reproduces it.
    expect(tombstoneHash(shop.id, gid, TEST_SECRET)).toBe(stored);
    expect(tombstoneHash(shop.id, gid, "another-app-secret")).not.toBe(stored);

    await deliver("customers/update", { ...pii, updated_at: "2026-11-03T00:00:00Z" }).expect(200);
    expect(await db.prisma.customer.count({ where: { shopifyGid: gid } })).toBe(0);
  });

  it("still recognises a tombstone written before the server key (keyed by the shop id)", async () => {
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
    const gid = "gid://shopify/Customer/7012345678988";
    await db.prisma.customerTombstone.create({ data: { shopId: shop.id, gidHash: createHmac("sha256", shop.id).update(gid).digest("base64url"), redactedAt: new Date() } });
    await deliver("customers/update", { id: 7012345678988, email: "before.change@example.org", first_name: "Legacy", updated_at: "2026-11-03T00:00:00Z" }).expect(200);
    expect(await db.prisma.customer.count({ where: { shopifyGid: gid } })).toBe(0);
    expect(await allRowsText(db)).not.toContain("before.change@example.org");
  });

  it("never lets an orders/updated without updated_at overwrite a timestamped order", async () => {
    const id = 5678901230199;
    const order = { ...ORDER, id, admin_graphql_api_id: `gid://shopify/Order/${id}`, cancelled_at: "2026-10-25T00:00:00Z", updated_at: "2026-10-25T00:00:00Z" };
    await deliver("orders/create", order).expect(200);
    await deliver("orders/updated", { ...order, cancelled_at: null, line_items: [ORDER.line_items[0]], updated_at: null }).expect(200);
    await deliver("orders/updated", { ...order, cancelled_at: null, line_items: [ORDER.line_items[0]], updated_at: undefined }).expect(200);
    const stored = await db.prisma.order.findFirstOrThrow({ where: { shopifyGid: order.admin_graphql_api_id } });
    expect(stored.cancelledAt?.toISOString()).toBe("2026-10-25T00:00:00.000Z");
    expect(stored.lineItems).toHaveLength(ORDER.line_items.length);
    expect(stored.shopifyUpdatedAt?.toISOString()).toBe("2026-10-25T00:00:00.000Z");
  });

  it("never lets a customer webhook without updated_at overwrite newer data", async () => {
    const customer = { id: 7012345678966, email: "kept@example.org", first_name: "Kept", updated_at: "2026-10-25T00:00:00Z" };
    await deliver("customers/create", customer).expect(200);
    await deliver("customers/update", { ...customer, first_name: "Stale", email: "stale@example.org", updated_at: null }).expect(200);
    const stored = await db.prisma.customer.findFirstOrThrow({ where: { shopifyGid: `gid://shopify/Customer/${customer.id}` } });
    expect(stored).toMatchObject({ firstName: "Kept", email: "kept@example.org" });
    expect(stored.shopifyUpdatedAt?.toISOString()).toBe("2026-10-25T00:00:00.000Z");
  });

  it("deletes every row of the shop on shop/redact", async () => {
    const other = "other-shop.myshopify.com";
    const shop = await db.prisma.shop.create({ data: { domain: other, currency: "EUR", installedAt: new Date() } });
    await db.prisma.session.create({ data: { id: `offline_${other}`, shop: other, state: "s", accessToken: "shpat_x" } });
    await deliver("customers/create", { id: 1, email: "someone@other.example" }, { shop: other }).expect(200);
    await deliver("orders/create", { ...ORDER, customer: { id: 1 } }, { shop: other }).expect(200);
    await deliver("customers/data_request", { customer: { id: 1 } }, { shop: other }).expect(200);
    await deliver("app/uninstalled", { id: 1 }, { shop: other }).expect(200);
    await deliver("shop/redact", { shop_id: 2, shop_domain: other }, { shop: other }).expect(200);
    await harness.jobs.runUntilIdle();
    const text = await allRowsText(db);
    expect(text).not.toContain(other);
    expect(text).not.toContain(shop.id);
    // The demo shop is untouched.
    expect(await db.prisma.order.count({ where: { shopId: (await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } })).id } })).toBeGreaterThan(10);
  });
});
