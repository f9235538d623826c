import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callsFor, customerMetafieldValues, ENCORE_METAFIELD_NAMESPACE } from "../../../app/domain/activation/customer-metafields";
import { syncCustomerMetafields } from "../../../app/infra/activation/customer-metafield-sync";
import { ensureMetafieldDefinitions } from "../../../app/infra/activation/metafield-definitions";
import { redactCustomer } from "../../../app/infra/db/repositories/privacy-repository";
import { seedDemoShop } from "../../../app/infra/demo/seed-demo-shop";
import { scoreShop } from "../../../app/infra/scoring/score-shop";
import { DemoMetafieldApi } from "../../../app/infra/shopify/demo/demo-metafield-api";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";
import { DEMO_SHOP } from "../../support/shopify-signing";
import { defaultScoreFields, seedScoredCustomers, writeScores } from "../../support/scored-customers";

const NOW = new Date("2026-11-01T00:00:00Z");

/** A virtual clock for the demo's cost bucket: waiting advances time, nothing really sleeps. */
function virtualTime() {
  let ms = 0;
  return { clock: () => ms, sleep: async (wait: number) => void (ms += wait), elapsed: () => ms };
}

describe.each(databaseBackends())("syncCustomerMetafields against the demo Admin API on %s", (backend) => {
  let db: TestDatabase;
  let shopId: string;
  // One "Shopify" for the demo shop across the tests, as the shop's metafields persist there between syncs.
  const time = virtualTime();
  const api = new DemoMetafieldApi({ clock: time.clock, sleep: time.sleep });

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 7, now: NOW, customerCount: 400 });
    await scoreShop(db, { shopDomain: DEMO_SHOP, now: NOW, trigger: "manual" });
    shopId = (await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } })).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  it("creates the definitions, writes every scored customer's values as Shopify stores them, then only what changed", async () => {
    const first = await syncCustomerMetafields({ db, admin: api, shopId, now: NOW, pageSize: 50, clock: time.clock, sleep: time.sleep });

    expect(api.callsTo("EncoreMetafieldDefinitionCreate")).toHaveLength(6);
    expect([...api.definitions.values()].map((definition) => definition.namespace)).toEqual(Array(6).fill("app--4811923--encore"));
    expect((await db.prisma.shop.findUniqueOrThrow({ where: { id: shopId } })).metafieldDefinitionsAt).toEqual(NOW);

    const scores = await db.prisma.customerScore.findMany({ where: { shopId }, include: { customer: true } });
    const expected = new Map(
      scores.map((score) => [
        score.customer.shopifyGid,
        customerMetafieldValues({ ...score, predictedClv365: Number(score.predictedClv365) }),
      ]),
    );
    const metafields = [...expected.values()].reduce((sum, values) => sum + Object.keys(values).length, 0);
    expect(first).toMatchObject({ customersChecked: scores.length, customersChanged: scores.length, metafieldsWritten: metafields, ownersSkipped: 0 });
    expect(api.callsTo("EncoreCustomerMetafieldsSet")).toHaveLength(callsFor(metafields));
    for (const [gid, values] of expected) expect(api.ownerMetafields(gid)).toEqual(values);
    // Paced: never THROTTLED, whatever the bucket.
    expect(api.calls.filter((call) => !call.accepted)).toEqual([]);

    const second = await syncCustomerMetafields({ db, admin: api, shopId, now: NOW, clock: time.clock, sleep: time.sleep });
    expect(second).toMatchObject({ customersChecked: scores.length, customersChanged: 0, calls: 0 });

    // A re-score a day later with the same fit: values drift a little, and only what moved beyond tolerance is sent.
    await scoreShop(db, { shopDomain: DEMO_SHOP, now: new Date(NOW.getTime() + 86_400_000), trigger: "manual" });
    const before = api.callsTo("EncoreCustomerMetafieldsSet").length;
    const nextDay = await syncCustomerMetafields({ db, admin: api, shopId, now: new Date(NOW.getTime() + 86_400_000), clock: time.clock, sleep: time.sleep });
    expect(nextDay.customersChanged).toBeLessThan(scores.length / 2);
    expect(api.callsTo("EncoreCustomerMetafieldsSet").length - before).toBe(callsFor(nextDay.metafieldsWritten));
    const runs = await db.prisma.metafieldSyncRun.findMany({ where: { shopId }, orderBy: { startedAt: "asc" } });
    expect(runs.map((run) => run.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
  });

  it("forgets a redacted customer (activation state, pending Flow triggers) and never writes them again", async () => {
    const score = await db.prisma.customerScore.findFirstOrThrow({ where: { shopId }, include: { customer: true }, orderBy: { customerId: "asc" } });
    const gid = score.customer.shopifyGid;
    expect(Object.keys(api.ownerMetafields(gid)).length).toBeGreaterThan(0);
    await db.prisma.customerActivation.update({ where: { customerId: score.customerId }, data: { churnStatus: "active" } });
    await db.prisma.flowTriggerEvent.create({
      data: { shopId, customerId: score.customerId, handle: "encore-flow-lover", dedupeKey: `lover:${score.customerId}:2026-11-01`, payload: {} },
    });

    // customers/redact, in the delivery's transaction. Shopify sends it once the customer was erased there
    // (their metafields with them), so only what Encore holds is deleted.
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await redactCustomer(client, shopId, gid, null);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    expect(await db.prisma.customerActivation.findUnique({ where: { customerId: score.customerId } })).toBeNull();
    expect(await db.prisma.flowTriggerEvent.count({ where: { customerId: score.customerId } })).toBe(0);

    // The redacted customer is not written again.
    api.deleteOwner(gid);
    const after = await syncCustomerMetafields({ db, admin: api, shopId, now: new Date(NOW.getTime() + 86_400_000), clock: time.clock, sleep: time.sleep });
    expect(after.customersChanged).toBe(0);
    expect(after.ownersSkipped).toBe(0);
  });

  it("deletes the metafields of a customer who lost their score, and syncs one customer on its own", async () => {
    const api = new DemoMetafieldApi();
    const { shopId: smallShop, customers } = await seedScoredCustomers(db, { shopDomain: "small.myshopify.com", count: 5, scoredAt: NOW });
    await syncCustomerMetafields({ db, admin: api, shopId: smallShop, now: NOW, sleep: async () => {} });
    expect(api.ownerMetafields(customers[2].gid)).toEqual(customerMetafieldValues(defaultScoreFields(2)));

    await db.prisma.customerScore.deleteMany({ where: { customerId: customers[2].id } });
    const report = await syncCustomerMetafields({ db, admin: api, shopId: smallShop, now: NOW, sleep: async () => {} });
    expect(report).toMatchObject({ customersChanged: 1, metafieldsDeleted: 6, calls: 1 });
    expect(api.ownerMetafields(customers[2].gid)).toEqual({});
    expect(await db.prisma.customerActivation.findUniqueOrThrow({ where: { customerId: customers[2].id } })).toMatchObject({ metafields: null });
    expect(await syncCustomerMetafields({ db, admin: api, shopId: smallShop, now: NOW, sleep: async () => {} })).toMatchObject({ customersChecked: 4, calls: 0 });

    // A re-install: everything written again (the shop may have lost the values), the definitions ensured again.
    const reinstalled = new DemoMetafieldApi();
    const rewrite = await syncCustomerMetafields({ db, admin: reinstalled, shopId: smallShop, now: NOW, rewriteAll: true, sleep: async () => {} });
    expect(rewrite).toMatchObject({ customersChanged: 4, metafieldsWritten: 4 * 6 - 1, calls: 1 });
    expect(reinstalled.callsTo("EncoreMetafieldDefinitionCreate")).toHaveLength(6);
    expect(reinstalled.ownerMetafields(customers[3].gid)).toEqual(customerMetafieldValues(defaultScoreFields(3)));

    // After one customer's re-score: only that customer is read and written.
    await writeScores(db, smallShop, customers.slice(0, 2), NOW, (index) => ({ ...defaultScoreFields(index), rfmSegment: "champions" }));
    const one = await syncCustomerMetafields({ db, admin: api, shopId: smallShop, now: NOW, customerIds: [customers[0].id], sleep: async () => {} });
    expect(one).toMatchObject({ customersChecked: 1, customersChanged: 1, metafieldsWritten: 1, calls: 1 });
    expect(api.ownerMetafields(customers[0].gid).rfm_group).toBe("champions");
    expect(api.ownerMetafields(customers[1].gid).rfm_group).toBe("dormant");

  });

  it("ensureMetafieldDefinitions is idempotent against the demo API (TAKEN counts as there)", async () => {
    const api = new DemoMetafieldApi();
    const { shopId: otherShop } = await seedScoredCustomers(db, { shopDomain: "definitions.myshopify.com", count: 0, scoredAt: NOW });
    expect((await ensureMetafieldDefinitions({ prisma: db.prisma, admin: api, shopId: otherShop, now: NOW })).created).toHaveLength(6);
    expect((await ensureMetafieldDefinitions({ prisma: db.prisma, admin: api, shopId: otherShop, now: NOW })).existing).toHaveLength(6);
    expect(api.callsTo("EncoreMetafieldDefinitionCreate")).toHaveLength(6);
    // The demo refuses values its definitions would refuse.
    const refused = await api.request<{ metafieldsSet: { userErrors: { code: string }[] } }>(
      { name: "EncoreCustomerMetafieldsSet", query: "" },
      { metafields: [{ ownerId: "gid://shopify/Customer/1", namespace: ENCORE_METAFIELD_NAMESPACE, key: "churn_risk", type: "single_line_text_field", value: "maybe" }] },
    );
    expect(refused.metafieldsSet.userErrors.map((error) => error.code)).toEqual(["INVALID_VALUE"]);
  });
});
