import { readFileSync } from "node:fs";
import path from "node:path";
import { Session } from "@shopify/shopify-api";
import type { MockAgent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopRepository } from "../../../app/infra/db/repositories/shop-repository";
import { SyncRunRepository } from "../../../app/infra/db/repositories/sync-run-repository";
import { createShopifyAdminClient } from "../../../app/infra/shopify/shopify-admin-client";
import { backfillShop } from "../../../app/infra/sync/backfill-shop";
import { installShop } from "../../../app/infra/sync/install-shop";
import { JobQueue } from "../../../app/infra/jobs/job-queue";
import { silentJobLogger } from "../../support/job-queue";
import { GRAPHQL_PATH, installMockAgent, JSON_HEADERS, testShopifyApi as api } from "../../support/admin-api-mock";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";

const SHOP = "backfill-shop.myshopify.com";
const FILES = "https://storage.example-bulk.com";
const cost = { cost: { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 } } };
const reply = (data: unknown) => JSON.stringify({ data, extensions: cost });
const bulkFixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, "../../fixtures/bulk", name), "utf8");

describe.each(databaseBackends())("install and bulk-operation backfill on %s (recorded Admin API)", (backend) => {
  let db: TestDatabase;
  let agent: MockAgent;
  let restore: () => Promise<void>;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
    ({ agent, restore } = installMockAgent());
  });
  afterAll(async () => {
    await restore?.();
    await db?.close();
  });

  it("records the shop, requests the backfill, then imports both bulk results and scores the shop", async () => {
    const admin = agent.get(`https://${SHOP}`);
    const graphql = (data: unknown) => admin.intercept({ path: GRAPHQL_PATH, method: "POST" }).reply(200, reply(data), JSON_HEADERS);
    const client = createShopifyAdminClient(api, new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "s", isOnline: false, accessToken: "shpat_x" }), {
      sleep: async () => {},
    });

    graphql({ shop: { name: "Backfill Shop", currencyCode: "EUR", plan: { displayName: "Basic" } } });
    const jobs = new JobQueue(db.pool, silentJobLogger);
    await installShop({ shopDomain: SHOP, admin: client, shops: new ShopRepository(db.prisma), pool: db.pool, prisma: db.prisma, jobs, now: new Date() });
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(shop).toMatchObject({ currency: "EUR", plan: "Basic", uninstalledAt: null });
    expect(await jobs.waiting("backfill", SHOP)).toHaveLength(1);
    await jobs.stop();

    graphql({ bulkOperationRunQuery: { bulkOperation: { id: "gid://shopify/BulkOperation/1", status: "CREATED" }, userErrors: [] } });
    graphql({ bulkOperation: { id: "gid://shopify/BulkOperation/1", status: "RUNNING", errorCode: null, objectCount: "2", url: null } });
    graphql({ bulkOperation: { id: "gid://shopify/BulkOperation/1", status: "COMPLETED", errorCode: null, objectCount: "5", url: `${FILES}/customers.jsonl` } });
    graphql({ bulkOperationRunQuery: { bulkOperation: { id: "gid://shopify/BulkOperation/2", status: "CREATED" }, userErrors: [] } });
    graphql({ bulkOperation: { id: "gid://shopify/BulkOperation/2", status: "COMPLETED", errorCode: null, objectCount: "19", url: `${FILES}/orders.jsonl` } });
    agent.get(FILES).intercept({ path: "/customers.jsonl", method: "GET" }).reply(200, bulkFixture("customers-with-malformed.jsonl"));
    agent.get(FILES).intercept({ path: "/orders.jsonl", method: "GET" }).reply(200, bulkFixture("orders-with-malformed.jsonl"));

    const scored: string[] = [];
    await backfillShop({
      pool: db.pool,
      syncRuns: new SyncRunRepository(db.prisma),
      admin: client,
      scoring: { scoreShop: async (domain, trigger) => void scored.push(`${domain}:${trigger}`), rescoreCustomer: async () => {} },
      shop,
      sleep: async () => {},
    });
    expect(scored).toEqual([`${SHOP}:sync`]);
    const runs = await db.prisma.syncRun.findMany({ where: { shopId: shop.id }, orderBy: { resource: "asc" } });
    expect(runs.map((run) => [run.resource, run.status, run.bulkOperationId, run.totalLines, run.ordersImported, run.customersImported])).toEqual([
      ["customers", "succeeded", "gid://shopify/BulkOperation/1", 5, 0, 4],
      ["orders", "succeeded", "gid://shopify/BulkOperation/2", 19, 5, 0],
    ]);
    expect(await db.prisma.order.count({ where: { shopId: shop.id } })).toBe(5);
    agent.assertNoPendingInterceptors();
  });
});
