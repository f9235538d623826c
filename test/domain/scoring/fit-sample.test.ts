/**
 * Large shops are fitted on a sample of their customers (app/domain/scoring/fit-sample.ts). The sample must
 * not change the answer materially: on a simulated 400,000-customer BG/NBD shop, the fit on a 200,000-customer
 * sample agrees with the fit on everyone within a few percent per parameter, and the 90-day repeat probability
 * every customer is scored with moves by well under a percentage point.
 */
import { describe, expect, it } from "vitest";
import { hash32 } from "../../../app/domain/random/hash32";
import { createSeededRandom } from "../../../app/domain/random/seeded-random";
import {
  backtest,
  buildCustomerSummaries,
  DEFAULT_FIT_SAMPLING,
  fitSampleIndices,
  fitScoringModel,
  gammaGammaPopulationMeanSpend,
  MS_PER_DAY,
  NO_FIT_SAMPLING,
  probabilityOfPurchase,
  simulateBgNbdOrders,
  type BgNbdParams,
  type GammaGammaParams,
  type OrderRecord,
} from "../../../app/domain/scoring";

const TRUTH: BgNbdParams = { model: "bgnbd", r: 0.75, alpha: 70, a: 0.8, b: 2.5, timeUnit: "days" };
const SPEND: GammaGammaParams = { model: "gg", p: 6, q: 4, gamma: 25 };
const END = Date.UTC(2026, 0, 1) - 1;
const START = END - 730 * MS_PER_DAY;

function simulatedOrders(customers: number, seed: number): OrderRecord[] {
  const simulated = simulateBgNbdOrders(TRUTH, SPEND, customers, START, END, createSeededRandom(seed));
  const orders: OrderRecord[] = new Array(simulated.length);
  for (let k = 0; k < simulated.length; k++) {
    orders[k] = { customerId: `customer-${simulated.customerIndex[k]}`, timestamp: simulated.timestamp[k], amount: simulated.amount[k] };
  }
  return orders;
}

describe("the fit sample", () => {
  const ids = Array.from({ length: 1_000_000 }, (_, i) => `customer-${i}`);

  it("is about the target size, the same on every call, and only drawn above the threshold", () => {
    const sample = fitSampleIndices(ids)!;
    expect(Math.abs(sample.length - DEFAULT_FIT_SAMPLING.target)).toBeLessThan(2_000); // ±4.5 binomial SDs
    expect(Array.from(fitSampleIndices(ids)!.subarray(0, 100))).toEqual(Array.from(sample.subarray(0, 100)));
    expect(fitSampleIndices(ids.slice(0, DEFAULT_FIT_SAMPLING.above))).toBeNull();
    expect(fitSampleIndices(ids, NO_FIT_SAMPLING)).toBeNull();
  });

  it("spreads over the ids evenly (every tenth of the id range holds a tenth of the sample)", () => {
    const sample = fitSampleIndices(ids)!;
    const deciles = new Array(10).fill(0);
    for (const i of sample) deciles[Math.floor(i / 100_000)]++;
    for (const count of deciles) expect(Math.abs(count / sample.length - 0.1)).toBeLessThan(0.005);
    // Sequential ids must not hash into runs: neighbours are in or out independently.
    let both = 0;
    const picked = new Uint8Array(ids.length);
    for (const i of sample) picked[i] = 1;
    for (let i = 1; i < ids.length; i++) both += picked[i] & picked[i - 1];
    expect(both / (ids.length - 1)).toBeCloseTo(0.04, 2);
    expect(hash32("customer-1")).not.toBe(hash32("customer-2"));
  });
});

describe("fitting a 400,000-customer shop on a 200,000-customer sample", () => {
  it("agrees with the fit on every customer: parameters within 5 %, P(repeat in 90 days) within 0.1 point on average, 1 point for any customer", () => {
    const summaries = buildCustomerSummaries(simulatedOrders(400_000, 14), { observationEnd: END, timeUnit: "days" });
    const full = fitScoringModel(summaries, { model: "bgnbd", activityModel: "pnbd", sampling: NO_FIT_SAMPLING });
    const sampled = fitScoringModel(summaries, { model: "bgnbd", activityModel: "pnbd" });

    expect(full.fittedOn).toEqual({ customers: 400_000, of: 400_000 });
    expect(sampled.fittedOn!.of).toBe(400_000);
    expect(Math.abs(sampled.fittedOn!.customers - 200_000)).toBeLessThan(2_000);
    expect(sampled.transactionFit!.customers).toBe(sampled.fittedOn!.customers);
    expect(sampled.transactionFit!.converged).toBe(true);
    // Counts and the shop mean are over everyone, whatever the fit saw.
    expect(sampled.customers).toBe(full.customers);
    expect(sampled.repeatCustomers).toBe(full.repeatCustomers);
    expect(sampled.shopMeanOrderValue).toBe(full.shopMeanOrderValue);

    // Sampling error: with n = 200k out of N = 400k the sample estimate's SD around the full one is
    // √(1/n − 1/N) ≈ 0.7 of the 200k SE, ~1–2 % for these parameters; 5 % is over 3 SDs.
    const relative = (a: number, b: number) => Math.abs(a / b - 1);
    for (const name of ["r", "alpha", "a", "b"] as const) {
      expect(relative((sampled.transactions as BgNbdParams)[name], (full.transactions as BgNbdParams)[name]), name).toBeLessThan(0.05);
    }
    // Gamma-Gamma sees only the sample's repeat buyers (~70k here), and p and γ trade off against each other;
    // the mean spend they imply, which CLV scales with, is much tighter.
    expect(relative(sampled.spend!.p, full.spend!.p)).toBeLessThan(0.05);
    expect(relative(sampled.spend!.q, full.spend!.q)).toBeLessThan(0.05);
    expect(relative(sampled.spend!.gamma, full.spend!.gamma)).toBeLessThan(0.05);
    expect(relative(gammaGammaPopulationMeanSpend(sampled.spend!), gammaGammaPopulationMeanSpend(full.spend!))).toBeLessThan(0.01);

    let sumDifference = 0;
    let maxDifference = 0;
    for (let i = 0; i < summaries.size; i++) {
      const p = (params: typeof full.transactions) => probabilityOfPurchase(params, summaries.x[i], summaries.tx[i], summaries.T[i], 90);
      const difference = Math.abs(p(sampled.transactions) - p(full.transactions));
      sumDifference += difference;
      maxDifference = Math.max(maxDifference, difference);
    }
    expect(sumDifference / summaries.size).toBeLessThan(0.001);
    expect(maxDifference).toBeLessThan(0.01);
  }, 180_000);
});

describe("a backtest fitted on a sample", () => {
  it("judges the sample's parameters on every calibration customer", () => {
    const orders = simulatedOrders(6_000, 3);
    const period = { cutoff: END - 240 * MS_PER_DAY, end: END, timeUnit: "days" as const, model: "bgnbd" as const };
    const whole = backtest(orders, { ...period, sampling: NO_FIT_SAMPLING });
    const sampled = backtest(orders, { ...period, sampling: { above: 1_000, target: 1_500 } });

    expect(whole.fittedOn).toEqual({ customers: whole.calibrationCustomers, of: whole.calibrationCustomers });
    expect(sampled.calibrationCustomers).toBe(whole.calibrationCustomers);
    expect(sampled.fittedOn.of).toBe(whole.calibrationCustomers);
    expect(sampled.fittedOn.customers).toBeGreaterThan(1_200);
    expect(sampled.fittedOn.customers).toBeLessThan(1_800);
    expect(sampled.fit.customers).toBe(sampled.fittedOn.customers);
    // What happened is counted for everyone, and the predictions are summed over everyone.
    expect(sampled.totals.actual).toBe(whole.totals.actual);
    expect(sampled.activity.actualBuyers).toBe(whole.activity.actualBuyers);
    expect(sampled.byFrequency.map((bucket) => bucket.customers)).toEqual(whole.byFrequency.map((bucket) => bucket.customers));
    expect(sampled.byFrequency.reduce((sum, bucket) => sum + bucket.customers, 0)).toBe(whole.calibrationCustomers);
    expect(Math.abs(sampled.totals.predicted / whole.totals.predicted - 1)).toBeLessThan(0.1);
    expect(sampled.params).not.toEqual(whole.params);
  });
});
