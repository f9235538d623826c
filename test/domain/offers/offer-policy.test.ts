import { describe, expect, it } from "vitest";
import {
  assignmentBucket,
  COUPON_ALPHABET,
  decideOffer,
  estimateLift,
  generateCouponCode,
  isInControlGroup,
  matchTargeting,
  normalQuantile,
  normalUpperTail,
  offerPerformance,
  offerRuleProblems,
  OFFER_SEGMENTS,
  planDemoOfferHistory,
  surveyReport,
  type CustomerProfile,
  type OfferTerms,
} from "../../../app/domain/offers";
import { createSeededRandom } from "../../../app/domain/random/seeded-random";
import { offer } from "../../support/offers";

const NOW = new Date("2026-11-01T12:00:00Z");

const scored = (pRepeat90: number, segments: string[] = ["new", "lurker"]): CustomerProfile => ({ scored: true, pRepeat90, segments });
const order = { orderGid: "gid://shopify/Order/1", customerGid: "gid://shopify/Customer/7", isFirstOrder: true };

describe("offer rules", () => {
  const valid: OfferTerms = offer();
  it.each([
    ["a valid offer", {}, []],
    ["percentage above 100", { discountValue: 120 }, ["discountValue"]],
    ["fixed amount above 100 is fine", { discountType: "fixed_amount" as const, discountValue: 120 }, []],
    ["end before start", { startsAt: new Date("2026-02-01"), endsAt: new Date("2026-01-01") }, ["endsAt"]],
    ["end equal to start", { startsAt: new Date("2026-02-01"), endsAt: new Date("2026-02-01") }, ["endsAt"]],
    ["empty band", { targeting: { minPRepeat90: 0.5, maxPRepeat90: 0.5 } }, ["targeting.maxPRepeat90"]],
    ["segment both included and excluded", { targeting: { includeSegments: ["loyal"], excludeSegments: ["loyal"] } }, ["targeting.excludeSegments"]],
  ])("%s", (_name, overrides, fields) => {
    expect(offerRuleProblems({ ...valid, ...overrides }).map((problem) => problem.field)).toEqual(fields);
  });

  it("lists the RFM groups and the value-ladder rungs as segments", () => {
    expect(OFFER_SEGMENTS).toEqual(expect.arrayContaining(["champions", "loyal", "at_risk", "dormant", "lover", "liker", "lurker"]));
    expect(OFFER_SEGMENTS).not.toContain("hibernating");
  });
});

describe("targeting", () => {
  it.each([
    ["inside an upper band", { maxPRepeat90: 0.4 }, scored(0.39), true],
    ["at the exclusive upper bound", { maxPRepeat90: 0.4 }, scored(0.4), false],
    ["at the inclusive lower bound", { minPRepeat90: 0.2 }, scored(0.2), true],
    ["below the lower bound", { minPRepeat90: 0.2 }, scored(0.19), false],
    ["excluded segment", { excludeSegments: ["lover"] }, scored(0.1, ["champions", "lover"]), false],
    ["not in an included segment", { includeSegments: ["at_risk"] }, scored(0.1, ["loyal", "liker"]), false],
    ["in an included segment", { includeSegments: ["at_risk", "dormant"] }, scored(0.1, ["dormant", "lurker"]), true],
    ["unscored, band, baseline inside", { maxPRepeat90: 0.4 }, { scored: false, baselinePRepeat90: 0.2 } as CustomerProfile, true],
    ["unscored, band, baseline outside", { maxPRepeat90: 0.4 }, { scored: false, baselinePRepeat90: 0.5 } as CustomerProfile, false],
    ["unscored, band, no baseline", { maxPRepeat90: 0.4 }, { scored: false, baselinePRepeat90: null } as CustomerProfile, false],
    ["unscored, exclude only", { excludeSegments: ["lover"] }, { scored: false, baselinePRepeat90: null } as CustomerProfile, true],
    ["unscored, include", { includeSegments: ["new"] }, { scored: false, baselinePRepeat90: null } as CustomerProfile, false],
  ])("%s", (_name, targeting, profile, matches) => {
    expect(matchTargeting(targeting, profile).matches).toBe(matches);
  });
});

describe("decideOffer", () => {
  it("issues the highest-priority matching live offer, valid for its days from now", () => {
    const decision = decideOffer({
      offers: [offer({ id: "low", priority: 1 }), offer({ id: "high", priority: 5, validityDays: 10 }), offer({ id: "paused", priority: 9, status: "paused" })],
      order,
      profile: scored(0.3),
      now: NOW,
    });
    expect(decision.outcome).toBe("issue");
    if (decision.outcome !== "issue") return;
    expect(decision.offer.id).toBe("high");
    expect(decision.expiresAt.getTime() - NOW.getTime()).toBe(10 * 86_400_000);
  });

  it("breaks priority ties by age, then id", () => {
    const decision = decideOffer({
      offers: [offer({ id: "b", createdAt: new Date("2026-03-01") }), offer({ id: "a", createdAt: new Date("2026-03-01") }), offer({ id: "c", createdAt: new Date("2026-04-01") })],
      order,
      profile: scored(0.3),
      now: NOW,
    });
    expect(decision.outcome === "issue" && decision.offer.id).toBe("a");
  });

  it("falls through to a lower-priority offer when the higher one does not target the customer", () => {
    const decision = decideOffer({ offers: [offer({ id: "top", priority: 5, targeting: { maxPRepeat90: 0.2 } }), offer({ id: "next" })], order, profile: scored(0.3), now: NOW });
    expect(decision.outcome === "issue" && decision.offer.id).toBe("next");
  });

  it.each([
    ["no offers", [], "no_active_offer"],
    ["draft only", [offer({ status: "draft" })], "no_active_offer"],
    ["not started", [offer({ startsAt: new Date("2026-12-01") })], "no_active_offer"],
    ["ended (endsAt exclusive)", [offer({ endsAt: NOW })], "no_active_offer"],
    ["first-order offer, repeat order", [offer({ orderScope: "first_order" })], "not_first_order"],
    ["outside the band", [offer({ targeting: { maxPRepeat90: 0.4 } })], "outside_band"],
  ])("no offer: %s", (_name, offers, reason) => {
    const decision = decideOffer({ offers, order: { ...order, isFirstOrder: false }, profile: scored(0.8), now: NOW });
    expect(decision).toEqual({ outcome: "none", reason });
  });

  it("holds out the control group, recorded as control", () => {
    const decision = decideOffer({ offers: [offer({ controlShare: 0.9999 })], order, profile: scored(0.3), now: NOW });
    expect(decision.outcome).toBe("control");
  });

  it("splits guests by order", () => {
    const guest = { orderGid: "gid://shopify/Order/99", customerGid: null, isFirstOrder: true };
    const expected = isInControlGroup("offer-a", guest.orderGid, 0.5) ? "control" : "issue";
    expect(decideOffer({ offers: [offer({ controlShare: 0.5 })], order: guest, profile: { scored: false, baselinePRepeat90: null }, now: NOW }).outcome).toBe(expected);
  });
});

describe("control-group assignment", () => {
  const customers = Array.from({ length: 10_000 }, (_, index) => `gid://shopify/Customer/${1_000_001 + index}`);

  it.each([0.05, 0.1, 0.25, 0.5])("matches a %s share within ±2% over 10,000 customers", (share) => {
    const held = customers.filter((customer) => isInControlGroup("offer-a", customer, share)).length;
    expect(Math.abs(held / customers.length - share)).toBeLessThan(0.02);
  });

  it("is deterministic per customer and independent across offers", () => {
    const first = customers.map((customer) => isInControlGroup("offer-a", customer, 0.1));
    expect(customers.map((customer) => isInControlGroup("offer-a", customer, 0.1))).toEqual(first);
    const other = customers.map((customer) => isInControlGroup("offer-b", customer, 0.1));
    const both = first.filter((held, index) => held && other[index]).length;
    expect(both / customers.length).toBeLessThan(0.02); // ≈ 0.1 × 0.1 when independent
    expect(assignmentBucket("offer-a", customers[0])).toBe(assignmentBucket("offer-a", customers[0]));
  });
});

describe("coupon codes", () => {
  it("are 12 unambiguous characters from the injected source, and distinct", () => {
    const random = createSeededRandom(1);
    const bytes = (length: number) => Uint8Array.from({ length }, () => Math.floor(random.next() * 256));
    const codes = Array.from({ length: 5_000 }, () => generateCouponCode(bytes));
    for (const code of codes) expect(code).toMatch(new RegExp(`^[${COUPON_ALPHABET}]{12}$`));
    expect(new Set(codes).size).toBe(codes.length);
    expect(COUPON_ALPHABET).not.toMatch(/[01ILO]/);
  });

  it("rejects bytes outside the unbiased range and refuses short codes", () => {
    let calls = 0;
    const code = generateCouponCode((length) => Uint8Array.from({ length }, (_, index) => (calls++ === 0 && index < 12 ? 255 : 0)));
    expect(code).toBe("222222222222");
    expect(() => generateCouponCode(() => new Uint8Array(32), 8)).toThrow(RangeError);
  });
});

describe("lift", () => {
  it("normal helpers agree with tables", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959964, 5);
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
  });

  it("reproduces Newcombe's worked example (56/70 vs 48/80: interval 0.0524 to 0.3339)", () => {
    const lift = estimateLift({ successes: 56, trials: 70 }, { successes: 48, trials: 80 })!;
    expect(lift.difference).toBeCloseTo(0.2, 10);
    expect(lift.interval.lower).toBeCloseTo(0.0524, 3);
    expect(lift.interval.upper).toBeCloseTo(0.3339, 3);
    expect(lift.significant).toBe(true);
    // pooled z-test: p̂ = 104/150
    const pooled = 104 / 150;
    expect(lift.z).toBeCloseTo(0.2 / Math.sqrt(pooled * (1 - pooled) * (1 / 70 + 1 / 80)), 10);
    expect(lift.pValue).toBeCloseTo(2 * normalUpperTail(lift.z), 10);
  });

  it("is null until both groups have customers, and handles zero rates", () => {
    expect(estimateLift({ successes: 1, trials: 10 }, { successes: 0, trials: 0 })).toBeNull();
    const zero = estimateLift({ successes: 0, trials: 10 }, { successes: 0, trials: 10 })!;
    expect(zero.difference).toBe(0);
    expect(zero.relativeLift).toBeNull();
    expect(zero.pValue).toBe(1);
    expect(zero.interval.lower).toBeLessThan(0);
    expect(zero.interval.upper).toBeGreaterThan(0);
  });

  it("offerPerformance derives rates and money", () => {
    const report = offerPerformance({
      issued: 200, redeemed: 50, control: 20, attributedRevenue: 4000.004, discountCost: 600.5, windowDays: 90,
      issuedMeasured: 150, issuedRepeated: 45, controlMeasured: 15, controlRepeated: 3,
    });
    expect(report.redemptionRate).toBe(0.25);
    expect(report.attributedRevenue).toBe(4000);
    expect(report.repeat.issued.rate).toBeCloseTo(0.3, 12);
    expect(report.lift?.difference).toBeCloseTo(0.1, 12);
  });
});

describe("survey report", () => {
  it("lists current options in order with zeros, then retired answers", () => {
    const report = surveyReport({ question: "Q", options: ["A", "B", "C"] }, [
      { answer: "B", count: 3 },
      { answer: "Old", count: 1 },
    ]);
    expect(report.responses).toBe(4);
    expect(report.answers.map((row) => [row.answer, row.count])).toEqual([["A", 0], ["B", 3], ["C", 0], ["Old", 1]]);
    expect(report.answers[1].share).toBe(0.75);
  });
});

describe("demo offer history", () => {
  it("plans decisions and redemptions consistent with the orders", () => {
    const firstOrders = Array.from({ length: 400 }, (_, index) => ({
      orderGid: `gid://shopify/Order/${index}`,
      customerId: `c${index}`,
      customerGid: `gid://shopify/Customer/${index}`,
      placedAt: new Date(NOW.getTime() - (index + 2) * 86_400_000),
      currency: "USD",
      next: index % 2 === 0 ? { orderGid: `gid://shopify/Order/n${index}`, placedAt: new Date(NOW.getTime() - index * 86_400_000), subtotal: 60, totalPrice: 65, discountCodes: [] } : null,
    }));
    const plan = planDemoOfferHistory(offer({ controlShare: 0.1, minimumSubtotal: 40, orderScope: "first_order" }), firstOrders, createSeededRandom(3));
    expect(plan).toHaveLength(400);
    const control = plan.filter((decision) => decision.outcome === "control");
    expect(control.length).toBeGreaterThan(20);
    expect(control.every((decision) => decision.code === null && decision.redemption === null)).toBe(true);
    const redeemed = plan.filter((decision) => decision.redemption);
    expect(redeemed.length).toBeGreaterThan(50);
    for (const decision of redeemed) {
      expect(decision.redemption!.redeemedAt.getTime()).toBeLessThanOrEqual(decision.expiresAt!.getTime());
      expect(decision.redemption!.discountAmount).toBe(9);
    }
    expect(planDemoOfferHistory(offer({ controlShare: 0.1 }), firstOrders, createSeededRandom(3))).toEqual(planDemoOfferHistory(offer({ controlShare: 0.1 }), firstOrders, createSeededRandom(3)));
  });
});
