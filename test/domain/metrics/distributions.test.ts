import { describe, expect, it } from "vitest";
import { cohortActivity, cohortRetentionMatrix } from "../../../app/domain/metrics/cohort-retention";
import { CONFIDENCE_REQUIREMENTS, dataSufficiency } from "../../../app/domain/metrics/data-sufficiency";
import { offerReachPreview } from "../../../app/domain/metrics/offer-reach";
import { repeatProbabilityDistribution } from "../../../app/domain/metrics/repeat-probability-distribution";
import { scoreBandOf } from "../../../app/domain/metrics/score-bands";
import { explainScore } from "../../../app/domain/metrics/score-explanation";
import { segmentSizes } from "../../../app/domain/metrics/segment-sizes";
import { assessConfidence } from "../../../app/domain/scoring";

const DAY = 86_400_000;
const utc = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day);

describe("cohort retention", () => {
  const orders = [
    // January cohort: 4 customers
    { customerId: "a", placedAt: utc(2026, 1, 5), cancelled: false },
    { customerId: "a", placedAt: utc(2026, 2, 10), cancelled: false }, // month 1
    { customerId: "a", placedAt: utc(2026, 2, 20), cancelled: false }, // month 1 again: counted once
    { customerId: "b", placedAt: utc(2026, 1, 31), cancelled: false },
    { customerId: "b", placedAt: utc(2026, 3, 1), cancelled: false }, // month 2
    { customerId: "c", placedAt: utc(2026, 1, 15), cancelled: false },
    { customerId: "c", placedAt: utc(2026, 2, 1), cancelled: true }, // cancelled: not a return
    { customerId: "d", placedAt: utc(2026, 1, 20), cancelled: false },
    // February cohort: 1 customer
    { customerId: "e", placedAt: utc(2026, 2, 2), cancelled: false },
    { customerId: "e", placedAt: utc(2026, 3, 3), cancelled: false }, // month 1
    { customerId: null, placedAt: utc(2026, 2, 2), cancelled: false },
  ];
  const asOf = utc(2026, 3, 15);
  const matrix = cohortRetentionMatrix(cohortActivity(orders, asOf), { asOf, cohorts: 3, months: 3 });

  it("is the share of each cohort ordering in month k, null for months not reached", () => {
    expect(matrix).toEqual([
      { cohort: "2026-01", size: 4, retention: [0.25, 0.25, null] },
      { cohort: "2026-02", size: 1, retention: [1, null, null] },
      { cohort: "2026-03", size: 0, retention: [null, null, null] },
    ]);
  });

  it("covers all history by default: every cohort since the first order, every month since (issue 15)", () => {
    const long = [
      { customerId: "old", placedAt: utc(2024, 12, 5), cancelled: false },
      { customerId: "old", placedAt: utc(2026, 2, 1), cancelled: false }, // month 14
      ...orders,
    ];
    const all = cohortRetentionMatrix(cohortActivity(long, asOf), { asOf });
    expect(all.map((row) => row.cohort)[0]).toBe("2024-12");
    expect(all).toHaveLength(16); // Dec 2024 … Mar 2026
    expect(all[0].retention).toHaveLength(15); // months 1..15 of the oldest cohort
    expect(all[0].retention[13]).toBe(1); // the return 14 months later is shown, not cut at 12
    expect(all[0].retention[14]).toBe(0);
    expect(all.at(-1)!.retention.every((value) => value === null)).toBe(true);
  });
});

describe("P(repeat) distribution and segments", () => {
  it("fills ten bins with shares", () => {
    const bins = repeatProbabilityDistribution([
      { bin: 0, customers: 6 },
      { bin: 9, customers: 2 },
      { bin: 3, customers: 2 },
    ]);
    expect(bins).toHaveLength(10);
    expect(bins.map((bin) => bin.customers)).toEqual([6, 0, 0, 2, 0, 0, 0, 0, 0, 2]);
    expect(bins[0]).toEqual({ from: 0, to: 0.1, customers: 6, share: 0.6 });
  });

  it("lists segments in canonical order with customer and revenue shares", () => {
    const sizes = segmentSizes(
      [
        { segment: "lurker", customers: 90, revenue: 600 },
        { segment: "lover", customers: 10, revenue: 400 },
      ],
      ["lover", "liker", "lurker"],
    );
    expect(sizes).toEqual([
      { segment: "lover", customers: 10, revenue: 400, share: 0.1, revenueShare: 0.4 },
      { segment: "liker", customers: 0, revenue: 0, share: 0, revenueShare: 0 },
      { segment: "lurker", customers: 90, revenue: 600, share: 0.9, revenueShare: 0.6 },
    ]);
  });

  it.each([
    [0, "low"],
    [0.1999, "low"],
    [0.2, "medium"],
    [0.4999, "medium"],
    [0.5, "high"],
    [1, "high"],
  ])("P(repeat) %f is in the %s band", (p, band) => {
    expect(scoreBandOf(p)).toBe(band);
  });
});

describe("score explanation", () => {
  const now = utc(2026, 6, 1);
  it("reads like the issue's example", () => {
    const explanation = explainScore({ orderCount: 3, lastOrderAt: now - 40 * DAY, now, pRepeat90: 0.62, pAlive: 0.91, expectedNextOrderAt: null, confidence: "high" });
    expect(explanation.text).toBe(
      "Bought 3 times, last 40 days ago; customers like this buy again within 90 days 62% of the time. Active: a 91% chance they are still a customer.",
    );
  });
  it("mentions the next order, and that one order says little", () => {
    const explanation = explainScore({ orderCount: 1, lastOrderAt: now - DAY, now, pRepeat90: 0.084, pAlive: 0.7, expectedNextOrderAt: now + 12 * DAY, confidence: "low" });
    expect(explanation.text).toBe(
      "Bought once, yesterday; customers like this buy again within 90 days 8% of the time. Active: a 70% chance they are still a customer. The next order is expected in about 12 days. One order says little about a customer's habits, so treat this as a rough guide.",
    );
  });
  it("a repeat customer of a young shop is told the history is short", () => {
    const explanation = explainScore({ orderCount: 2, lastOrderAt: now - 5 * DAY, now, pRepeat90: 0.3, pAlive: 0.5, expectedNextOrderAt: null, confidence: "low" });
    expect(explanation.text).toContain("At risk: a 50% chance they are still a customer. The shop's history is still short");
  });
  it("the 729-day one-time buyer of the issue reads as likely lost, not 100% active", () => {
    const explanation = explainScore({ orderCount: 1, lastOrderAt: now - 729 * DAY, now, pRepeat90: 0.0248, pAlive: 0.06, expectedNextOrderAt: null, confidence: "low" });
    expect(explanation.status).toBe("likely_lost");
    expect(explanation.text).toContain("Likely lost: a 6% chance they are still a customer.");
  });
  // The page prints percentText / pAliveText next to the sentence: one rounding for both.
  it.each([
    [0.0248, "2%"],
    [0.025, "3%"],
    [0.6251, "63%"],
    [0.003, "<1%"],
    [0, "0%"],
    [0.997, ">99%"],
    [1, "100%"],
  ])("P(repeat) %f is printed as %s in the sentence and the figure", (p, text) => {
    const explanation = explainScore({ orderCount: 2, lastOrderAt: now - DAY, now, pRepeat90: p, pAlive: p, expectedNextOrderAt: null, confidence: "high" });
    expect(explanation.percentText).toBe(text);
    expect(explanation.pAliveText).toBe(text);
    expect(explanation.text).toContain(`within 90 days ${text} of the time`);
    expect(explanation.text).toContain(`a ${text} chance they are still a customer`);
  });
});

describe("data sufficiency", () => {
  it("uses the confidence thresholds of the scoring engine", () => {
    for (const level of ["medium", "high"] as const) {
      const { customers, repeatCustomers } = CONFIDENCE_REQUIREMENTS[level];
      expect(assessConfidence(customers, repeatCustomers, true)).toBe(level);
      expect(assessConfidence(customers - 1, repeatCustomers, true)).not.toBe(level);
      expect(assessConfidence(customers, repeatCustomers - 1, true)).not.toBe(level);
    }
  });
  it("says what is missing for the next level", () => {
    expect(dataSufficiency(300, 30)).toEqual({ customers: 300, repeatCustomers: 30, nextLevel: "high", missing: { customers: 200, repeatCustomers: 70 }, progressToHigh: 0.3 });
    expect(dataSufficiency(50, 5).nextLevel).toBe("medium");
    expect(dataSufficiency(900, 300)).toMatchObject({ nextLevel: null, progressToHigh: 1 });
  });
});

describe("offer reach preview", () => {
  it("computes issued codes, expected redemptions and cost by hand", () => {
    // 200 customers, Σ P(repeat 90) = 40, AOV 50; 15 % off, 45-day codes, 10 % control:
    // redemptions = 40 × 0.9 × 45/90 = 18; per redemption 7.50; cost 135.
    expect(offerReachPreview({ reach: 200, pRepeat90Sum: 40, averageOrderValue: 50 }, { discountType: "percentage", discountValue: 15, validityDays: 45, controlShare: 0.1 })).toEqual({
      reach: 200,
      issued: 180,
      expectedRedemptions: 18,
      discountPerRedemption: 7.5,
      expectedCost: 135,
      windowDays: 45,
    });
    const yearLong = offerReachPreview({ reach: 10, pRepeat90Sum: 2, averageOrderValue: 50 }, { discountType: "fixed_amount", discountValue: 5, validityDays: 365, controlShare: 0 });
    expect(yearLong.expectedCost).toBe(10);
    // A code valid longer than the score's 90 days is counted over those 90 days only, and says so.
    expect(yearLong.windowDays).toBe(90);
  });
});
