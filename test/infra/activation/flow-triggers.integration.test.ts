import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FLOW_TRIGGER_HANDLES } from "../../../app/domain/activation/flow-payloads";
import { birthdayTriggers } from "../../../app/infra/activation/birthday-triggers";
import { detectActivationTransitions } from "../../../app/infra/activation/detect-transitions";
import { couponIssuedTrigger, enqueueFlowTrigger, sendPendingFlowTriggers } from "../../../app/infra/activation/flow-triggers";
import { insertScoreRows, type ScoreRow } from "../../../app/infra/scoring/score-repository";
import type { AdminGraphqlClient } from "../../../app/infra/shopify/admin-graphql";
import { DemoFlowApi } from "../../../app/infra/shopify/demo/demo-flow-api";
import { AppError } from "../../../app/server/errors";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";

const DAY = 86_400_000;
const T0 = new Date("2026-12-06T03:00:00Z");
const day = (n: number) => new Date(T0.getTime() + n * DAY);
const ACTIVE = 0.9;
const AT_RISK = 0.5;
const LOST = 0.1;

/** A fake clock whose sleeps advance it, so pacing is asserted without waiting. */
function fakeTime() {
  let now = 0;
  return { clock: () => now, sleep: async (ms: number) => void (now += ms) };
}

describe.each(databaseBackends())("Flow triggers on %s", (backend) => {
  let db: TestDatabase;
  let shopId: string;
  const customers = new Map<string, string>(); // name → Customer.id

  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.close();
  });

  beforeEach(async () => {
    await db.prisma.shop.deleteMany();
    customers.clear();
    shopId = (await db.prisma.shop.create({ data: { domain: "flow.myshopify.com", currency: "EUR" } })).id;
  });

  async function addCustomers(names: string[], birthDates: Record<string, string> = {}): Promise<void> {
    for (const name of names) {
      const created = await db.prisma.customer.create({
        data: { shopId, shopifyGid: `gid://shopify/Customer/${1000 + customers.size}`, birthDate: birthDates[name] ?? null },
      });
      customers.set(name, created.id);
    }
  }

  /** Writes each named customer's score (P(alive) sets the churn status, the ladder rung as given). */
  async function score(states: Record<string, [pAlive: number, loyaltySegment: string]>, scoredAt: Date): Promise<void> {
    const rows: ScoreRow[] = Object.entries(states).map(([name, [pAlive, loyaltySegment]], index) => ({
      customerId: customers.get(name)!,
      model: "pnbd",
      confidence: "high",
      orderCount: 3,
      repeatPurchases: 2,
      firstOrderAt: new Date("2025-01-01T00:00:00Z"),
      lastOrderAt: new Date("2026-09-01T00:00:00Z"),
      totalSpent: 300,
      averageOrderValue: 100,
      pAlive,
      // Distinct values on one index range: pages cross customers in pRepeat90 order.
      pRepeat90: 0.1 + index / 100,
      expectedOrders90: 0.5,
      expectedOrders365: 1.5,
      expectedNextOrderAt: null,
      predictedClv365: 150.5,
      rfmRecency: 3,
      rfmFrequency: 3,
      rfmMonetary: 3,
      rfmSegment: "loyal",
      loyaltySegment,
    }));
    await insertScoreRows(db.pool, shopId, scoredAt, rows);
  }

  const detect = (now: Date, pageSize = 2) => detectActivationTransitions({ db, shopId, now, pageSize });
  const name = (id: string) => [...customers].find(([, customerId]) => customerId === id)![0];
  const events = () => db.prisma.flowTriggerEvent.findMany({ where: { shopId }, orderBy: [{ createdAt: "asc" }, { dedupeKey: "asc" }] });

  it("fires nothing on the first observation, and each transition once across repeated and concurrent runs", async () => {
    await addCustomers(["ann", "bob", "cat", "dan", "eve"]);
    // Eve's row exists already, written by the metafield sync (no statuses): a first observation too.
    await db.prisma.customerActivation.create({ data: { customerId: customers.get("eve")!, shopId, metafields: { churn_risk: "low" } } });
    await score({ ann: [ACTIVE, "liker"], bob: [AT_RISK, "lurker"], cat: [ACTIVE, "liker"], dan: [LOST, "lurker"], eve: [AT_RISK, "lover"] }, day(0));

    expect(await detect(day(0))).toEqual({ atRisk: [], lovers: [], observed: 5, changed: 5 });
    expect(await events()).toEqual([]);
    const eve = await db.prisma.customerActivation.findUniqueOrThrow({ where: { customerId: customers.get("eve")! } });
    expect(eve).toMatchObject({ churnStatus: "at_risk", loyaltySegment: "lover", metafields: { churn_risk: "low" } });

    // Ann leaves active, Cat becomes a lover, Dan comes back from likely lost (no event), Bob is unchanged.
    await score({ ann: [AT_RISK, "liker"], bob: [AT_RISK, "lurker"], cat: [ACTIVE, "lover"], dan: [AT_RISK, "lurker"], eve: [AT_RISK, "lover"] }, day(1));
    const [first, second] = await Promise.all([detect(day(1)), detect(day(1))]);
    expect([...first.atRisk, ...second.atRisk].map(name)).toEqual(["ann"]);
    expect([...first.lovers, ...second.lovers].map(name)).toEqual(["cat"]);
    expect(first.changed + second.changed).toBe(3);
    // The next day's run sees the recorded statuses: nothing new.
    expect(await detect(day(2))).toMatchObject({ atRisk: [], lovers: [], changed: 0 });

    const rows = await events();
    expect(rows.map((row) => [row.handle, row.dedupeKey, row.status])).toEqual([
      [FLOW_TRIGGER_HANDLES.atRisk, `at-risk:${customers.get("ann")}:2026-12-07`, "pending"],
      [FLOW_TRIGGER_HANDLES.lover, `lover:${customers.get("cat")}:2026-12-07`, "pending"],
    ]);
    expect(rows[0].payload).toEqual({
      customer_id: 1000,
      "Churn status": "at_risk",
      "Churn risk": 0.5,
      "Repeat likelihood": 0.1,
      "Predicted lifetime value": 150.5,
      "Days since last order": 97,
    });
    expect(rows[1].payload).toMatchObject({ customer_id: 1002, "Previous segment": "liker", "Order count": 3 });
    expect(rows[0].createdAt).toEqual(day(1));
  });

  it("lets only one of two runs that read the same old status record the change and fire", async () => {
    await addCustomers(["ann"]);
    await score({ ann: [ACTIVE, "liker"] }, day(0));
    await detect(day(0));
    await score({ ann: [AT_RISK, "liker"] }, day(1));
    let racing: ReturnType<typeof detect> | null = null;
    const winner = await detectActivationTransitions({
      db,
      shopId,
      now: day(1),
      // Inside the winner's open transaction another run starts: on PostgreSQL it reads the old status and
      // then waits on the row; on PGlite it waits for the transaction. Either way it must not fire.
      onTransitions: async () => {
        racing = detect(day(2));
        await new Promise((resolve) => setTimeout(resolve, 100));
      },
    });
    const loser = await racing!;
    expect(winner.atRisk.map(name)).toEqual(["ann"]);
    expect(loser).toMatchObject({ atRisk: [], lovers: [], changed: 0 });
    expect(await events()).toHaveLength(1);
  });

  it("keeps a customer hovering at the threshold to one at-risk trigger per cool-down, and records every status", async () => {
    await addCustomers(["ann"]);
    const seenAt = async (n: number, pAlive: number) => {
      await score({ ann: [pAlive, "liker"] }, day(n));
      return detect(day(n));
    };
    await seenAt(0, ACTIVE);
    expect((await seenAt(1, AT_RISK)).atRisk).toHaveLength(1);
    expect((await seenAt(5, ACTIVE)).changed).toBe(1);
    // 10 days after the first: recorded, not fired (and not returned for a win-back).
    expect(await seenAt(11, AT_RISK)).toMatchObject({ atRisk: [], changed: 1 });
    await seenAt(20, ACTIVE);
    // 30+ days after the last trigger: fires again.
    expect((await seenAt(31, LOST)).atRisk).toHaveLength(1);
    expect((await events()).map((row) => row.dedupeKey)).toEqual([`at-risk:${customers.get("ann")}:2026-12-07`, `at-risk:${customers.get("ann")}:2027-01-06`]);
    expect(await db.prisma.customerActivation.findUniqueOrThrow({ where: { customerId: customers.get("ann")! } })).toMatchObject({ churnStatus: "likely_lost" });
  });

  it("sends every pending trigger exactly once with two senders running at the same time, paced", async () => {
    await addCustomers(Array.from({ length: 12 }, (_, i) => `c${i}`));
    for (const [index, customerId] of [...customers.values()].entries()) {
      await enqueueFlowTrigger(db.pool, {
        shopId,
        customerId,
        handle: FLOW_TRIGGER_HANDLES.birthday,
        dedupeKey: `birthday:${customerId}:2026`,
        payload: { customer_id: 1000 + index, "Birthday date": "2026-12-13", "Days until birthday": 7, "Discount code": "", "Code expires at": "" },
        createdAt: new Date(T0.getTime() + index),
      });
    }
    const flow = new DemoFlowApi({ latencyMs: 3 });
    const send = (limit?: number) => sendPendingFlowTriggers({ db: db.pool, admin: flow, shopId, now: T0, maxPerSecond: 10, limit, ...fakeTime() });
    expect(await send(3)).toMatchObject({ sent: 3, more: true });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.sent + b.sent).toBe(9);
    expect(a.failed + b.failed + a.retrying + b.retrying).toBe(0);
    // Each sender waits 100 ms between its own calls.
    expect(a.throttledMs).toBe((a.sent - 1) * 100);
    const ids = flow.received.map((trigger) => trigger.payload.customer_id);
    expect(new Set(ids).size).toBe(12);
    expect(ids).toHaveLength(12);
    const rows = await events();
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1 && row.sentAt !== null && row.error === null)).toBe(true);
    expect(await send()).toMatchObject({ sent: 0, more: false });
  });

  it("retries a transient failure on a later run, fails at once on userErrors, and gives up after maxAttempts", async () => {
    await addCustomers(["ann", "bob"]);
    const payload = (id: number) => ({ customer_id: id, "Birthday date": "2026-12-13", "Days until birthday": 7, "Discount code": "", "Code expires at": "" });
    await enqueueFlowTrigger(db.pool, { shopId, customerId: customers.get("ann")!, handle: FLOW_TRIGGER_HANDLES.birthday, dedupeKey: "a", payload: payload(1000) });
    const flow = new DemoFlowApi();
    flow.failNext("unavailable", 3);
    const run = (admin: AdminGraphqlClient) => sendPendingFlowTriggers({ db: db.pool, admin, shopId, now: T0, maxAttempts: 3, ...fakeTime() });
    // One failure per run: a failed row waits for the next run instead of being retried at once.
    expect(await run(flow)).toMatchObject({ sent: 0, retrying: 1, failed: 0 });
    expect(await db.prisma.flowTriggerEvent.findFirstOrThrow({ where: { dedupeKey: "a" } })).toMatchObject({ status: "pending", attempts: 1, sentAt: null, error: expect.stringContaining("injected") });
    expect(await run(flow)).toMatchObject({ retrying: 1 });
    expect(await run(flow)).toMatchObject({ failed: 1, retrying: 0 });
    expect(await db.prisma.flowTriggerEvent.findFirstOrThrow({ where: { dedupeKey: "a" } })).toMatchObject({ status: "failed", attempts: 3, error: expect.stringContaining("injected") });

    await enqueueFlowTrigger(db.pool, { shopId, customerId: customers.get("bob")!, handle: FLOW_TRIGGER_HANDLES.birthday, dedupeKey: "b", payload: payload(1001) });
    const rejecting: AdminGraphqlClient = {
      request: async () => {
        throw new AppError("SHOPIFY_USER_ERROR", "FlowTriggerReceive: Errors validating schema:\n  Invalid handle 'encore-flow-birthday'.\n");
      },
    };
    expect(await run(rejecting)).toMatchObject({ failed: 1, retrying: 0 });
    expect(await db.prisma.flowTriggerEvent.findFirstOrThrow({ where: { dedupeKey: "b" } })).toMatchObject({ status: "failed", attempts: 1, error: expect.stringContaining("Invalid handle") });
    expect(flow.received).toEqual([]);
  });

  it("marks a row a dead worker left mid-call as failed instead of sending it again", async () => {
    await addCustomers(["ann"]);
    await enqueueFlowTrigger(db.pool, {
      shopId,
      customerId: customers.get("ann")!,
      handle: FLOW_TRIGGER_HANDLES.birthday,
      dedupeKey: "stuck",
      payload: { customer_id: 1000, "Birthday date": "2026-12-13", "Days until birthday": 7, "Discount code": "", "Code expires at": "" },
    });
    await db.prisma.flowTriggerEvent.updateMany({ where: { dedupeKey: "stuck" }, data: { status: "sending", attempts: 1, sentAt: new Date(T0.getTime() - 11 * 60_000) } });
    const flow = new DemoFlowApi();
    expect(await sendPendingFlowTriggers({ db: db.pool, admin: flow, shopId, now: T0, ...fakeTime() })).toMatchObject({ interrupted: 1, sent: 0 });
    expect(await db.prisma.flowTriggerEvent.findFirstOrThrow({ where: { dedupeKey: "stuck" } })).toMatchObject({ status: "failed", error: expect.stringContaining("interrupted") });
    expect(flow.calls).toEqual([]);
  });

  it("enqueues a birthday trigger once per customer and year, 29 February on the 28th, with the birthday offer's code", async () => {
    await addCustomers(["ann", "bob", "cat", "dan", "eve"], {
      ann: "1990-12-13", // 7 days after T0
      bob: "1985-12-06", // today
      cat: "1990-06-01", // far away
      dan: "1991-02-30", // not a date
      eve: "1992-02-29",
    });
    await db.prisma.offerDecision.create({
      data: {
        shopId,
        orderGid: `birthday:${customers.get("ann")}:2026`,
        kind: "birthday",
        customerId: customers.get("ann"),
        customerGid: "gid://shopify/Customer/1000",
        outcome: "issued",
        code: "BDAY23456789",
        discountStatus: "created",
        expiresAt: new Date("2026-12-21T00:00:00Z"),
      },
    });
    const run = (today: Date) => birthdayTriggers({ db: db.pool, shopId, today, leadDays: 7 });
    const first = await run(T0);
    expect(first.enqueued.map(name).sort()).toEqual(["ann", "bob"]);
    expect(await run(T0)).toEqual({ enqueued: [], due: 2 });
    expect((await run(day(1))).enqueued).toEqual([]);
    const rows = await events();
    expect(rows.find((row) => row.customerId === customers.get("ann"))?.payload).toEqual({
      customer_id: 1000,
      "Birthday date": "2026-12-13",
      "Days until birthday": 7,
      "Discount code": "BDAY23456789",
      "Code expires at": "2026-12-21T00:00:00.000Z",
    });
    expect(rows.find((row) => row.customerId === customers.get("bob"))?.payload).toMatchObject({ "Days until birthday": 0, "Discount code": "" });

    // 2027 has no 29 February: Eve's birthday is the 28th, due from the 21st.
    expect((await run(new Date("2027-02-20T12:00:00Z"))).enqueued).toEqual([]);
    expect((await run(new Date("2027-02-21T12:00:00Z"))).enqueued.map(name)).toEqual(["eve"]);
    expect((await events()).find((row) => row.customerId === customers.get("eve"))).toMatchObject({
      dedupeKey: `birthday:${customers.get("eve")}:2027`,
      payload: { "Birthday date": "2027-02-28", "Days until birthday": 7 },
    });
    // Next year: once more.
    expect((await run(new Date("2027-12-06T08:00:00Z"))).enqueued.map(name).sort()).toEqual(["ann", "bob"]);
  });

  it("announces an issued coupon once per decision, and never a guest's", async () => {
    await addCustomers(["ann"]);
    const decision = await db.prisma.offerDecision.create({
      data: {
        shopId,
        orderGid: "gid://shopify/Order/1",
        customerId: customers.get("ann"),
        customerGid: "gid://shopify/Customer/1000",
        outcome: "issued",
        code: "K7M2P9QX4RTA",
        discountStatus: "created",
        discountType: "percentage",
        discountValue: "15.00",
        currency: "EUR",
        startsAt: T0,
        expiresAt: new Date("2027-01-05T00:00:00Z"),
      },
    });
    const trigger = couponIssuedTrigger(decision)!;
    expect(trigger).toMatchObject({ handle: FLOW_TRIGGER_HANDLES.couponIssued, dedupeKey: `coupon:${decision.id}`, customerId: customers.get("ann") });
    expect(await enqueueFlowTrigger(db.pool, trigger)).toBe(true);
    expect(await enqueueFlowTrigger(db.pool, couponIssuedTrigger(decision)!)).toBe(false);
    expect((await events()).map((row) => row.payload)).toEqual([
      {
        customer_id: 1000,
        "Discount code": "K7M2P9QX4RTA",
        "Expires at": "2027-01-05T00:00:00.000Z",
        "Offer kind": "next_purchase",
        "Discount type": "percentage",
        "Discount value": 15,
        Currency: "EUR",
      },
    ]);
    expect(couponIssuedTrigger({ ...decision, customerId: null, customerGid: null })).toBeNull();
    expect(couponIssuedTrigger({ ...decision, outcome: "control", code: null })).toBeNull();
  });
});
