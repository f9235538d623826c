import { describe, expect, it } from "vitest";
import {
  AUTO_INCENTIVE_RULES,
  autoBandOf,
  autoIncentiveAssignment,
  decideAutoBand,
  decideAutoIncentive,
  type AutoBandDecision,
  type AutoBandHistory,
} from "../../../app/domain/offers/auto-incentive";
import { assignmentBucket } from "../../../app/domain/offers/control-group";
import { estimateLift } from "../../../app/domain/offers/lift";
import { bernoulli, uniform } from "../../../app/domain/random/samplers";
import { createSeededRandom } from "../../../app/domain/random/seeded-random";

/** Every repeat order is worth 60, so at the default 50 % margin an extra one earns 30. */
const ORDER_VALUE = 60;
const VALUE_PER_EXTRA_REPEAT = ORDER_VALUE * AUTO_INCENTIVE_RULES.grossMargin;

function history(issued: [number, number], control: [number, number], costPerCustomer: number, current?: AutoBandHistory["current"]): AutoBandHistory {
  return {
    bandId: "band",
    issued: { customers: issued[0], repeated: issued[1], repeatRevenue: issued[1] * ORDER_VALUE, redeemed: issued[1], discountCost: issued[0] * costPerCustomer },
    control: { customers: control[0], repeated: control[1], repeatRevenue: control[1] * ORDER_VALUE },
    current,
  };
}

/** 20 % vs 10 % of 1,000 customers each: +10 pp, worth 3.00 per customer offered the code. */
const TEN_POINTS: [[number, number], [number, number]] = [[1000, 200], [1000, 100]];
/** Each end of this interval is a one-sided bound at the default 95 %. */
const tenPointsLift = (twoSided: number) => estimateLift({ successes: 200, trials: 1000 }, { successes: 100, trials: 1000 }, twoSided)!.interval;

describe("decideAutoBand: does the measured lift pay for the discount?", () => {
  const { lower, upper } = tenPointsLift(0.9);
  it.each([
    { case: "cost just below the low end of the gain", cost: lower * VALUE_PER_EXTRA_REPEAT - 0.01, decision: "give", reasonCode: "pays" },
    { case: "cost just above the low end of the gain", cost: lower * VALUE_PER_EXTRA_REPEAT + 0.01, decision: "learning", reasonCode: "inconclusive" },
    { case: "cost just below the high end of the gain", cost: upper * VALUE_PER_EXTRA_REPEAT - 0.01, decision: "learning", reasonCode: "inconclusive" },
    { case: "cost just above the high end of the gain", cost: upper * VALUE_PER_EXTRA_REPEAT + 0.01, decision: "withhold", reasonCode: "does_not_pay" },
  ])("+10 pp lift, $case → $decision", ({ cost, decision, reasonCode }) => {
    const decided = decideAutoBand(history(...TEN_POINTS, cost));
    expect(decided).toMatchObject({ decision, reasonCode, breakEvenLift: cost / VALUE_PER_EXTRA_REPEAT });
    expect(decided.incrementalProfit!.estimate).toBeCloseTo(3 - cost, 10);
  });

  it("the stated confidence decides: a cost that 90 % one-sided calls paying is still open at 95 %", () => {
    const cost = ((tenPointsLift(0.8).lower + tenPointsLift(0.9).lower) / 2) * VALUE_PER_EXTRA_REPEAT;
    expect(decideAutoBand(history(...TEN_POINTS, cost), { confidence: 0.9 }).decision).toBe("give");
    expect(decideAutoBand(history(...TEN_POINTS, cost)).decision).toBe("learning");
  });

  it.each([
    { case: "control one short", issued: 100, control: 99, decision: "learning" },
    { case: "issued one short", issued: 99, control: 100, decision: "learning" },
    { case: "both at the minimum", issued: 100, control: 100, decision: "give" },
  ])(`minimum of ${AUTO_INCENTIVE_RULES.minCustomersPerArm} per arm: $case → $decision`, ({ issued, control, decision }) => {
    // 40 % vs 10 %: a lift far above its 1.00 cost as soon as it may be read.
    const decided = decideAutoBand(history([issued, Math.round(issued * 0.4)], [control, Math.round(control * 0.1)], 1));
    expect(decided.decision).toBe(decision);
    if (decision === "learning") expect(decided).toMatchObject({ reasonCode: "too_few_customers", incrementalProfit: null });
  });

  it("reads the control group: the same issued customers pay against 10 % and not against 30 %", () => {
    // 30 % came back with the code, which alone would look like 9.00 earned against 2.40 spent per customer.
    expect(decideAutoBand(history([1000, 300], [1000, 100], 2.4)).decision).toBe("give");
    expect(decideAutoBand(history([1000, 300], [1000, 300], 2.4)).decision).toBe("withhold");
  });

  it.each([
    { current: "give", decision: "give" },
    { current: "withhold", decision: "withhold" },
    { current: "learning", decision: "learning" },
    { current: undefined, decision: "learning" },
  ] as const)("inconclusive evidence keeps the current state: $current → $decision", ({ current, decision }) => {
    const decided = decideAutoBand(history(...TEN_POINTS, 3, current));
    expect(decided).toMatchObject({ decision, reasonCode: "inconclusive" });
  });

  it("an extra repeat order worth nothing measured: no break-even, any cost withholds", () => {
    const decided = decideAutoBand({ ...history(...TEN_POINTS, 1), issued: { ...history(...TEN_POINTS, 1).issued, repeatRevenue: 0 }, control: { customers: 1000, repeated: 100, repeatRevenue: 0 } });
    expect(decided).toMatchObject({ decision: "withhold", breakEvenLift: null, meanRepeatOrderValue: 0 });
    expect(decided.reason).toContain("worth nothing");
  });

  it("tells the merchant the decision and why, numbers included", () => {
    const give = decideAutoBand(history(...TEN_POINTS, 1));
    expect(give.reason).toMatch(/^Give the code\. /);
    for (const part of ["20.0 %", "10.0 %", "+10.0 pp", "1000 vs 1000 customers", "1.00 per customer", "30.00 (50.0 % margin on 60.00)", "+3.3 pp", "10.0 % are still held out"]) {
      expect(give.reason).toContain(part);
    }
    expect(decideAutoBand(history(...TEN_POINTS, 4)).reason).toMatch(/^Withhold the code\. .*10\.0 % of the band still gets the code/);
    expect(decideAutoBand(history([40, 10], [5, 1], 1)).reason).toBe(
      "Learning. 40 customers with the code and 5 without have been measured; 100 of each are needed to decide. Until then 50.0 % of the band does not get the code, to measure faster.",
    );
  });

  it.each([{ confidence: 0.5 }, { confidence: 1 }, { grossMargin: 0 }, { minCustomersPerArm: 0 }, { explorationShare: 1 }, { controlShare: 0.5, explorationShare: 0.5 }])(
    "rejects rules %o",
    (rules) => expect(() => decideAutoBand(history(...TEN_POINTS, 1), rules)).toThrow(RangeError),
  );
});

describe("autoIncentiveAssignment: who gets the code in a band", () => {
  const split = (decision: AutoBandDecision["decision"]) => {
    const cost = { give: 1, withhold: 4, learning: 3 }[decision];
    return decideAutoBand(history(...TEN_POINTS, cost)).split;
  };

  it("holds out the control share in every state, half while learning, and explores 10 % of a withheld band", () => {
    expect(split("give")).toEqual({ control: 0.1, withhold: 0, issue: 0.9 });
    expect(split("learning")).toEqual({ control: 0.5, withhold: 0, issue: 0.5 });
    expect(split("withhold")).toEqual({ control: 0.1, withhold: expect.closeTo(0.8, 12), issue: 0.1 });
  });

  it.each([
    { decision: "give", uniform: 0.0999, expected: "control" },
    { decision: "give", uniform: 0.1, expected: "issue" },
    { decision: "learning", uniform: 0.4999, expected: "control" },
    { decision: "learning", uniform: 0.5, expected: "issue" },
    { decision: "withhold", uniform: 0.0999, expected: "control" },
    { decision: "withhold", uniform: 0.1, expected: "withhold" },
    { decision: "withhold", uniform: 0.8999, expected: "withhold" },
    { decision: "withhold", uniform: 0.9, expected: "issue" },
  ] as const)("$decision, uniform $uniform → $expected", ({ decision, uniform: u, expected }) => {
    expect(autoIncentiveAssignment({ split: split(decision) }, u)).toBe(expected);
  });
});

describe("autoBandOf: bands on P(repeat in 90 days), lower edge inclusive", () => {
  it.each([
    [0, "p0-5"],
    [0.0499, "p0-5"],
    [0.05, "p5-10"],
    [0.3499, "p20-35"],
    [0.35, "p35-100"],
    [1, "p35-100"],
  ])("%f → %s", (pRepeat90, id) => expect(autoBandOf(pRepeat90).id).toBe(id));
});

/**
 * Simulated histories where the right answer is known. Two bands receive one order each per step:
 * - "no lift": 30 % come back with or without the code, so any discount is lost money;
 * - "lift": 10 % → 20 % with the code; the extra 10 pp earn 3.00 per customer, the discount costs ≈ 1.28.
 * 80 % of the customers who come back with a code use it (8.00 off a 40–80 order). An order's outcome is known
 * only MATURITY_ORDERS orders later (its 90-day window), and the policy re-decides every DECIDE_EVERY orders.
 * A policy that ignored the control group would see 30 % coming back and give the code in "no lift".
 */
const ORDERS_WITHIN = 4_000;
const SIMULATED_ORDERS = 2 * ORDERS_WITHIN; // the second half shows that the decisions stay
const DECIDE_EVERY = 100;
const MATURITY_ORDERS = 300;
const DISCOUNT = 8;
const REDEEMED_WHEN_BACK = 0.8;
const TRUE_BANDS = [
  { bandId: "no lift", repeatWithout: 0.3, repeatWith: 0.3 },
  { bandId: "lift", repeatWithout: 0.1, repeatWith: 0.2 },
];

function simulate(seed: number) {
  const rng = createSeededRandom(seed);
  const histories: AutoBandHistory[] = TRUE_BANDS.map(({ bandId }) => ({
    bandId,
    issued: { customers: 0, repeated: 0, repeatRevenue: 0, redeemed: 0, discountCost: 0 },
    control: { customers: 0, repeated: 0, repeatRevenue: 0 },
  }));
  const pending: { maturesAt: number; band: number; issued: boolean; repeated: boolean; value: number; redeemed: boolean }[] = [];
  const trace: { order: number; decisions: AutoBandDecision["decision"][] }[] = [];
  const assignments: ReturnType<typeof autoIncentiveAssignment>[][] = TRUE_BANDS.map(() => []);
  let decisions: AutoBandDecision[] = [];
  for (let order = 0; order < SIMULATED_ORDERS; order++) {
    while (pending.length > 0 && pending[0].maturesAt <= order) {
      const outcome = pending.shift()!;
      const band = histories[outcome.band];
      const arm = outcome.issued ? band.issued : band.control;
      arm.customers++;
      if (outcome.repeated) {
        arm.repeated++;
        arm.repeatRevenue += outcome.value;
      }
      if (outcome.redeemed) {
        band.issued.redeemed++;
        band.issued.discountCost += DISCOUNT;
      }
    }
    if (order % DECIDE_EVERY === 0) {
      decisions = decideAutoIncentive(histories);
      decisions.forEach((decided, band) => (histories[band].current = decided.decision));
      trace.push({ order, decisions: decisions.map((decided) => decided.decision) });
    }
    TRUE_BANDS.forEach((truth, band) => {
      const assignment = autoIncentiveAssignment(decisions[band], assignmentBucket(`auto-${seed}`, `${truth.bandId}/${order}`));
      assignments[band].push(assignment);
      const issued = assignment === "issue";
      const repeated = bernoulli(rng, issued ? truth.repeatWith : truth.repeatWithout);
      const value = uniform(rng, 40, 80);
      pending.push({ maturesAt: order + MATURITY_ORDERS, band, issued, repeated, value, redeemed: issued && repeated && bernoulli(rng, REDEEMED_WHEN_BACK) });
    });
  }
  /** The order from which the band holds `decision` until the end, or null if it does not end there. */
  const settledAt = (band: number, decision: AutoBandDecision["decision"]) => {
    const last = trace.findLastIndex((step) => step.decisions[band] !== decision);
    return last === trace.length - 1 ? null : (trace[last + 1]?.order ?? 0);
  };
  return { settledAt, trace, assignments };
}

describe(`auto-incentive on simulated histories (${SIMULATED_ORDERS.toLocaleString("en")} orders per band)`, () => {
  it.each([1, 2, 3, 4, 5])(
    `seed %i: withholds the code where it brings no lift and keeps giving it where it pays, within ${ORDERS_WITHIN.toLocaleString("en")} orders per band`,
    (seed) => {
      const { settledAt, trace, assignments } = simulate(seed);
      const withheldFrom = settledAt(0, "withhold");
      expect(withheldFrom).not.toBeNull();
      expect(withheldFrom!).toBeLessThanOrEqual(ORDERS_WITHIN);
      expect(settledAt(1, "give")!).toBeLessThanOrEqual(ORDERS_WITHIN);
      expect(trace.some((step) => step.decisions[1] === "withhold")).toBe(false);

      // The exploration share keeps measuring the withheld band: about 10 % still get the code.
      const afterWithholding = assignments[0].slice(withheldFrom!);
      const issuedShare = afterWithholding.filter((assignment) => assignment === "issue").length / afterWithholding.length;
      expect(issuedShare).toBeGreaterThan(0.07);
      expect(issuedShare).toBeLessThan(0.13);
    },
  );
});
