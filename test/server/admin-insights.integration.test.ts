import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cohortActivity } from "../../app/domain/metrics/cohort-retention";
import { DASHBOARD_METRICS } from "../../app/domain/metrics/dashboard-metrics";
import { countShop } from "../../app/domain/metrics/shop-counts";
import { aggregatePeriod, periodEndingAt } from "../../app/domain/metrics/period-aggregates";
import { seedDemoOffers } from "../../app/infra/demo/seed-demo-offers";
import { seedDemoShop } from "../../app/infra/demo/seed-demo-shop";
import { DashboardRepository } from "../../app/infra/metrics/dashboard-repository";
import { ScoringRunRegistry } from "../../app/infra/metrics/scoring-run-registry";
import { scoreShop } from "../../app/infra/scoring/score-shop";
import { scoringRunProgressWriter } from "../../app/infra/scoring/scoring-run-progress";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { DEMO_SHOP } from "../support/shopify-signing";
import { buildTestApp } from "../support/test-app";

const NOW = new Date("2026-11-01T00:00:00Z");

/**
 * The admin's read APIs (dashboard, customers, model, offer preview) and re-scoring, over a small seeded and
 * scored demo shop; the dashboard's SQL is checked against the in-memory twins of app/domain/metrics.
 */
describe.each(databaseBackends())("admin insight APIs on %s", (backend) => {
  let db: TestDatabase;
  let shopId: string;
  let app: ReturnType<typeof buildTestApp>["app"];

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 5, now: NOW, customerCount: 400 });
    await seedDemoOffers(db, { shopDomain: DEMO_SHOP, now: NOW, seed: 5 });
    await scoreShop(db, { shopDomain: DEMO_SHOP, now: NOW, trigger: "seed" });
    shopId = (await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } })).id;
    app = buildTestApp(db).app;
  });
  afterAll(async () => {
    await db?.close();
  });

  async function ordersAndScores() {
    const orders = await db.prisma.order.findMany({ where: { shopId }, select: { customerId: true, placedAt: true, totalPrice: true, cancelledAt: true } });
    const scores = await db.prisma.customerScore.findMany({ where: { shopId }, select: { customerId: true, predictedClv365: true } });
    return {
      orders: orders.map((order) => ({ customerId: order.customerId, placedAt: order.placedAt.getTime(), totalPrice: Number(order.totalPrice), cancelled: order.cancelledAt !== null })),
      clv: new Map(scores.map((score) => [score.customerId, Number(score.predictedClv365)])),
    };
  }

  it.each([30, 90, 365])("period aggregates in SQL equal the in-memory definition (%i days)", async (days) => {
    const { orders, clv } = await ordersAndScores();
    const window = periodEndingAt(NOW.getTime(), days);
    const sql = await new DashboardRepository(db.pool).periodAggregates(shopId, window);
    const memory = aggregatePeriod(orders, window, clv);
    expect(sql).toEqual({ ...memory, revenue: expect.closeTo(memory.revenue, 6), customerRevenueToDate: expect.closeTo(memory.customerRevenueToDate, 6), predictedClvSum: expect.closeTo(memory.predictedClvSum, 6) });
    expect(sql.buyers).toBeGreaterThan(0);
  });

  it("cohort activity in SQL equals the in-memory definition", async () => {
    const { orders } = await ordersAndScores();
    const sort = (rows: { cohort: string; monthOffset: number }[]) => [...rows].sort((a, b) => a.cohort.localeCompare(b.cohort) || a.monthOffset - b.monthOffset);
    const sql = await new DashboardRepository(db.pool).cohortActivity(shopId, NOW);
    // All history: every cohort and every month offset, as in memory.
    const cohorts = new Set(sql.map((row) => row.cohort));
    expect(sort(sql)).toEqual(sort(cohortActivity(orders, NOW.getTime())));
    expect(cohorts.size).toBeGreaterThan(12);
  });

  it("one definition per count: Settings usage, /api/overview, the dashboard's totals and scoring agree (issue 15)", async () => {
    const [usage, overview, dashboard] = await Promise.all([
      request(app).get("/api/dashboard/usage").expect(200),
      request(app).get("/api/overview").expect(200),
      request(app).get("/api/dashboard?period=30").expect(200),
    ]);
    const orders = await db.prisma.order.findMany({ where: { shopId }, select: { customerId: true, cancelledAt: true } });
    const customers = await db.prisma.customer.findMany({ where: { shopId }, select: { id: true } });
    const expected = countShop(customers.map((customer) => customer.id), orders.map((order) => ({ customerId: order.customerId, cancelled: order.cancelledAt !== null })));
    expect(usage.body.usage).toMatchObject(expected);
    expect(expected.customerRecordsWithoutOrders).toBeGreaterThan(0); // the demo has sign-ups that never ordered
    expect(expected.cancelledOrders).toBeGreaterThan(0);
    expect(overview.body.customers).toBe(expected.customers);
    expect(overview.body.orders).toBe(expected.orders);
    expect(dashboard.body.totals.customers).toBe(expected.customers);
    expect(dashboard.body.totals.orders).toBe(expected.orders);
    // Every customer (as defined) is scored, from the customers' orders.
    expect(usage.body.usage.scoredCustomers).toBe(expected.customers);
    // Historic CLV: one figure for the overview and the dashboard.
    expect(dashboard.body.totals.customerLifetimeValue).toBeCloseTo(overview.body.customerLifetimeValue, 9);
  });

  it("GET /api/dashboard answers every metric with its change, the cohorts, the distribution and segments", async () => {
    const response = await request(app).get("/api/dashboard?period=90").expect(200);
    expect(response.body.metrics.map((metric: { id: string }) => metric.id)).toEqual([...DASHBOARD_METRICS]);
    // Cohorts cover all history: from the first order's month to now.
    const { orders } = await ordersAndScores();
    const firstMonth = new Date(Math.min(...orders.filter((order) => order.customerId !== null && !order.cancelled).map((order) => order.placedAt))).toISOString().slice(0, 7);
    expect(response.body.cohorts[0].cohort).toBe(firstMonth);
    expect(response.body.cohorts.length).toBeGreaterThan(12);
    // All-time totals: the figures of /api/overview.
    const overview = await request(app).get("/api/overview").expect(200);
    expect(response.body.totals).toMatchObject({ customers: overview.body.customers, orders: overview.body.orders });
    expect(response.body.repeatDistribution.reduce((sum: number, bin: { customers: number }) => sum + bin.customers, 0)).toBe(response.body.scoredCustomers);
    expect(response.body.segments.ladder.map((row: { segment: string }) => row.segment)).toEqual(["lover", "liker", "lurker"]);
    const bad = await request(app).get("/api/dashboard?period=7").expect(400);
    expect(bad.body.error.fields.map((field: { field: string }) => field.field)).toEqual(["period"]);
  });

  it("pages through every scored customer by keyset, in order, forwards and back", async () => {
    const total = await db.prisma.customerScore.count({ where: { shopId } });
    const seen: { id: string; orderCount: number }[] = [];
    const pages: string[] = [];
    let after = "";
    for (;;) {
      const { body } = await request(app).get(`/api/customers?sort=orderCount&limit=100${after ? `&after=${after}` : ""}`).expect(200);
      seen.push(...body.customers);
      pages.push(body.customers[0]?.id);
      if (!body.pageInfo.hasNextPage) break;
      after = body.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((row) => row.id)).size).toBe(total);
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1], seen[i]];
      expect(a.orderCount > b.orderCount || (a.orderCount === b.orderCount && a.id > b.id)).toBe(true);
    }
    const second = await request(app).get("/api/customers?sort=orderCount&limit=100").expect(200);
    const third = await request(app).get(`/api/customers?sort=orderCount&limit=100&after=${second.body.pageInfo.endCursor}`).expect(200);
    const back = await request(app).get(`/api/customers?sort=orderCount&limit=100&before=${third.body.pageInfo.startCursor}`).expect(200);
    expect(back.body.customers.map((row: { id: string }) => row.id)).toEqual(second.body.customers.map((row: { id: string }) => row.id));
    expect(back.body.pageInfo.hasPreviousPage).toBe(false);
  });

  it("filters by segment, band, unused coupon and search", async () => {
    const lovers = await request(app).get("/api/customers?segment=lover&limit=100").expect(200);
    expect(lovers.body.customers.length).toBe(await db.prisma.customerScore.count({ where: { shopId, loyaltySegment: "lover" } }));
    const high = await request(app).get("/api/customers?band=high&sort=lastOrderAt&direction=asc&limit=100").expect(200);
    for (const row of high.body.customers) expect(row.pRepeat90).toBeGreaterThanOrEqual(0.5);
    const coupon = await request(app).get("/api/customers?unusedCoupon=true&limit=100").expect(200);
    const holders = await db.prisma.offerDecision.findMany({
      where: { shopId, outcome: "issued", redeemedAt: null, expiresAt: { gt: new Date() } },
      select: { customerId: true },
      distinct: ["customerId"],
    });
    const scored = new Set((await db.prisma.customerScore.findMany({ where: { shopId }, select: { customerId: true } })).map((row) => row.customerId));
    expect(coupon.body.customers.length).toBe(Math.min(100, holders.filter((row) => row.customerId && scored.has(row.customerId)).length));
    const someone = lovers.body.customers[0];
    const byEmail = await request(app).get(`/api/customers?q=${encodeURIComponent(someone.email.slice(0, 8).toUpperCase())}`).expect(200);
    expect(byEmail.body.customers.map((row: { id: string }) => row.id)).toContain(someone.id);
    for (const row of byEmail.body.customers) expect(row.email.startsWith(someone.email.slice(0, 8))).toBe(true);
    const byName = await request(app).get(`/api/customers?q=${encodeURIComponent(`${someone.firstName} ${someone.lastName}`.toLowerCase())}`).expect(200);
    expect(byName.body.customers.map((row: { id: string }) => row.id)).toContain(someone.id);
    const wildcard = await request(app).get("/api/customers?q=%25").expect(200);
    expect(wildcard.body.customers).toEqual([]);
  });

  it("answers 400 naming each bad query field", async () => {
    const response = await request(app).get("/api/customers?sort=name&band=huge&segment=vip&limit=1000&after=garbage&extra=1").expect(400);
    const fields = response.body.error.fields.map((field: { field: string }) => field.field);
    expect(fields).toEqual(expect.arrayContaining(["sort", "band", "segment", "limit", "after"]));
  });

  it("streams the filtered list as CSV", async () => {
    const response = await request(app).get("/api/customers/export.csv?band=low").expect(200);
    expect(response.headers["content-type"]).toMatch(/^text\/csv/);
    const lines = response.text.trim().split("\n");
    expect(lines[0]).toBe("customer_id,first_name,last_name,email,orders,last_order_at,p_repeat_90d,predicted_clv_365d,total_spent,expected_next_order_at,rfm_segment,value_segment");
    expect(lines.length - 1).toBe(await db.prisma.customerScore.count({ where: { shopId, pRepeat90: { lt: 0.2 } } }));
  });

  it("shows one customer with orders, coupons and a plain-language score", async () => {
    const decision = await db.prisma.offerDecision.findFirstOrThrow({ where: { shopId, outcome: "issued", customerId: { not: null } } });
    const response = await request(app).get(`/api/customers/${decision.customerId}`).expect(200);
    expect(response.body.orders.length).toBeGreaterThan(0);
    expect(response.body.coupons.issued).toBeGreaterThanOrEqual(1);
    expect(response.body.score.explanation.text).toMatch(/customers like this buy again within 90 days \d+% of the time/);
    await request(app).get("/api/customers/no-such-customer").expect(404);
  });

  it("previews an offer's reach and cost, and rejects an unknown segment", async () => {
    const all = await request(app).get("/api/offers/preview?discountValue=10&controlShare=0").expect(200);
    expect(all.body.reach).toBe(await db.prisma.customerScore.count({ where: { shopId } }));
    const lovers = await request(app).get("/api/offers/preview?includeSegments=lover&excludeSegments=champions&maxPRepeat90=0.9").expect(200);
    expect(lovers.body.reach).toBeLessThan(all.body.reach);
    expect(lovers.body.expectedCost).toBeGreaterThanOrEqual(0);
    const bad = await request(app).get("/api/offers/preview?includeSegments=vip").expect(400);
    expect(bad.body.error.fields[0].field).toBe("includeSegments.0");
  });

  it("describes the model, its backtest and data freshness", async () => {
    const { body } = await request(app).get("/api/model").expect(200);
    expect(body.model.selected).toMatch(/bgnbd|pnbd|rfm/);
    expect(body.model.parameters.transactions).toBeTypeOf("object");
    expect(body.sufficiency.customers).toBe(body.model.customers);
    expect(body.lastScoring.status).toBe("succeeded");
    // A small shop is fitted on every customer with orders.
    expect(body.model.fittedOn).toEqual({ customers: body.model.customers, of: body.model.customers });
  });

  it("says when a large shop's parameters were fitted on a sample, and reads models stored before sampling", async () => {
    const stored = await db.prisma.scoringModel.findUniqueOrThrow({ where: { shopId } });
    const fits = stored.fits as { model: Record<string, string | number | object> };
    try {
      await db.prisma.scoringModel.update({ where: { shopId }, data: { fits: { ...fits, model: { ...fits.model, fittedOn: { customers: 200_000, of: 1_000_000 } } } } });
      expect((await request(app).get("/api/model").expect(200)).body.model.fittedOn).toEqual({ customers: 200_000, of: 1_000_000 });
      const { fittedOn: _dropped, ...before } = fits.model;
      await db.prisma.scoringModel.update({ where: { shopId }, data: { fits: { ...fits, model: before } } });
      expect((await request(app).get("/api/model").expect(200)).body.model.fittedOn).toBeNull();
    } finally {
      await db.prisma.scoringModel.update({ where: { shopId }, data: { fits: stored.fits as object } });
    }
  });

  it("re-scores through the queue, one run at a time per shop", async () => {
    const harness = buildTestApp(db);
    const web = request(harness.app);
    expect((await web.post("/api/scoring/runs").expect(202)).body.running).toBe(true);
    await web.post("/api/scoring/runs").expect(409);
    // Queued, not yet claimed by a worker: already "running" for every instance.
    expect((await web.get("/api/scoring/runs/latest").expect(200)).body).toMatchObject({ running: true, progress: { phase: "reading" } });
    // The run, the activation it enqueues (transitions, metafields), the activation's Flow trigger send, and
    // the bought-together refresh that follows every run.
    expect(await harness.jobs.runUntilIdle()).toBe(4);
    const latest = await web.get("/api/scoring/runs/latest").expect(200);
    expect(latest.body).toMatchObject({ running: false, run: { status: "succeeded", trigger: "manual" } });
  });

  it("shows a run's live progress, as its worker writes it, on any instance", async () => {
    const row = await db.prisma.scoringRun.create({ data: { shopId, status: "running", trigger: "manual", startedAt: NOW, phase: "reading", heartbeatAt: new Date() } });
    const writer = scoringRunProgressWriter(db.pool, row.id);
    writer.update({ phase: "fitting", done: 0, total: 400 });
    const elsewhere = new ScoringRunRegistry({ db, jobs: buildTestApp(db).jobs.queue });
    for (let i = 0; i < 100 && (await elsewhere.current(DEMO_SHOP))?.progress.phase !== "fitting"; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await elsewhere.current(DEMO_SHOP))?.progress).toEqual({ phase: "fitting", done: 0, total: 400 });
    expect((await elsewhere.start(DEMO_SHOP)).started).toBe(false);
    writer.stop();
    await db.prisma.scoringRun.update({ where: { id: row.id }, data: { status: "succeeded", finishedAt: new Date() } });
    expect(await elsewhere.current(DEMO_SHOP)).toBeNull();
  });

  it("treats a running row whose worker died (no heartbeat for a minute) as not running", async () => {
    await db.prisma.scoringRun.create({ data: { shopId, status: "running", trigger: "manual", startedAt: NOW, phase: "saving", heartbeatAt: new Date(Date.now() - 61_000) } });
    const registry = new ScoringRunRegistry({ db, jobs: buildTestApp(db).jobs.queue });
    expect(await registry.current(DEMO_SHOP)).toBeNull();
    expect((await registry.start(DEMO_SHOP)).started).toBe(true);
  });
});
