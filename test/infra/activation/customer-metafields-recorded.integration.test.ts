import { readFileSync } from "node:fs";
import path from "node:path";
import { Session } from "@shopify/shopify-api";
import type { MockAgent } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { callsFor, CUSTOMER_METAFIELD_KEYS, customerMetafieldValues } from "../../../app/domain/activation/customer-metafields";
import { syncCustomerMetafields } from "../../../app/infra/activation/customer-metafield-sync";
import { ensureMetafieldDefinitions } from "../../../app/infra/activation/metafield-definitions";
import { createShopifyAdminClient } from "../../../app/infra/shopify/shopify-admin-client";
import { GRAPHQL_PATH, installMockAgent, JSON_HEADERS, testShopifyApi as api } from "../../support/admin-api-mock";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";
import { defaultScoreFields, seedScoredCustomers, writeScores, type ScoredCustomer } from "../../support/scored-customers";

const SHOP = "recorded-metafields.myshopify.com";
const NOW = new Date("2026-12-06T03:00:00Z");
const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, "../../fixtures/admin-api", name), "utf8");
const session = new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "state", isOnline: false, accessToken: "shpat_recorded" });

interface SentRequest {
  query: string;
  variables: Record<string, any>;
}

/**
 * Recorded Admin API responses (undici MockAgent) through the production client: what Encore sends for the
 * customer metafields, and how it reads Shopify's answers (TAKEN, THROTTLED, one refused owner).
 */
describe.each(databaseBackends())("customer metafields against recorded Admin API responses on %s", (backend) => {
  let db: TestDatabase;
  let agent: MockAgent;
  let restore: () => Promise<void>;
  let sent: SentRequest[];
  let clientSleeps: number[];
  let shopCount = 0;

  const admin = () =>
    createShopifyAdminClient(api, session, {
      sleep: async (ms) => {
        clientSleeps.push(ms);
      },
      policy: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000 },
    });
  /** The next request answers with this fixture (in order), recording what was sent. */
  const answer = (name: string, times = 1) =>
    agent
      .get(`https://${SHOP}`)
      .intercept({ path: GRAPHQL_PATH, method: "POST" })
      .reply(
        200,
        (options) => {
          sent.push(JSON.parse(String(options.body)));
          return fixture(name);
        },
        JSON_HEADERS,
      )
      .times(times);
  const newShop = (count: number, definitionsAt: Date | null = NOW) =>
    seedScoredCustomers(db, { shopDomain: `shop-${++shopCount}.myshopify.com`, count, scoredAt: NOW, metafieldDefinitionsAt: definitionsAt });

  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(() => {
    ({ agent, restore } = installMockAgent());
    sent = [];
    clientSleeps = [];
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await restore();
  });

  describe("definitions", () => {
    it("creates the six definitions once at install, app-owned and read-only for the merchant", async () => {
      const { shopId } = await newShop(0, null);
      answer("metafield-definitions-none.json");
      answer("metafield-definition-create.json", 6);
      const report = await ensureMetafieldDefinitions({ prisma: db.prisma, admin: admin(), shopId, now: NOW });
      expect(report).toEqual({ created: [...CUSTOMER_METAFIELD_KEYS], existing: [], degraded: [], failed: [] });
      expect(sent[0].query).toContain("query EncoreMetafieldDefinitions");
      expect(sent[0].variables).toEqual({ namespace: "$app:encore" });
      const inputs = sent.slice(1).map((request) => request.variables.definition);
      expect(inputs.map((input) => input.key)).toEqual([...CUSTOMER_METAFIELD_KEYS]);
      expect(inputs[0]).toEqual({
        ownerType: "CUSTOMER",
        namespace: "$app:encore",
        key: "repeat_likelihood_90d",
        name: "Repeat likelihood (90 days)",
        description: expect.stringContaining("probability"),
        type: "number_decimal",
        validations: [
          { name: "min", value: "0" },
          { name: "max", value: "1" },
        ],
        access: { admin: "MERCHANT_READ", storefront: "NONE", customerAccount: "NONE" },
        capabilities: { adminFilterable: { enabled: true } },
        pin: true,
      });
      expect(inputs.map((input) => input.type)).toEqual(["number_decimal", "single_line_text_field", "number_integer", "single_line_text_field", "single_line_text_field", "date"]);
      expect((await db.prisma.shop.findUniqueOrThrow({ where: { id: shopId } })).metafieldDefinitionsAt).toEqual(NOW);
    });

    it("counts TAKEN as existing on a re-install, and skips what the listing already shows", async () => {
      const { shopId } = await newShop(0, null);
      answer("metafield-definitions-none.json");
      answer("metafield-definition-create-taken.json", 6);
      const reinstall = await ensureMetafieldDefinitions({ prisma: db.prisma, admin: admin(), shopId, now: NOW });
      expect(reinstall).toEqual({ created: [], existing: [...CUSTOMER_METAFIELD_KEYS], degraded: [], failed: [] });

      sent = [];
      answer("metafield-definitions-encore.json");
      const again = await ensureMetafieldDefinitions({ prisma: db.prisma, admin: admin(), shopId, now: NOW });
      expect(again.existing).toEqual([...CUSTOMER_METAFIELD_KEYS]);
      expect(sent).toHaveLength(1);
    });

    it("creates a definition unpinned when the shop's pins are used up", async () => {
      const { shopId } = await newShop(0, null);
      answer("metafield-definitions-none.json");
      answer("metafield-definition-create-pinned-limit.json");
      answer("metafield-definition-create.json", 6);
      const report = await ensureMetafieldDefinitions({ prisma: db.prisma, admin: admin(), shopId, now: NOW });
      expect(report.created).toHaveLength(6);
      expect(report.degraded).toEqual([{ key: "repeat_likelihood_90d", dropped: ["pin"] }]);
      expect(sent[1].variables.definition.pin).toBe(true);
      expect(sent[2].variables.definition.pin).toBe(false);
    });
  });

  describe("sync", () => {
    const setsIn = (requests: SentRequest[]) => requests.filter((request) => request.query.includes("mutation EncoreCustomerMetafieldsSet"));
    const expectedWrites = (customers: ScoredCustomer[]) =>
      customers.flatMap((customer, index) =>
        Object.entries(customerMetafieldValues(defaultScoreFields(index))).map(([key, value]) => ({
          ownerId: customer.gid,
          namespace: "$app:encore",
          key,
          type: expect.any(String),
          value,
        })),
      );

    it("writes every customer's metafields in calls of 25, then nothing while scores stay the same", async () => {
      const { shopId, customers } = await newShop(10);
      const writes = expectedWrites(customers);
      expect(writes).toHaveLength(10 * 6 - 2); // customers 3 and 7 have no expected next order
      answer("metafields-set.json", callsFor(writes.length));
      const report = await syncCustomerMetafields({ db, admin: admin(), shopId, now: NOW, pageSize: 4, sleep: async () => {} });
      expect(report).toMatchObject({ customersChecked: 10, customersChanged: 10, metafieldsWritten: 58, ownersSkipped: 0, calls: 3, costPoints: 30, throttledMs: 0 });
      const sets = setsIn(sent);
      expect(sets.map((request) => request.variables.metafields.length)).toEqual([25, 25, 8]);
      expect(sets.flatMap((request) => request.variables.metafields)).toEqual(writes);
      expect(sets[0].variables.metafields[0]).toEqual({ ownerId: customers[0].gid, namespace: "$app:encore", key: "repeat_likelihood_90d", type: "number_decimal", value: "0.10" });

      const stored = await db.prisma.customerActivation.findUniqueOrThrow({ where: { customerId: customers[3].id } });
      expect(stored.metafields).toEqual(customerMetafieldValues(defaultScoreFields(3)));
      expect(stored.metafieldsAt).toEqual(NOW);
      const run = await db.prisma.metafieldSyncRun.findUniqueOrThrow({ where: { id: report.runId } });
      expect(run).toMatchObject({ status: "succeeded", customersChecked: 10, customersChanged: 10, metafieldsWritten: 58, calls: 3, costPoints: 30 });

      // Unchanged scores: not one request (the MockAgent refuses any it has no answer for).
      sent = [];
      const second = await syncCustomerMetafields({ db, admin: admin(), shopId, now: NOW, sleep: async () => {} });
      expect(second).toMatchObject({ customersChecked: 10, customersChanged: 0, metafieldsWritten: 0, calls: 0 });
      expect(sent).toEqual([]);

      // One customer's churn risk changes and another loses their expected order: one set, one delete.
      await writeScores(db, shopId, customers, NOW, (index) =>
        index === 0 ? { ...defaultScoreFields(0), pAlive: 0.1 } : index === 1 ? { ...defaultScoreFields(1), expectedNextOrderAt: null } : defaultScoreFields(index),
      );
      answer("metafields-set.json");
      answer("metafields-delete.json");
      const third = await syncCustomerMetafields({ db, admin: admin(), shopId, now: NOW, sleep: async () => {} });
      expect(third).toMatchObject({ customersChanged: 2, metafieldsWritten: 1, metafieldsDeleted: 1, calls: 2 });
      expect(sent[0].variables.metafields).toEqual([{ ownerId: customers[0].gid, namespace: "$app:encore", key: "churn_risk", type: "single_line_text_field", value: "high" }]);
      expect(sent[1].variables.metafields).toEqual([{ ownerId: customers[1].gid, namespace: "$app:encore", key: "expected_next_order_date" }]);
      const withoutDate = await db.prisma.customerActivation.findUniqueOrThrow({ where: { customerId: customers[1].id } });
      expect(Object.keys(withoutDate.metafields as object)).not.toContain("expected_next_order_date");
    });

    it("waits out a THROTTLED answer by the restore rate, and paces itself to keep a reserve in the bucket", async () => {
      const { shopId } = await newShop(9);
      const sleeps: number[] = [];
      answer("metafields-set-throttled.json");
      answer("metafields-set-bucket-low.json");
      answer("metafields-set.json", 2);
      const report = await syncCustomerMetafields({
        db,
        admin: admin(),
        shopId,
        now: NOW,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        clock: () => 0,
      });
      // (10 requested − 4 available) / 100 points/s = 60 ms, waited by the client before its retry.
      expect(clientSleeps).toEqual([60]);
      // Then the bucket reported 390 of 2,000: the next call waits until 10 + 20 % reserve (410) is there.
      expect(sleeps).toEqual([200]);
      // 52 metafields: 3 calls, and the THROTTLED request counts as a fourth (it cost nothing).
      expect(report).toMatchObject({ metafieldsWritten: 9 * 6 - 2, calls: 4, costPoints: 30, throttledMs: 260 });
    });

    it("skips one owner Shopify refuses, writes the others, and keeps the refused owner's old values", async () => {
      const { shopId, customers } = await newShop(6);
      // Element 6 of the first call is customer 1's first metafield: the call is atomic, so it is resent without
      // customer 1, and customer 1's metafields in the next call are not sent at all.
      answer("metafields-set-owner-missing.json");
      answer("metafields-set.json", 2);
      const report = await syncCustomerMetafields({ db, admin: admin(), shopId, now: NOW, sleep: async () => {} });
      const sets = setsIn(sent);
      expect(sets.map((request) => request.variables.metafields.length)).toEqual([25, 19, 10]);
      const owners = (request: SentRequest) => new Set(request.variables.metafields.map((metafield: { ownerId: string }) => metafield.ownerId));
      expect(owners(sets[0]).has(customers[1].gid)).toBe(true);
      expect(owners(sets[1]).has(customers[1].gid)).toBe(false);
      expect(owners(sets[2]).has(customers[1].gid)).toBe(false);
      expect(report).toMatchObject({ customersChanged: 6, ownersSkipped: 1, metafieldsWritten: 6 * 6 - 1 - 6, calls: 3 });
      expect(sets[1].variables.metafields).toEqual(sets[0].variables.metafields.filter((metafield: { ownerId: string }) => metafield.ownerId !== customers[1].gid));
      expect(await db.prisma.customerActivation.findUnique({ where: { customerId: customers[1].id } })).toBeNull();
      expect(await db.prisma.customerActivation.count({ where: { shopId } })).toBe(5);
    });

    it("stops on a userError that names no element (the call itself is wrong), keeping what was accepted", async () => {
      const { shopId } = await newShop(8);
      answer("metafields-set.json");
      agent
        .get(`https://${SHOP}`)
        .intercept({ path: GRAPHQL_PATH, method: "POST" })
        .reply(200, JSON.stringify({ data: { metafieldsSet: { userErrors: [{ field: null, message: "Access denied for metafieldsSet", code: "APP_NOT_AUTHORIZED", elementIndex: null }] } } }), JSON_HEADERS);
      const error = await syncCustomerMetafields({ db, admin: admin(), shopId, now: NOW, sleep: async () => {} }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "SHOPIFY_USER_ERROR" });
      const run = await db.prisma.metafieldSyncRun.findFirstOrThrow({ where: { shopId } });
      expect(run).toMatchObject({ status: "failed", calls: 2, error: expect.stringContaining("Access denied") });
      // The first call's 25 metafields were accepted: customers 0–3 are complete and stored.
      expect(await db.prisma.customerActivation.count({ where: { shopId } })).toBe(4);
    });
  });

});
