import { describe, expect, it } from "vitest";
import { offerPerformance, type OfferPerformanceAggregates } from "../../../app/domain/offers/offer-performance";
import { offerVerdict, VERDICT_RULES } from "../../../app/domain/offers/offer-verdict";

/** The demo shop's offer as seeded (npm start): 2,799 codes, 1,984 vs 223 matured customers, +0.3 pp. */
const DEMO: OfferPerformanceAggregates = {
  issued: 2799,
  redeemed: 164,
  control: 321,
  attributedRevenue: 13879.35,
  discountCost: 2016.58,
  windowDays: 90,
  issuedMeasured: 1984,
  issuedRepeated: 352,
  controlMeasured: 223,
  controlRepeated: 39,
};

/** 30 % of the issued group came back vs 15 % of the control group: a lift whose interval is far above 0. */
const STRONG: OfferPerformanceAggregates = {
  ...DEMO,
  issued: 1000,
  redeemed: 250,
  attributedRevenue: 20_000, // 80 per redeemed order → 0.15 × 80 = 12 of extra revenue per code
  discountCost: 1_000, // 1 per code
  issuedMeasured: 1000,
  issuedRepeated: 300,
  controlMeasured: 200,
  controlRepeated: 30,
};

const verdictOf = (aggregates: OfferPerformanceAggregates) => offerVerdict(offerPerformance(aggregates));

describe("offerVerdict: does the offer pay, read from the control group", () => {
  it("the demo offer: measured, but +0.3 pp (−5.5 to +5.0) is no lift yet", () => {
    const verdict = verdictOf(DEMO);
    expect(verdict).toMatchObject({ verdict: "does_not_pay_yet", reason: "no_significant_lift", measured: { issued: 1984, control: 223 } });
    expect(verdict.costPerCode).toBeCloseTo(2016.58 / 2799, 10);
    // 0.2531 pp of the issued customers × 84.63 per redeemed order
    expect(verdict.incrementalRevenuePerCode).toBeCloseTo((352 / 1984 - 39 / 223) * (13879.35 / 164), 10);
  });

  it("pays when the lift is significant and its extra revenue per code covers the discount per code", () => {
    const verdict = verdictOf(STRONG);
    expect(verdict).toMatchObject({ verdict: "pays", reason: "gain_covers_cost" });
    expect(verdict.incrementalRevenuePerCode).toBeCloseTo(12, 10);
    expect(verdict.costPerCode).toBeCloseTo(1, 10);
  });

  it("does not pay when the same lift costs more in discounts than its extra orders bring in", () => {
    const verdict = verdictOf({ ...STRONG, discountCost: 20_000 });
    expect(verdict).toMatchObject({ verdict: "does_not_pay_yet", reason: "cost_exceeds_gain", costPerCode: 20 });
  });

  it("does not pay when the offer lowers the repeat rate significantly", () => {
    const verdict = verdictOf({ ...STRONG, issuedRepeated: 100, controlRepeated: 60 });
    expect(verdict).toMatchObject({ verdict: "does_not_pay_yet", reason: "no_significant_lift" });
    expect(verdict.incrementalRevenuePerCode).toBeLessThan(0);
  });

  it("a significant lift with no redemption and no cost pays (the code brought them back without being used)", () => {
    expect(verdictOf({ ...STRONG, redeemed: 0, attributedRevenue: 0, discountCost: 0 })).toMatchObject({ verdict: "pays", costPerCode: 0 });
  });

  it.each([
    { case: "control group one short", issuedMeasured: 1000, controlMeasured: VERDICT_RULES.minMeasuredPerGroup - 1, expected: "not_enough_data" },
    { case: "issued group one short", issuedMeasured: VERDICT_RULES.minMeasuredPerGroup - 1, controlMeasured: 200, expected: "not_enough_data" },
    { case: "both at the minimum", issuedMeasured: VERDICT_RULES.minMeasuredPerGroup, controlMeasured: VERDICT_RULES.minMeasuredPerGroup, expected: "does_not_pay_yet" },
    { case: "no matured control customer (no lift at all)", issuedMeasured: 1000, controlMeasured: 0, expected: "not_enough_data" },
  ])("$case → $expected", ({ issuedMeasured, controlMeasured, expected }) => {
    const verdict = verdictOf({ ...DEMO, issuedMeasured, issuedRepeated: Math.floor(issuedMeasured / 5), controlMeasured, controlRepeated: Math.floor(controlMeasured / 5) });
    expect(verdict.verdict).toBe(expected);
    expect(verdict.measured).toEqual({ issued: issuedMeasured, control: controlMeasured });
    if (expected === "not_enough_data") expect(verdict).toMatchObject({ reason: "too_few_measured", incrementalRevenuePerCode: null });
  });

  it("no code issued: no cost per code", () => {
    expect(verdictOf({ ...DEMO, issued: 0, redeemed: 0, issuedMeasured: 0, issuedRepeated: 0 })).toMatchObject({ verdict: "not_enough_data", costPerCode: null });
  });
});
