import { readFileSync } from "node:fs";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedDemoShop } from "../../../app/infra/demo/seed-demo-shop";
import { DEAD_LETTER_QUEUE, JOB_TYPES } from "../../../app/infra/jobs/job-kinds";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";
import { DEMO_SHOP, webhookHeaders } from "../../support/shopify-signing";
import { buildTestApp } from "../../support/test-app";
import { processWebhookDeliveries, webhookDeliverer } from "../../support/webhook-delivery";

const ORDER = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../fixtures/webhooks/orders-create.json"), "utf8"));
const orderWithId = (id: number, changes: Record<string, unknown> = {}) => ({ ...ORDER, id, admin_graphql_api_id: `gid://shopify/Order/${id}`, ...changes });

/** Ingest answers once the delivery is committed as a job (batched with concurrent ones); workers apply it. */
describe.each(databaseBackends())("webhook ingest on %s", (backend) => {
  let db: TestDatabase;
  let harness: ReturnType<typeof buildTestApp>;

  const post = (topic: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    return request(harness.app).post("/api/webhooks").set(webhookHeaders({ body, topic })).send(body);
  };
  const storedDeliveries = async () =>
    (await db.pool.query<{ gid: string }>(`SELECT data->'payload'->'body'->>'admin_graphql_api_id' AS gid FROM pgboss.job WHERE name = $1`, [JOB_TYPES.webhookDelivery])).rows.map((row) => row.gid);
  const appliedOrders = async (gids: string[]) =>
    new Set((await db.pool.query<{ gid: string }>(`SELECT "shopifyGid" AS gid FROM "Order" WHERE "shopifyGid" = ANY($1)`, [gids])).rows.map((row) => row.gid));

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 4, now: new Date("2026-11-01T00:00:00Z"), customerCount: 20 });
    harness = buildTestApp(db, { LOG_LEVEL: "silent" });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("stores concurrent deliveries with fewer inserts than deliveries, answers 200 before applying, and applies each once", async () => {
    const orders = Array.from({ length: 40 }, (_, i) => orderWithId(5_600_000_000_000 + i));
    const gids = orders.map((order) => order.admin_graphql_api_id as string);
    const query = vi.spyOn(db.pool, "query");
    let responses: request.Response[];
    let statements: string[];
    try {
      responses = await Promise.all(orders.map((order) => post("orders/create", order)));
      statements = query.mock.calls.map(([text]) => String(text));
    } finally {
      query.mockRestore();
    }
    expect(responses.map((response) => response.status)).toEqual(orders.map(() => 200));
    const inserts = statements.filter((text) => /INSERT INTO/.test(text));
    expect(inserts.length).toBeGreaterThan(0);
    expect(inserts.length).toBeLessThan(orders.length);
    // Answered 200 means committed as a job, not applied yet.
    expect((await storedDeliveries()).sort()).toEqual([...gids].sort());
    expect((await appliedOrders(gids)).size).toBe(0);
    // Only what the order handler reads is stored: the buyer's email and name never reach the queue.
    const { rows: stored } = await db.pool.query<{ body: Record<string, unknown> }>(`SELECT data->'payload'->'body' AS body FROM pgboss.job WHERE name = $1 LIMIT 1`, [JOB_TYPES.webhookDelivery]);
    expect(stored[0].body.customer).toEqual({ id: ORDER.customer.id, admin_graphql_api_id: ORDER.customer.admin_graphql_api_id });
    expect(stored[0].body).not.toHaveProperty("email");
    expect((stored[0].body.line_items as { product_id: number; quantity: number }[]).map((item) => [item.product_id, item.quantity])).toEqual(ORDER.line_items.map((item: { product_id: number; quantity: number }) => [item.product_id, item.quantity]));
    const jobText = (await db.pool.query<{ text: string }>(`SELECT string_agg(data::text, '') AS text FROM pgboss.job WHERE name = $1`, [JOB_TYPES.webhookDelivery])).rows[0].text;
    for (const pii of [ORDER.email, ORDER.customer.first_name, ORDER.customer.last_name]) expect(jobText).not.toContain(pii);

    expect(await processWebhookDeliveries(harness.jobs)).toBe(orders.length);
    expect((await appliedOrders(gids)).size).toBe(orders.length);
    expect(await storedDeliveries()).toEqual([]);
    // Each order's follow-up work was enqueued in its delivery's transaction.
    const followUps = await db.pool.query(`SELECT 1 FROM pgboss.job WHERE name = $1 AND data->'payload'->>'orderGid' = ANY($2)`, [JOB_TYPES.orderOffers, gids]);
    expect(followUps.rowCount).toBe(orders.length);
  });

  it("records when a delivery was received, not when a worker applied it", async () => {
    const body = JSON.stringify(orderWithId(5_600_000_003_000));
    const webhookId = "received-at-ingest";
    const before = Date.now();
    await request(harness.app).post("/api/webhooks").set(webhookHeaders({ body, topic: "orders/create", webhookId })).send(body).expect(200);
    const after = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const applying = Date.now();
    await processWebhookDeliveries(harness.jobs);
    const { rows } = await db.pool.query<{ receivedAt: Date }>(`SELECT "receivedAt" FROM "WebhookDelivery" WHERE "webhookId" = $1`, [webhookId]);
    const receivedAt = rows[0].receivedAt.getTime();
    expect(receivedAt).toBeGreaterThanOrEqual(before - 5);
    expect(receivedAt).toBeLessThanOrEqual(after + 5);
    expect(receivedAt).toBeLessThan(applying - 1_000);
  });

  it("answers 5xx when the database refuses the insert, and loses nothing it answered 200", async () => {
    // The database refuses any job whose order has this name (as a full disk or a failover would refuse).
    await db.pool.query(`ALTER TABLE pgboss.job ADD CONSTRAINT refuse_marked_webhooks CHECK (data->'payload'->'body'->>'name' IS DISTINCT FROM 'refuse') NOT VALID`);
    const orders = Array.from({ length: 30 }, (_, i) => orderWithId(5_600_000_001_000 + i, i % 10 === 0 ? { name: "refuse" } : {}));
    let responses: request.Response[];
    try {
      // Sent in waves, so some batches hold a refused delivery and others do not.
      responses = [];
      for (let start = 0; start < orders.length; start += 5) {
        responses.push(...(await Promise.all(orders.slice(start, start + 5).map((order) => post("orders/create", order)))));
      }
    } finally {
      await db.pool.query(`ALTER TABLE pgboss.job DROP CONSTRAINT refuse_marked_webhooks`);
    }
    const answered = orders.filter((_, i) => responses[i].status === 200).map((order) => order.admin_graphql_api_id as string);
    const refused = orders.filter((_, i) => responses[i].status !== 200).map((order) => order.admin_graphql_api_id as string);
    // Every delivery of a refused batch is refused (Shopify retries it), never answered 200 without a job.
    for (const [i, order] of orders.entries()) if (order.name === "refuse") expect(responses[i].status).toBeGreaterThanOrEqual(500);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(answered.length).toBeGreaterThan(0);
    for (const response of responses) expect([200, 500, 503]).toContain(response.status);

    await processWebhookDeliveries(harness.jobs);
    const applied = await appliedOrders(orders.map((order) => order.admin_graphql_api_id as string));
    expect(answered.filter((gid) => !applied.has(gid))).toEqual([]);
    expect(refused.filter((gid) => applied.has(gid))).toEqual([]);
  });

  it("customers/redact removes the shop's stored deliveries that name the customer, waiting or dead-lettered", async () => {
    const pii = { id: 7_012_345_670_001, email: "Stored.Delivery@example.org", first_name: "Quentin", last_name: "Queuedsworth" };
    const customer = { ...pii, updated_at: "2026-10-20T00:00:00Z" };
    const order = orderWithId(5_600_000_002_000, { email: pii.email.toLowerCase(), customer: { id: pii.id, email: pii.email, first_name: pii.first_name } });
    const other = orderWithId(5_600_000_002_001, { email: "someone.else@example.org", customer: { id: 7_012_345_670_002 } });
    // A delivery waiting for its retry (its first attempt failed), another's dead letter, and an unrelated one.
    const waiting = { shopDomain: DEMO_SHOP, type: JOB_TYPES.webhookDelivery, runAt: new Date(Date.now() + 3_600_000) } as const;
    await harness.jobs.queue.enqueue(db.pool, { ...waiting, payload: { topic: "customers/update", webhookId: "stored-1", apiVersion: "2026-10", body: customer } });
    await harness.jobs.queue.enqueue(db.pool, { ...waiting, payload: { topic: "orders/updated", webhookId: "stored-2", apiVersion: "2026-10", body: order } });
    await harness.jobs.queue.enqueue(db.pool, { ...waiting, payload: { topic: "orders/updated", webhookId: "stored-3", apiVersion: "2026-10", body: other } });
    await db.pool.query(
      `INSERT INTO pgboss.job (name, data) VALUES ($1, $2)`,
      [DEAD_LETTER_QUEUE, { shopDomain: DEMO_SHOP, payload: { topic: "orders/create", webhookId: "stored-4", apiVersion: "2026-10", body: { ...order, email: null } } }],
    );
    const rowsText = async () => (await db.pool.query<{ row: string }>(`SELECT t::text AS row FROM pgboss.job t`)).rows.map((row) => row.row).join("\n");
    expect(await rowsText()).toContain(pii.last_name);

    await webhookDeliverer(harness)("customers/redact", { shop_domain: DEMO_SHOP, customer: { id: pii.id, email: pii.email }, orders_to_redact: [order.id] }).expect(200);

    const text = await rowsText();
    for (const value of [pii.email, pii.email.toLowerCase(), pii.first_name, pii.last_name, String(pii.id)]) expect(text).not.toContain(value);
    expect(text).toContain(other.admin_graphql_api_id);
    // The order that was still waiting is not lost with its payload: it is kept, anonymously.
    const kept = await db.prisma.order.findFirst({ where: { shopifyGid: order.admin_graphql_api_id }, select: { customerId: true } });
    expect(kept).not.toBeNull();
    const owner = kept!.customerId ? await db.prisma.customer.findUnique({ where: { id: kept!.customerId } }) : null;
    expect(owner?.shopifyGid ?? null).not.toBe(`gid://shopify/Customer/${pii.id}`);
    expect(JSON.stringify(owner)).not.toContain(pii.first_name);
  });
});
