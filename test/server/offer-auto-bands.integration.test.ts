import { randomUUID } from "node:crypto";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTO_BANDS, decideAutoIncentive } from "../../app/domain/offers/auto-incentive";
import { winBackSubjectKey } from "../../app/domain/offers/decide-customer-offer";
import { LIFT_WINDOW_DAYS } from "../../app/domain/offers/offer-performance";
import { AUTO_TRAILING_DAYS } from "../../app/infra/offers/issue-coupon-for-order";
import { OfferDecisionRepository } from "../../app/infra/offers/offer-decision-repository";
import { freshAdminShop } from "../support/admin-shop";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { buildTestApp } from "../support/test-app";

const DAY = 86_400_000;
let sequence = 8_300_000_001;

const autoWinBack = { name: "We miss you (auto)", status: "active", kind: "win_back", discountType: "percentage", discountValue: 20, validityDays: 30, controlShare: 0.1, targetingMode: "auto" };

interface BandHistory {
  pRepeat90: number;
  /** Customers per arm. */
  perArm: number;
  issuedRepeatRate: number;
  controlRepeatRate: number;
  /** Every code redeemed, taking this much off. */
  discountPerCode: number;
  repeatOrderValue: number;
}

/** A band that pays: half as many again come back with the code, for 5 off an order worth 100. */
const PAYS: BandHistory = { pRepeat90: 0.6, perArm: 120, issuedRepeatRate: 0.6, controlRepeatRate: 0.1, discountPerCode: 5, repeatOrderValue: 100 };
/** A band that does not: the same 10% come back either way, and every code costs 20. */
const DOES_NOT_PAY: BandHistory = { pRepeat90: 0.02, perArm: 120, issuedRepeatRate: 0.1, controlRepeatRate: 0.1, discountPerCode: 20, repeatOrderValue: 50 };

describe.each(databaseBackends())("GET /api/offers/:id/auto-bands on %s", (backend) => {
  let db: TestDatabase;
  let harness: ReturnType<typeof buildTestApp>;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    harness = buildTestApp(db);
  });
  afterAll(async () => {
    await harness?.close();
    await db?.close();
  });

  const freshShop = (name: string) => freshAdminShop(db.prisma, harness.app, `${name}-${backend}.myshopify.com`);

  /** Matured win-back decisions 200 days ago, each customer scored the day before at the band's P(repeat). */
  async function seedBand(shopId: string, offerId: string, history: BandHistory, now: Date) {
    const decidedAt = new Date(now.getTime() - 200 * DAY);
    const arm = (issued: boolean, rate: number) =>
      Array.from({ length: history.perArm }, (_, index) => ({ id: randomUUID(), shopifyGid: `gid://shopify/Customer/${sequence++}`, issued, repeats: index < Math.round(rate * history.perArm) }));
    const customers = [...arm(true, history.issuedRepeatRate), ...arm(false, history.controlRepeatRate)];
    await db.prisma.customer.createMany({ data: customers.map(({ id, shopifyGid }) => ({ id, shopId, shopifyGid })) });
    await db.prisma.customerScoreSnapshot.createMany({
      data: customers.map((customer) => ({
        shopId, customerId: customer.id, scoredAt: new Date(decidedAt.getTime() - DAY), model: "bgnbd", pAlive: 0.5, pRepeat90: history.pRepeat90, predictedClv365: "10", rfmSegment: "at_risk",
      })),
    });
    await db.prisma.offerDecision.createMany({
      data: customers.map((customer) => ({
        shopId, kind: "win_back", offerId, orderGid: winBackSubjectKey(customer.id, decidedAt), customerId: customer.id, customerGid: customer.shopifyGid, decidedAt,
        ...(customer.issued
          ? {
              outcome: "issued", code: `BAND${sequence++}`, discountStatus: "created", discountType: "percentage", discountValue: 20, currency: "EUR",
              redeemedAt: decidedAt, discountAmount: history.discountPerCode.toFixed(2), attributedRevenue: "40.00",
            }
          : { outcome: "control", reason: "control_group" }),
      })),
    });
    await db.prisma.order.createMany({
      data: customers.filter((customer) => customer.repeats).map((customer) => ({
        shopId, shopifyGid: `gid://shopify/Order/${sequence++}`, name: "#r", customerId: customer.id, currency: "EUR",
        totalPrice: history.repeatOrderValue.toFixed(2), subtotalPrice: history.repeatOrderValue.toFixed(2), placedAt: new Date(decidedAt.getTime() + 30 * DAY),
      })),
    });
  }

  it("says give where the history pays and withhold where it does not, each with its reason; bands without history are learning", async () => {
    const { shop: { id: shopId }, auth, createOffer } = await freshShop("auto-bands");
    const offer = await createOffer(autoWinBack);
    const now = new Date();
    await seedBand(shopId, offer.id, PAYS, now);
    await seedBand(shopId, offer.id, DOES_NOT_PAY, now);

    const body = (await request(harness.app).get(`/api/offers/${offer.id}/auto-bands`).set(auth).expect(200)).body;
    expect(body).toMatchObject({ offerId: offer.id, targetingMode: "auto", currency: "EUR", windowDays: LIFT_WINDOW_DAYS, trailingDays: AUTO_TRAILING_DAYS });
    expect(body.bands.map((band: { bandId: string; label: string }) => [band.bandId, band.label])).toEqual(AUTO_BANDS.map((band) => [band.id, band.label]));
    const byId = (id: string) => body.bands.find((band: { bandId: string }) => band.bandId === id);

    const low = byId("p0-5");
    expect(low).toMatchObject({ decision: "withhold", reasonCode: "does_not_pay", measured: { issued: 120, control: 120 }, costPerCustomer: 20 });
    expect(low.reason).toMatch(/^Withhold the code\. Customers offered the code came back 10\.0 % of the time, those without it 10\.0 %/);
    expect(low.reason).toContain("Even the high end of the lift does not pay for the discount");
    expect(low.lift.difference).toBeCloseTo(0, 10);
    expect(low.lift.interval.lower).toBeLessThan(0);
    expect(low.incrementalProfit.upper).toBeLessThan(0);

    const high = byId("p35-100");
    expect(high).toMatchObject({ decision: "give", reasonCode: "pays", measured: { issued: 120, control: 120 }, costPerCustomer: 5, meanRepeatOrderValue: 100 });
    expect(high.reason).toMatch(/^Give the code\. Customers offered the code came back 60\.0 % of the time, those without it 10\.0 %: \+50\.0 pp/);
    expect(high.reason).toContain("Even the low end of the lift pays");
    expect(high.lift.interval.lower).toBeGreaterThan(0.3);
    expect(high.incrementalProfit.lower).toBeGreaterThan(0);

    for (const id of ["p5-10", "p10-20", "p20-35"]) {
      expect(byId(id)).toMatchObject({ decision: "learning", reasonCode: "too_few_customers", measured: { issued: 0, control: 0 }, lift: null, incrementalProfit: null });
      expect(byId(id).reason).toMatch(/^Learning\. 0 customers with the code and 0 without have been measured; 100 of each are needed/);
    }

    // The issuing path's computation, not a second one: the repository's history through the same policy.
    const histories = await new OfferDecisionRepository(db.prisma).autoBandHistories(shopId, offer.id, now, LIFT_WINDOW_DAYS, AUTO_TRAILING_DAYS);
    const expected = decideAutoIncentive(histories, { controlShare: offer.controlShare });
    expect(body.bands.map((band: { decision: string; reason: string }) => [band.decision, band.reason])).toEqual(expected.map((band) => [band.decision, band.reason]));
  });

  it("answers for a manual offer too (what auto targeting would do), and 404 for another shop's offer or an unknown id", async () => {
    const mine = await freshShop("auto-bands-mine");
    const theirs = await freshShop("auto-bands-theirs");
    const manual = await mine.createOffer({ ...autoWinBack, targetingMode: "manual" });
    const body = (await request(harness.app).get(`/api/offers/${manual.id}/auto-bands`).set(mine.auth).expect(200)).body;
    expect(body.targetingMode).toBe("manual");
    expect(body.bands.every((band: { decision: string }) => band.decision === "learning")).toBe(true);

    const foreign = await request(harness.app).get(`/api/offers/${manual.id}/auto-bands`).set(theirs.auth).expect(404);
    expect(foreign.body.error).toMatchObject({ code: "NOT_FOUND", message: "Offer not found" });
    expect(JSON.stringify(foreign.body)).not.toContain("bands");
    await request(harness.app).get("/api/offers/no-such-offer/auto-bands").set(mine.auth).expect(404);
  });
});
