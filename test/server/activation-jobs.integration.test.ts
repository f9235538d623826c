import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atRiskPayload, FLOW_TRIGGER_HANDLES } from "../../app/domain/activation/flow-payloads";
import { customerMetafieldValues } from "../../app/domain/activation/customer-metafields";
import { activateShopJob, customerOfferJob, sendFlowTriggersJob } from "../../app/infra/activation/activate-shop";
import { enqueueFlowTrigger } from "../../app/infra/activation/flow-triggers";
import { JOB_TYPES, scoreShopJob } from "../../app/infra/jobs/job-handlers";
import type { ScoringHooks } from "../../app/infra/jobs/scoring-hooks";
import type { AdminClientFactory } from "../../app/infra/shopify/admin-graphql";
import { createDemoAdminClients, DEMO_SHOP_BUCKET, type DemoAdminApis } from "../../app/infra/shopify/demo/demo-admin-clients";
import { DemoDiscountApi } from "../../app/infra/shopify/demo/demo-discount-api";
import { DemoFlowApi } from "../../app/infra/shopify/demo/demo-flow-api";
import { DemoMetafieldApi } from "../../app/infra/shopify/demo/demo-metafield-api";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { seedScoredCustomers, writeScores, type ScoredCustomer, type ScoreFields } from "../support/scored-customers";
import { checkoutToken, sessionToken } from "../support/shopify-signing";
import { buildTestApp } from "../support/test-app";
import { webhookDeliverer } from "../support/webhook-delivery";

const DAY = 86_400_000;
const ACTIVE = 0.9;
const AT_RISK = 0.5;
const LOST = 0.2;
const CREATE = "DiscountCodeBasicCreate";
const METAFIELDS_SET = "EncoreCustomerMetafieldsSet";
const { atRisk: AT_RISK_HANDLE, lover: LOVER_HANDLE, couponIssued: COUPON_HANDLE, birthday: BIRTHDAY_HANDLE } = FLOW_TRIGGER_HANDLES;

/** [P(alive), value-ladder rung] per customer index. */
type States = [pAlive: number, loyaltySegment: string][];

const offerTerms = { status: "active", discountType: "percentage", discountValue: 20, validityDays: 30, controlShare: 0, targeting: {} };
const winBackOffer = { ...offerTerms, name: "We miss you", kind: "win_back" };
const birthdayOffer = { ...offerTerms, name: "Happy birthday", kind: "birthday", discountType: "fixed_amount", discountValue: 10, leadDays: 7 };
const nextPurchaseOffer = { ...offerTerms, name: "Come back", kind: "next_purchase", orderScope: "any_order" };

/** A birth date whose birthday is `days` (or, to skip 29 February, one more) UTC days from today. */
function birthDateIn(days: number, year = 1990): { birthDate: string; days: number } {
  let day = new Date(Date.now() + days * DAY);
  if (day.getUTCMonth() === 1 && day.getUTCDate() === 29) {
    day = new Date(day.getTime() + DAY);
    days++;
  }
  return { birthDate: `${year}-${day.toISOString().slice(5, 10)}`, days };
}

/**
 * The activation wiring of issue 16 through the app's own job queue and its one Admin client factory (demo
 * Admin APIs per shop, so every call Shopify would receive is counted): what a finished scoring run, an issued
 * code, the daily birthday pass, the sweep, an uninstall and a redaction set off, and the Activity API.
 */
describe.each(databaseBackends())("activation jobs on %s", (backend) => {
  let db: TestDatabase;
  let harness: ReturnType<typeof buildTestApp>;
  const apisByShop = new Map<string, DemoAdminApis>();
  const apisFor = (domain: string): DemoAdminApis => {
    let apis = apisByShop.get(domain);
    if (!apis) {
      apis = { discounts: new DemoDiscountApi(), metafields: new DemoMetafieldApi({ bucket: DEMO_SHOP_BUCKET }), flow: new DemoFlowApi() };
      apisByShop.set(domain, apis);
    }
    return apis;
  };
  const adminClients: AdminClientFactory = (domain) => createDemoAdminClients(apisFor(domain))(domain);

  // The scoring run the score-shop job performs: rewrites the shop's scores from its current states.
  const scoredShops = new Map<string, { shopId: string; customers: ScoredCustomer[]; states: States }>();
  const failingScoring = new Set<string>();
  const scoring: ScoringHooks = {
    async scoreShop(domain) {
      if (failingScoring.has(domain)) throw new Error("the model did not converge");
      const shop = scoredShops.get(domain);
      if (shop) await writeScores(db, shop.shopId, shop.customers, new Date(), fieldsOf(shop.states));
    },
    async rescoreCustomer() {},
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    harness = buildTestApp(db, {}, { adminClients, scoring });
  });
  afterAll(async () => {
    await harness?.close();
    await db?.close();
  });

  function fieldsOf(states: States): (index: number) => ScoreFields {
    return (index) => ({
      pRepeat90: 0.1 + index / 100,
      pAlive: states[index][0],
      predictedClv365: 100 + index,
      rfmSegment: "loyal",
      loyaltySegment: states[index][1],
      expectedNextOrderAt: null,
    });
  }

  /** A shop of its own per scenario: scored customers (GIDs …/1000001 on) with names and emails, and its demo Admin APIs. */
  async function scoredShop(name: string, states: States) {
    const domain = `${name}-${backend}.myshopify.com`;
    const { shopId, customers } = await seedScoredCustomers(db, { shopDomain: domain, count: states.length, scoredAt: new Date(), fields: fieldsOf(states) });
    await db.prisma.shop.update({ where: { id: shopId }, data: { currency: "EUR" } });
    for (const [index, customer] of customers.entries()) {
      await db.prisma.customer.update({
        where: { id: customer.id },
        data: { firstName: `Zelda${index}`, lastName: `Quibble${index}`, email: `zelda.quibble${index}@example.org` },
      });
    }
    const entry = { shopId, customers, states: states.map((state) => [...state] as [number, string]) };
    scoredShops.set(domain, entry);
    const auth = { Authorization: `Bearer ${await sessionToken({ shop: domain })}` };
    return {
      domain,
      shopId,
      customers,
      apis: apisFor(domain),
      auth,
      /** The states the next scoring run gives (by customer index). */
      rescore(changes: Record<number, [number, string]>) {
        for (const [index, state] of Object.entries(changes)) entry.states[Number(index)] = state;
      },
      createOffer: async (body: Record<string, unknown>) => (await request(harness.app).post("/api/offers").set(auth).send(body).expect(201)).body.offer,
    };
  }

  const enqueue = (job: Parameters<typeof harness.jobs.queue.enqueue>[1]) => harness.jobs.queue.enqueue(db.pool, job);
  const cron = (type: (typeof JOB_TYPES)[keyof typeof JOB_TYPES]) => enqueue({ shopDomain: "", type, payload: {} });
  /** A full scoring run as the queue runs it (score-shop), and everything it sets off. */
  async function scoringRun(domain: string): Promise<void> {
    await enqueue(scoreShopJob(domain, "manual"));
    await harness.jobs.runUntilIdle();
  }
  /** Runs the jobs of a kind waiting for their retry now, instead of after their backoff. */
  async function runRetries(type: (typeof JOB_TYPES)[keyof typeof JOB_TYPES]): Promise<void> {
    await db.pool.query(`UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND state = 'retry'`, [type]);
    await harness.jobs.runUntilIdle();
  }
  /** Enqueues a pending at-risk Flow trigger for `customer`, keyed to `now`'s day as a scoring run would. */
  async function pendingAtRiskTrigger(shopId: string, customer: ScoredCustomer, now: Date): Promise<void> {
    await enqueueFlowTrigger(db.pool, {
      shopId,
      customerId: customer.id,
      handle: AT_RISK_HANDLE,
      dedupeKey: `at-risk:${customer.id}:${now.toISOString().slice(0, 10)}`,
      payload: atRiskPayload({ customerGid: customer.gid, pAlive: AT_RISK, pRepeat90: 0.1, predictedClv365: 100, churnStatus: "at_risk", lastOrderAt: new Date(now.getTime() - 90 * DAY), now }),
    });
  }
  const customerIdOf = (gid: string) => Number(gid.split("/").pop());
  const receivedIds = (flow: DemoFlowApi, handle: string) => flow.receivedFor(handle).map((trigger) => trigger.payload.customer_id as number).sort((a, b) => a - b);
  const events = (shopId: string) => db.prisma.flowTriggerEvent.findMany({ where: { shopId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const syncRuns = (shopId: string) => db.prisma.metafieldSyncRun.findMany({ where: { shopId }, orderBy: { startedAt: "asc" } });

  it("a finished scoring run activates the shop: transitions sent once each, metafields written, one locked win-back code and its trigger per at-risk customer", async () => {
    const shop = await scoredShop("activate", Array.from({ length: 8 }, () => [ACTIVE, "liker"] as [number, string]));
    const { apis } = shop;

    // First run: statuses observed, nothing fires; every scored customer's metafields are written.
    await scoringRun(shop.domain);
    expect(apis.flow.calls).toEqual([]);
    expect(await db.prisma.customerActivation.count({ where: { shopId: shop.shopId, churnStatus: "active", loyaltySegment: "liker" } })).toBe(8);
    const [first] = await syncRuns(shop.shopId);
    expect(first).toMatchObject({ status: "succeeded", customersChecked: 8, customersChanged: 8 });
    expect(apis.metafields.callsTo("EncoreMetafieldDefinitionCreate")).toHaveLength(6);
    expect(apis.metafields.callsTo(METAFIELDS_SET).length).toBe(first.calls);
    expect(first.calls).toBeGreaterThan(0);
    const scores = await db.prisma.customerScore.findMany({ where: { shopId: shop.shopId }, include: { customer: true } });
    for (const score of scores) {
      expect(apis.metafields.ownerMetafields(score.customer.shopifyGid)).toEqual(customerMetafieldValues({ ...score, predictedClv365: Number(score.predictedClv365) }));
    }

    // The merchant runs a win-back offer; the next run sees three customers at risk, one likely lost, one new lover.
    const offer = await shop.createOffer(winBackOffer);
    shop.rescore({ 0: [AT_RISK, "liker"], 1: [AT_RISK, "liker"], 2: [AT_RISK, "liker"], 3: [LOST, "liker"], 4: [ACTIVE, "lover"] });
    const setsBefore = apis.metafields.callsTo(METAFIELDS_SET).length;
    await scoringRun(shop.domain);

    const atRiskGids = shop.customers.slice(0, 4).map((customer) => customer.gid);
    expect(receivedIds(apis.flow, AT_RISK_HANDLE)).toEqual(atRiskGids.map(customerIdOf));
    expect(receivedIds(apis.flow, LOVER_HANDLE)).toEqual([customerIdOf(shop.customers[4].gid)]);
    expect(apis.flow.receivedFor(AT_RISK_HANDLE).find((trigger) => trigger.payload.customer_id === customerIdOf(atRiskGids[3]))!.payload["Churn status"]).toBe("likely_lost");

    const creates = apis.discounts.callsTo(CREATE);
    expect(creates).toHaveLength(4);
    const inputs = creates.map((call) => call.variables.basicCodeDiscount as { code: string; usageLimit: number; context: { customers: { add: string[] } } });
    expect(inputs.map((input) => input.context.customers.add).flat().sort()).toEqual([...atRiskGids].sort());
    expect(inputs.every((input) => input.usageLimit === 1)).toBe(true);
    const decisions = await db.prisma.offerDecision.findMany({ where: { shopId: shop.shopId } });
    expect(decisions).toHaveLength(4);
    for (const decision of decisions) {
      expect(decision).toMatchObject({ kind: "win_back", offerId: offer.id, outcome: "issued", discountStatus: "created" });
      // The occasion is the day the customer became at risk: the day of their at-risk trigger.
      const trigger = await db.prisma.flowTriggerEvent.findFirstOrThrow({ where: { shopId: shop.shopId, customerId: decision.customerId!, handle: AT_RISK_HANDLE } });
      expect(decision.orderGid).toBe(`win_back:${decision.customerId}:${trigger.dedupeKey.slice(-10)}`);
    }
    const coupons = apis.flow.receivedFor(COUPON_HANDLE);
    expect(coupons.map((trigger) => trigger.payload["Discount code"]).sort()).toEqual(decisions.map((decision) => decision.code).sort());
    for (const trigger of coupons) {
      const decision = decisions.find((row) => row.code === trigger.payload["Discount code"])!;
      expect(trigger.payload).toMatchObject({ customer_id: customerIdOf(decision.customerGid!), "Offer kind": "win_back", Currency: "EUR" });
    }
    expect((await events(shop.shopId)).map((event) => event.status)).toEqual(Array(9).fill("sent"));

    // Only what changed went to the metafields: four churn risks and one rung.
    const second = (await syncRuns(shop.shopId))[1];
    expect(second).toMatchObject({ status: "succeeded", customersChecked: 8, customersChanged: 5 });
    expect(apis.metafields.callsTo(METAFIELDS_SET).length - setsBefore).toBe(second.calls);
    expect(apis.metafields.ownerMetafields(shop.customers[4].gid).loyalty_segment).toBe("lover");

    // Everything again, and twice: the activation, the offers' jobs, the sender, another scoring run.
    const flowCalls = apis.flow.calls.length;
    for (let round = 0; round < 2; round++) {
      await enqueue(activateShopJob(shop.domain));
      for (const decision of decisions) {
        await enqueue(customerOfferJob(shop.domain, { kind: "win_back", customerId: decision.customerId!, subjectKey: decision.orderGid }));
      }
      await enqueue(sendFlowTriggersJob(shop.domain));
      await scoringRun(shop.domain);
    }
    expect(apis.flow.calls).toHaveLength(flowCalls);
    expect(apis.discounts.callsTo(CREATE)).toHaveLength(4);
    expect(await db.prisma.offerDecision.count({ where: { shopId: shop.shopId } })).toBe(4);
    expect(await db.prisma.flowTriggerEvent.count({ where: { shopId: shop.shopId } })).toBe(9);
    expect(apis.metafields.callsTo(METAFIELDS_SET).length - setsBefore).toBe(second.calls);
  });

  it("retries a win-back code whose Shopify call failed, with the same code, until it exists and is announced", async () => {
    const shop = await scoredShop("win-back-retry", [[ACTIVE, "liker"], [ACTIVE, "liker"]]);
    await scoringRun(shop.domain);
    await shop.createOffer(winBackOffer);
    shop.rescore({ 0: [AT_RISK, "liker"] });
    shop.apis.discounts.failNextCreates("unavailable");
    await scoringRun(shop.domain);
    const failed = await db.prisma.offerDecision.findFirstOrThrow({ where: { shopId: shop.shopId } });
    expect(failed).toMatchObject({ kind: "win_back", outcome: "issued", discountStatus: "failed" });
    expect(shop.apis.flow.receivedFor(COUPON_HANDLE)).toEqual([]);

    await runRetries(JOB_TYPES.customerOffer);
    expect(await db.prisma.offerDecision.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ code: failed.code, discountStatus: "created" });
    expect(shop.apis.discounts.callsTo(CREATE).map((call) => (call.variables.basicCodeDiscount as { code: string }).code)).toEqual([failed.code, failed.code]);
    expect(shop.apis.flow.receivedFor(COUPON_HANDLE).map((trigger) => trigger.payload["Discount code"])).toEqual([failed.code]);
  });

  it("activates nothing after a scoring run that failed", async () => {
    const shop = await scoredShop("failed-run", [[ACTIVE, "liker"]]);
    failingScoring.add(shop.domain);
    await scoringRun(shop.domain);
    expect(await harness.jobs.queue.waiting(JOB_TYPES.activateShop, shop.domain)).toEqual([]);
    expect(await db.prisma.metafieldSyncRun.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect(shop.apis.metafields.calls).toEqual([]);
    // The run's retry is not this test's business.
    await db.pool.query(`DELETE FROM pgboss.job WHERE name = $1 AND data->>'shopDomain' = $2`, [JOB_TYPES.scoreShop, shop.domain]);
  });

  it("announces a next-purchase code issued on the thank-you page once its discount exists, once per decision; a guest's code announces nothing", async () => {
    const shop = await scoredShop("thank-you", [[ACTIVE, "liker"]]);
    await shop.createOffer(nextPurchaseOffer);
    const [customer] = shop.customers;
    const order = await db.prisma.order.create({
      data: { shopId: shop.shopId, shopifyGid: "gid://shopify/Order/7100000001", name: "#1001", customerId: customer.id, currency: "EUR", totalPrice: "80.00", subtotalPrice: "75.00", placedAt: new Date() },
    });
    const token = await checkoutToken({ shop: shop.domain, customerGid: customer.gid });
    const thankYou = () => request(harness.app).get("/api/extension/thank-you").query({ orderId: order.shopifyGid }).set("Authorization", `Bearer ${token}`).expect(200);

    // Shopify is down for the first create: no discount, so nothing to announce yet.
    shop.apis.discounts.failNextCreates("unavailable");
    expect((await thankYou()).body.coupon).toBeNull();
    await harness.jobs.runUntilIdle();
    expect(await events(shop.shopId)).toEqual([]);

    const { code } = (await thankYou()).body.coupon;
    // The page again, and orders/create's follow-up for the same order: the same decision.
    await thankYou();
    await enqueue({ shopDomain: shop.domain, type: JOB_TYPES.orderOffers, payload: { orderGid: order.shopifyGid } });
    await harness.jobs.runUntilIdle();

    const decision = await db.prisma.offerDecision.findUniqueOrThrow({ where: { shopId_orderGid: { shopId: shop.shopId, orderGid: order.shopifyGid } } });
    expect(decision).toMatchObject({ code, outcome: "issued", discountStatus: "created" });
    const rows = await events(shop.shopId);
    expect(rows.map((row) => [row.handle, row.dedupeKey, row.status, row.customerId])).toEqual([[COUPON_HANDLE, `coupon:${decision.id}`, "sent", customer.id]]);
    expect(shop.apis.flow.received).toEqual([
      {
        handle: COUPON_HANDLE,
        payload: expect.objectContaining({ customer_id: customerIdOf(customer.gid), "Discount code": code, "Offer kind": "next_purchase", "Discount type": "percentage", "Discount value": 20 }),
      },
    ]);
    expect(shop.apis.discounts.callsTo(CREATE)).toHaveLength(2);

    // A guest's order gets an open code (orders/create), and Flow has no customer to run a workflow for.
    const guest = await db.prisma.order.create({
      data: { shopId: shop.shopId, shopifyGid: "gid://shopify/Order/7100000002", name: "#1002", customerId: null, currency: "EUR", totalPrice: "80.00", subtotalPrice: "75.00", placedAt: new Date() },
    });
    await enqueue({ shopDomain: shop.domain, type: JOB_TYPES.orderOffers, payload: { orderGid: guest.shopifyGid } });
    await harness.jobs.runUntilIdle();
    expect(await db.prisma.offerDecision.findUniqueOrThrow({ where: { shopId_orderGid: { shopId: shop.shopId, orderGid: guest.shopifyGid } } })).toMatchObject({
      outcome: "issued",
      discountStatus: "created",
      customerGid: null,
    });
    expect(await db.prisma.flowTriggerEvent.count({ where: { shopId: shop.shopId } })).toBe(1);
    expect(shop.apis.flow.received).toHaveLength(1);
  });

  it("daily birthdays: the code is issued first and the birthday trigger carries it; once a year", async () => {
    const shop = await scoredShop("birthday", [[ACTIVE, "liker"], [ACTIVE, "liker"], [ACTIVE, "liker"]]);
    const offer = await shop.createOffer(birthdayOffer);
    const [soon, later] = shop.customers;
    const due = birthDateIn(3);
    await db.prisma.customer.update({ where: { id: soon.id }, data: { birthDate: due.birthDate } });
    await db.prisma.customer.update({ where: { id: later.id }, data: { birthDate: birthDateIn(20, 1985).birthDate } });

    await cron(JOB_TYPES.dailyBirthdays);
    await harness.jobs.runUntilIdle();

    const decision = await db.prisma.offerDecision.findFirstOrThrow({ where: { shopId: shop.shopId } });
    expect(decision).toMatchObject({ kind: "birthday", offerId: offer.id, customerId: soon.id, outcome: "issued", discountStatus: "created" });
    expect(decision.orderGid).toMatch(new RegExp(`^birthday:${soon.id}:\\d{4}$`));
    const creates = shop.apis.discounts.callsTo(CREATE);
    expect(creates.map((call) => (call.variables.basicCodeDiscount as { context: unknown }).context)).toEqual([{ customers: { add: [soon.gid] } }]);

    const birthday = shop.apis.flow.receivedFor(BIRTHDAY_HANDLE);
    expect(birthday).toHaveLength(1);
    expect(birthday[0].payload).toMatchObject({
      customer_id: customerIdOf(soon.gid),
      "Days until birthday": due.days,
      "Discount code": decision.code,
      "Code expires at": decision.expiresAt!.toISOString(),
    });
    expect(shop.apis.flow.receivedFor(COUPON_HANDLE).map((trigger) => trigger.payload["Discount code"])).toEqual([decision.code]);
    const rows = await events(shop.shopId);
    expect(rows.map((row) => [row.handle, row.dedupeKey, row.status]).sort()).toEqual(
      [
        [BIRTHDAY_HANDLE, decision.orderGid, "sent"],
        [COUPON_HANDLE, `coupon:${decision.id}`, "sent"],
      ].sort(),
    );

    // The next day's pass (here: the same day's second) finds this year's birthday done.
    await cron(JOB_TYPES.dailyBirthdays);
    await harness.jobs.runUntilIdle();
    expect(shop.apis.discounts.callsTo(CREATE)).toHaveLength(1);
    expect(shop.apis.flow.received).toHaveLength(2);
    expect(await db.prisma.flowTriggerEvent.count({ where: { shopId: shop.shopId } })).toBe(2);
  });

  it("retries a birthday code whose Shopify call failed, with the same code, and announces it once it exists", async () => {
    const shop = await scoredShop("birthday-retry", [[ACTIVE, "liker"]]);
    await shop.createOffer(birthdayOffer);
    const [customer] = shop.customers;
    await db.prisma.customer.update({ where: { id: customer.id }, data: { birthDate: birthDateIn(4).birthDate } });
    shop.apis.discounts.failNextCreates("unavailable");
    await cron(JOB_TYPES.dailyBirthdays);
    await harness.jobs.runUntilIdle();
    const failed = await db.prisma.offerDecision.findFirstOrThrow({ where: { shopId: shop.shopId } });
    expect(failed).toMatchObject({ kind: "birthday", outcome: "issued", discountStatus: "failed" });

    // The pass is retried (and tomorrow's runs anyway): the code is created then, and announced.
    await runRetries(JOB_TYPES.dailyBirthdays);
    await cron(JOB_TYPES.dailyBirthdays);
    await harness.jobs.runUntilIdle();
    expect(await db.prisma.offerDecision.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ code: failed.code, discountStatus: "created" });
    expect(shop.apis.discounts.callsTo(CREATE).map((call) => (call.variables.basicCodeDiscount as { code: string }).code)).toEqual([failed.code, failed.code]);
    expect(shop.apis.flow.receivedFor(COUPON_HANDLE).map((trigger) => trigger.payload["Discount code"])).toEqual([failed.code]);
    expect(shop.apis.flow.receivedFor(BIRTHDAY_HANDLE)).toHaveLength(1);
  });

  it("the sweep re-sends a trigger a failed send left pending", async () => {
    const shop = await scoredShop("sweep", [[AT_RISK, "liker"]]);
    const [customer] = shop.customers;
    const now = new Date();
    await pendingAtRiskTrigger(shop.shopId, customer, now);

    shop.apis.flow.failNext("unavailable");
    await enqueue(sendFlowTriggersJob(shop.domain));
    await harness.jobs.runUntilIdle();
    const [failed] = await events(shop.shopId);
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    expect(failed.error).toContain("did not answer");
    expect(shop.apis.flow.received).toEqual([]);
    // Nothing else would try again: only the sweep.
    expect(await harness.jobs.queue.waiting(JOB_TYPES.sendFlowTriggers, shop.domain)).toEqual([]);

    await cron(JOB_TYPES.sweepFlowTriggers);
    await harness.jobs.runUntilIdle();
    const [sent] = await events(shop.shopId);
    expect(sent).toMatchObject({ id: failed.id, status: "sent", attempts: 2, error: null });
    expect(shop.apis.flow.calls).toHaveLength(2);
    expect(receivedIds(shop.apis.flow, AT_RISK_HANDLE)).toEqual([customerIdOf(customer.gid)]);
  });

  it("does nothing for an uninstalled shop: no activation, no offers, no triggers sent", async () => {
    const shop = await scoredShop("uninstalled", [[ACTIVE, "liker"], [ACTIVE, "liker"]]);
    await shop.createOffer(winBackOffer);
    await shop.createOffer(birthdayOffer);
    const [first, second] = shop.customers;
    await db.prisma.customer.update({ where: { id: first.id }, data: { birthDate: birthDateIn(2).birthDate } });
    const now = new Date();
    await pendingAtRiskTrigger(shop.shopId, second, now);
    await webhookDeliverer(harness)("app/uninstalled", { id: 1 }, { shop: shop.domain }).expect(200);
    expect((await db.prisma.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).uninstalledAt).not.toBeNull();

    shop.rescore({ 0: [AT_RISK, "liker"], 1: [AT_RISK, "lover"] });
    await enqueue(activateShopJob(shop.domain));
    await enqueue(customerOfferJob(shop.domain, { kind: "win_back", customerId: second.id, subjectKey: `win_back:${second.id}:${now.toISOString().slice(0, 10)}` }));
    await enqueue(sendFlowTriggersJob(shop.domain));
    await enqueue(scoreShopJob(shop.domain, "manual"));
    await cron(JOB_TYPES.sweepFlowTriggers);
    await cron(JOB_TYPES.dailyBirthdays);
    await harness.jobs.runUntilIdle();

    expect(shop.apis.flow.calls).toEqual([]);
    expect(shop.apis.metafields.calls).toEqual([]);
    expect(shop.apis.discounts.calls).toEqual([]);
    expect(await db.prisma.metafieldSyncRun.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect(await db.prisma.customerActivation.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect(await db.prisma.offerDecision.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect((await events(shop.shopId)).map((event) => [event.status, event.attempts])).toEqual([["pending", 0]]);
  });

  it("customers/redact forgets the customer's activation state and Flow triggers, and activation never brings them back", async () => {
    const shop = await scoredShop("redact", [[ACTIVE, "liker"], [ACTIVE, "liker"]]);
    const [erased, kept] = shop.customers;
    await scoringRun(shop.domain);
    shop.rescore({ 0: [AT_RISK, "liker"], 1: [AT_RISK, "liker"] });
    await scoringRun(shop.domain);
    expect(receivedIds(shop.apis.flow, AT_RISK_HANDLE)).toEqual([erased, kept].map((customer) => customerIdOf(customer.gid)));
    // And one still waiting to be sent about them.
    await db.prisma.flowTriggerEvent.create({
      data: { shopId: shop.shopId, customerId: erased.id, handle: LOVER_HANDLE, dedupeKey: `lover:${erased.id}:2030-01-01`, payload: {} },
    });
    expect(await db.prisma.customerActivation.count({ where: { customerId: erased.id } })).toBe(1);
    expect(await db.prisma.flowTriggerEvent.count({ where: { customerId: erased.id } })).toBe(2);

    const redact = { shop_domain: shop.domain, customer: { id: customerIdOf(erased.gid), email: "zelda.quibble0@example.org" }, orders_to_redact: [] };
    await webhookDeliverer(harness)("customers/redact", redact, { shop: shop.domain }).expect(200);

    expect(await db.prisma.customerActivation.findUnique({ where: { customerId: erased.id } })).toBeNull();
    expect(await db.prisma.flowTriggerEvent.count({ where: { customerId: erased.id } })).toBe(0);
    expect(await db.prisma.customerActivation.count({ where: { customerId: kept.id } })).toBe(1);
    expect(await db.prisma.flowTriggerEvent.count({ where: { customerId: kept.id } })).toBe(1);

    const setsBefore = shop.apis.metafields.callsTo(METAFIELDS_SET).length;
    const flowBefore = shop.apis.flow.calls.length;
    scoredShops.get(shop.domain)!.customers = [kept];
    scoredShops.get(shop.domain)!.states = [[LOST, "lover"]];
    await scoringRun(shop.domain);
    expect(await db.prisma.customerActivation.findUnique({ where: { customerId: erased.id } })).toBeNull();
    const owners = shop.apis.metafields
      .callsTo(METAFIELDS_SET)
      .slice(setsBefore)
      .flatMap((call) => (call.variables.metafields as { ownerId: string }[]).map((metafield) => metafield.ownerId));
    expect(new Set(owners)).toEqual(new Set([kept.gid]));
    expect(shop.apis.flow.calls.slice(flowBefore).map((call) => (call.variables.payload as { customer_id: number }).customer_id)).not.toContain(customerIdOf(erased.gid));
  });

  it("GET /api/settings/activity: syncs and triggers newest first, counts per trigger and status, no names or emails", async () => {
    const shop = await scoredShop("activity", [[ACTIVE, "liker"], [ACTIVE, "liker"], [ACTIVE, "liker"], [ACTIVE, "liker"]]);
    await scoringRun(shop.domain);
    shop.rescore({ 0: [AT_RISK, "liker"], 1: [LOST, "liker"], 2: [ACTIVE, "lover"] });
    await scoringRun(shop.domain);
    const [, , , waiting] = shop.customers;
    await db.prisma.flowTriggerEvent.create({
      data: { shopId: shop.shopId, customerId: waiting.id, handle: BIRTHDAY_HANDLE, dedupeKey: `birthday:${waiting.id}:2030`, payload: { customer_id: customerIdOf(waiting.gid) } },
    });
    await db.prisma.flowTriggerEvent.create({
      data: {
        shopId: shop.shopId,
        customerId: waiting.id,
        handle: COUPON_HANDLE,
        dedupeKey: `coupon:activity-${backend}`,
        payload: { customer_id: customerIdOf(waiting.gid) },
        status: "failed",
        attempts: 5,
        error: "Shopify did not answer",
      },
    });

    const response = await request(harness.app).get("/api/settings/activity").set(shop.auth).expect(200);
    const { body } = response;
    expect(body.flowTriggerCounts).toEqual([
      { handle: AT_RISK_HANDLE, status: "sent", count: 2 },
      { handle: BIRTHDAY_HANDLE, status: "pending", count: 1 },
      { handle: COUPON_HANDLE, status: "failed", count: 1 },
      { handle: LOVER_HANDLE, status: "sent", count: 1 },
    ]);

    const runs = await syncRuns(shop.shopId);
    expect(body.metafieldSyncs.map((sync: { id: string }) => sync.id)).toEqual(runs.map((run) => run.id).reverse());
    expect(body.metafieldSyncs[1]).toMatchObject({ status: "succeeded", customersChecked: 4, customersChanged: 4, calls: runs[0].calls, costPoints: runs[0].costPoints });
    expect(body.metafieldSyncs[0]).toMatchObject({ status: "succeeded", customersChecked: 4, customersChanged: 3, calls: runs[1].calls });
    expect(body.metafieldDefinitionsAt).not.toBeNull();

    expect(body.flowTriggers).toHaveLength(5);
    const times = body.flowTriggers.map((event: { createdAt: string }) => Date.parse(event.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const event of body.flowTriggers) {
      expect(Object.keys(event).sort()).toEqual(["attempts", "createdAt", "customerId", "error", "handle", "id", "payload", "sentAt", "status"]);
      expect(shop.customers.map((customer) => customer.id)).toContain(event.customerId);
    }
    const sentAtRisk = body.flowTriggers.filter((event: { handle: string }) => event.handle === AT_RISK_HANDLE);
    expect(sentAtRisk.map((event: { payload: { customer_id: number } }) => event.payload.customer_id).sort()).toEqual(shop.customers.slice(0, 2).map((customer) => customerIdOf(customer.gid)));
    expect(sentAtRisk.every((event: { sentAt: string | null }) => event.sentAt !== null)).toBe(true);

    for (const index of [0, 1, 2, 3]) {
      for (const personal of [`zelda.quibble${index}@example.org`, `Zelda${index}`, `Quibble${index}`]) expect(response.text).not.toContain(personal);
    }
    expect(response.text).not.toContain("@");
    expect(response.text).not.toContain("dedupeKey");
    expect(response.text).not.toContain(shop.shopId);
  });
});
