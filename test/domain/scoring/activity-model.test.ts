/**
 * Churn risk that a merchant can read: P(alive) from a model in which a one-time buyer can be gone (MBG/NBD or
 * Pareto/NBD), a status from it, and per-customer confidence that says how little one order tells.
 */
import { describe, expect, it } from "vitest";
import { generateDemoHistory } from "../../../app/domain/demo/generate-demo-history";
import { moneyToCents } from "../../../app/domain/demo/demo-money";
import {
  activityStatus,
  backtest,
  bgNbdProbabilityAlive,
  buildCustomerSummaries,
  chooseActivityModel,
  customerConfidence,
  customerScoreAt,
  fitMbgNbd,
  fitScoringModel,
  mbgNbdLogLikelihood,
  mbgNbdProbabilityAlive,
  mbgNbdExpectedPurchases,
  MS_PER_DAY,
  scoreCustomers,
  compressRecencyFrequency,
  type OrderRecord,
} from "../../../app/domain/scoring";
import { loadCalibrationHoldout } from "./cdnow-data";

describe("MBG/NBD on CDNOW", () => {
  const data = loadCalibrationHoldout();
  const fit = fitMbgNbd(data, { timeUnit: "weeks" });

  it("reproduces the published fit: r 0.525, α 6.183, a 0.891, b 1.614, LL −9582.1357", () => {
    expect(fit.report.converged).toBe(true);
    expect(fit.params.r).toBeCloseTo(0.52484, 3);
    expect(fit.params.alpha).toBeCloseTo(6.18309, 2);
    expect(fit.params.a).toBeCloseTo(0.89136, 3);
    expect(fit.params.b).toBeCloseTo(1.614, 3);
    expect(fit.report.logLikelihood).toBeCloseTo(-9582.1357, 3);
  });

  it("the analytic gradient matches central differences", () => {
    const rows = compressRecencyFrequency(data.x, data.tx, data.T);
    const p = [0.4, 5, 0.8, 2];
    const gradient = new Float64Array(4);
    mbgNbdLogLikelihood(p[0], p[1], p[2], p[3], rows, gradient);
    for (let k = 0; k < 4; k++) {
      const h = 1e-6 * p[k];
      const up = [...p];
      const down = [...p];
      up[k] += h;
      down[k] -= h;
      const numeric = (mbgNbdLogLikelihood(up[0], up[1], up[2], up[3], rows) - mbgNbdLogLikelihood(down[0], down[1], down[2], down[3], rows)) / (2 * h);
      expect(gradient[k]).toBeCloseTo(numeric, 2);
    }
  });

  it("a one-time buyer is not certainly alive, and less so the longer ago they bought", () => {
    const young = mbgNbdProbabilityAlive(fit.params, 0, 0, 2);
    const old = mbgNbdProbabilityAlive(fit.params, 0, 0, 38);
    expect(young).toBeLessThan(1);
    expect(old).toBeLessThan(young);
    // The BG/NBD, by construction, says 1 to both.
    expect(bgNbdProbabilityAlive({ model: "bgnbd", r: 0.24, alpha: 4.4, a: 0.79, b: 2.43, timeUnit: "weeks" }, 0, 0, 38)).toBe(1);
  });

  it("holdout expectation stays near the BG/NBD's (1653) and below the actual 1882", () => {
    let sum = 0;
    for (let i = 0; i < data.x.length; i++) sum += mbgNbdExpectedPurchases(fit.params, data.x[i], data.tx[i], data.T[i], 39);
    expect(sum).toBeGreaterThan(1500);
    expect(sum).toBeLessThan(1882);
  });
});

describe("activity status and confidence", () => {
  it.each([
    [0.9, "active"],
    [2 / 3, "active"],
    [0.5, "at_risk"],
    [1 / 3, "at_risk"],
    [0.2, "likely_lost"],
    [0, "likely_lost"],
  ])("P(alive) %f reads as %s", (p, status) => {
    expect(activityStatus(p)).toBe(status);
  });

  it.each([
    ["high", 0, "low"],
    ["high", 1, "medium"],
    ["high", 2, "medium"],
    ["high", 3, "high"],
    ["medium", 5, "medium"],
    ["low", 10, "low"],
  ] as const)("a %s-confidence shop, %d repeat purchases → %s", (shop, x, level) => {
    expect(customerConfidence(shop, x)).toBe(level);
  });

  it("the activity model whose holdout total is closer to the actual wins; MBG/NBD without a holdout", () => {
    const result = (predicted: number) => ({ totals: { predicted, actual: 992 } });
    expect(chooseActivityModel({ pnbd: result(937.7), mbgnbd: result(925.4) })).toBe("pnbd");
    expect(chooseActivityModel({ pnbd: result(1100), mbgnbd: result(960), bgnbd: result(992) })).toBe("mbgnbd");
    expect(chooseActivityModel({})).toBe("mbgnbd");
  });
});

describe("the demo shop (issue 15, item 1)", () => {
  const now = new Date("2026-12-06T00:00:00Z");
  const history = generateDemoHistory({ seed: 42, now });
  const orders: OrderRecord[] = history.orders
    .filter((order) => order.customerId !== null && order.cancelledAt === null)
    .map((order) => ({ customerId: order.customerId!, timestamp: Date.parse(order.processedAt), amount: moneyToCents(order.totalPrice) / 100 }));
  const summaries = buildCustomerSummaries(orders, { observationEnd: now.getTime(), timeUnit: "days" });
  // What scoring does on the demo shop: BG/NBD counts (it wins the holdout), P(alive) from the Pareto/NBD,
  // which predicts the holdout better than the MBG/NBD (937.7 vs 925.4 of 992 repeat purchases).
  const cutoff = now.getTime() - 243 * MS_PER_DAY;
  const activityModel = chooseActivityModel({
    pnbd: backtest(orders, { cutoff, end: now.getTime(), timeUnit: "days", model: "pnbd" }),
    mbgnbd: backtest(orders, { cutoff, end: now.getTime(), timeUnit: "days", model: "mbgnbd" }),
  });
  const model = fitScoringModel(summaries, { model: "bgnbd", activityModel });
  const table = scoreCustomers(summaries, model);

  it("P(alive) comes from the Pareto/NBD", () => {
    expect(activityModel).toBe("pnbd");
    expect(model.activity?.model).toBe("pnbd");
  });

  it("a customer who bought once about two years ago is likely lost, not 100% active", () => {
    let oldest = -1;
    for (let i = 0; i < summaries.size; i++) if (summaries.x[i] === 0 && (oldest < 0 || summaries.T[i] > summaries.T[oldest])) oldest = i;
    expect(summaries.T[oldest]).toBeGreaterThan(700);
    const score = customerScoreAt(table, oldest);
    expect(score.pAlive).toBeLessThan(1 / 3);
    expect(activityStatus(score.pAlive)).toBe("likely_lost");
  });

  it("recent one-time buyers are more likely active than old ones, and recent repeat buyers are active", () => {
    const byAge = { recent: [] as number[], old: [] as number[] };
    let recentRepeat = -1;
    for (let i = 0; i < summaries.size; i++) {
      if (summaries.x[i] === 0 && summaries.T[i] < 30) byAge.recent.push(table.pAlive[i]);
      if (summaries.x[i] === 0 && summaries.T[i] > 600) byAge.old.push(table.pAlive[i]);
      if (summaries.x[i] >= 3 && summaries.T[i] - summaries.tx[i] < 14) recentRepeat = i;
    }
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(byAge.recent)).toBeGreaterThan(mean(byAge.old) + 0.2);
    expect(activityStatus(table.pAlive[recentRepeat])).toBe("active");
    // Every score is a probability strictly inside (0, 1) for one-time buyers.
    for (let i = 0; i < summaries.size; i++) if (summaries.x[i] === 0) expect(table.pAlive[i]).toBeLessThan(1);
  });

  it("share of one-time buyers 'likely lost' grows with time since their order", () => {
    const lostShare = (minDays: number, maxDays: number) => {
      let lost = 0;
      let all = 0;
      for (let i = 0; i < summaries.size; i++) {
        if (summaries.x[i] !== 0 || summaries.T[i] < minDays || summaries.T[i] >= maxDays) continue;
        all++;
        if (activityStatus(table.pAlive[i]) === "likely_lost") lost++;
      }
      return lost / all;
    };
    expect(lostShare(365, 800)).toBeGreaterThan(lostShare(0, 90));
  });
});
