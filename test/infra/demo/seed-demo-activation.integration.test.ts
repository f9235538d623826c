import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLOW_TRIGGER_HANDLES } from "../../../app/domain/activation/flow-payloads";
import { winBackSubjectKey } from "../../../app/domain/offers/decide-customer-offer";
import { prepareDemoShop } from "../../../app/infra/demo/prepare-demo-shop";
import { createLogger } from "../../../app/server/logger";
import { openTestDatabase, type TestDatabase } from "../../support/database-backends";
import { DEMO_SHOP } from "../../support/shopify-signing";

const NOW = new Date("2026-11-01T09:00:00Z");
const TODAY = NOW.toISOString().slice(0, 10);
const { atRisk: AT_RISK, lover: LOVER, couponIssued: COUPON, birthday: BIRTHDAY } = FLOW_TRIGGER_HANDLES;

/**
 * Demo mode's first start (prepareDemoShop on a fresh database, the whole 5,000-customer demo shop: one seed
 * for the file) leaves a month of activation behind, made by the same use cases as production: transitions
 * since the first scoring sent to Flow, win-back codes for the customers who became at risk, every scored
 * customer's metafields written once; a restart adds nothing. The demo path only, so PGlite is enough.
 */
describe("demo activation seed (prepareDemoShop) on pglite", () => {
  let db: TestDatabase;
  let shopId: string;
  const logs: string[] = [];
  const log = createLogger({ level: "info", destination: new Writable({ write: (chunk, _encoding, callback) => (logs.push(String(chunk)), callback()) }) });

  /** What a restart must leave as it was. */
  async function snapshot() {
    const [triggers, decisions, syncs, activations, scores, runs] = await Promise.all([
      db.prisma.flowTriggerEvent.groupBy({ by: ["handle", "status"], where: { shopId }, _count: { _all: true }, orderBy: [{ handle: "asc" }, { status: "asc" }] }),
      db.prisma.offerDecision.groupBy({ by: ["kind", "outcome"], where: { shopId }, _count: { _all: true }, orderBy: [{ kind: "asc" }, { outcome: "asc" }] }),
      db.prisma.metafieldSyncRun.findMany({ where: { shopId } }),
      db.prisma.customerActivation.count({ where: { shopId } }),
      db.prisma.customerScore.count({ where: { shopId } }),
      db.prisma.scoringRun.count({ where: { shopId } }),
    ]);
    return { triggers, decisions, syncs, activations, scores, runs };
  }

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    await prepareDemoShop(db, { shopDomain: DEMO_SHOP, seed: 42, now: NOW, log });
    shopId = (await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } })).id;
  }, 240_000);
  afterAll(async () => {
    await db?.close();
  });

  const seededReport = () => {
    const line = logs.map((text) => JSON.parse(text)).find((entry) => String(entry.msg).startsWith("demo activation seeded"));
    expect(line).toBeDefined();
    return line as { atRisk: number; lovers: number; winBackCodes: number; metafieldCalls: number; triggersSent: number };
  };

  it("sent the month's at-risk and lover triggers (and every other one): all delivered", async () => {
    const rows = await db.prisma.flowTriggerEvent.groupBy({ by: ["handle", "status"], where: { shopId }, _count: { _all: true } });
    const count = (handle: string) => rows.filter((row) => row.handle === handle).reduce((sum, row) => sum + row._count._all, 0);
    expect(count(AT_RISK)).toBeGreaterThan(0);
    expect(count(LOVER)).toBeGreaterThan(0);
    expect(rows.every((row) => row.status === "sent")).toBe(true);
    const report = seededReport();
    expect(report).toMatchObject({ atRisk: count(AT_RISK), lovers: count(LOVER), triggersSent: rows.reduce((sum, row) => sum + row._count._all, 0) });
    // Transitions are today's (against the statuses seen a month ago), one per customer and kind.
    const transitions = await db.prisma.flowTriggerEvent.findMany({ where: { shopId, handle: { in: [AT_RISK, LOVER] } }, select: { dedupeKey: true, customerId: true, handle: true } });
    expect(transitions.every((event) => event.dedupeKey.endsWith(`:${TODAY}`))).toBe(true);
    expect(new Set(transitions.map((event) => `${event.handle}:${event.customerId}`)).size).toBe(transitions.length);
  });

  it("issued today's win-back codes to customers who became at risk, and only to them, each announced to Flow", async () => {
    const decisions = await db.prisma.offerDecision.findMany({ where: { shopId, kind: "win_back", orderGid: { endsWith: `:${TODAY}` } } });
    const issued = decisions.filter((decision) => decision.outcome === "issued");
    expect(issued.length).toBeGreaterThan(0);
    expect(seededReport().winBackCodes).toBe(issued.length);

    const activations = await db.prisma.customerActivation.findMany({ where: { customerId: { in: decisions.map((decision) => decision.customerId!) } } });
    const churn = new Map(activations.map((row) => [row.customerId, row.churnStatus]));
    const atRiskTriggers = await db.prisma.flowTriggerEvent.findMany({ where: { shopId, handle: AT_RISK }, select: { customerId: true } });
    const becameAtRisk = new Set(atRiskTriggers.map((event) => event.customerId));
    for (const decision of decisions) {
      expect(["at_risk", "likely_lost"]).toContain(churn.get(decision.customerId!));
      expect(becameAtRisk.has(decision.customerId)).toBe(true);
      expect(decision.orderGid).toBe(winBackSubjectKey(decision.customerId!, NOW));
    }
    // Every customer who became at risk was decided for once (code or control group), none twice.
    expect(new Set(decisions.map((decision) => decision.customerId)).size).toBe(decisions.length);
    expect(decisions).toHaveLength(becameAtRisk.size);

    for (const decision of issued) expect(decision).toMatchObject({ discountStatus: "created", customerGid: expect.stringMatching(/^gid:\/\/shopify\/Customer\/\d+$/) });
    const announced = await db.prisma.flowTriggerEvent.findMany({ where: { shopId, handle: COUPON, dedupeKey: { in: issued.map((decision) => `coupon:${decision.id}`) } } });
    expect(announced).toHaveLength(issued.length);
    const codes = new Map(issued.map((decision) => [`coupon:${decision.id}`, decision.code]));
    for (const event of announced) expect((event.payload as Record<string, unknown>)["Discount code"]).toBe(codes.get(event.dedupeKey));
  });

  it("announced this week's birthdays with their codes when one was issued", async () => {
    const triggers = await db.prisma.flowTriggerEvent.findMany({ where: { shopId, handle: BIRTHDAY } });
    const decisions = await db.prisma.offerDecision.findMany({ where: { shopId, kind: "birthday", orderGid: { in: triggers.map((event) => event.dedupeKey) } } });
    const byKey = new Map(decisions.map((decision) => [decision.orderGid, decision]));
    for (const event of triggers) {
      const decision = byKey.get(event.dedupeKey);
      const expected = decision?.outcome === "issued" && decision.discountStatus === "created" ? decision.code : "";
      expect((event.payload as Record<string, unknown>)["Discount code"]).toBe(expected);
    }
  });

  it("wrote every scored customer's metafields in one sync", async () => {
    const scored = await db.prisma.customerScore.count({ where: { shopId } });
    expect(scored).toBeGreaterThan(1_000);
    const runs = await db.prisma.metafieldSyncRun.findMany({ where: { shopId } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "succeeded", customersChecked: scored, customersChanged: scored, error: null });
    expect(runs[0].calls).toBe(seededReport().metafieldCalls);
    expect(runs[0].metafieldsWritten).toBeGreaterThanOrEqual(scored * 4);
    expect(await db.prisma.customerActivation.count({ where: { shopId, metafieldsAt: NOW } })).toBe(scored);
    expect((await db.prisma.shop.findUniqueOrThrow({ where: { id: shopId } })).metafieldDefinitionsAt).toEqual(NOW);
  });

  it("changes nothing on a restart", async () => {
    const before = await snapshot();
    logs.length = 0;
    const restart = new Date(NOW.getTime() + 3_600_000);
    await prepareDemoShop(db, { shopDomain: DEMO_SHOP, seed: 42, now: restart, log });
    expect(await snapshot()).toEqual(before);
    expect(logs.filter((line) => line.includes("seeded"))).toEqual([]);
  });
});
