/**
 * Reference results on the CDNOW 1/10 sample (2,357 customers, weeks): see
 * shared/datasets/cdnow/README.md for the sources of every number below.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  backtest,
  bgNbdExpectedPurchases,
  bgNbdProbabilityAlive,
  buildCustomerSummaries,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  gammaGammaExpectedSpend,
  hyp2f1,
  paretoNbdExpectedPurchases,
  paretoNbdProbabilityAlive,
  type BgNbdFit,
  type GammaGammaFit,
  type ParetoNbdFit,
} from "../../../app/domain/scoring";
import { loadCalibrationHoldout, loadSampleOrders, type CdnowCalibrationHoldout } from "./cdnow-data";

const relativeError = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
let data: CdnowCalibrationHoldout;
let bg: BgNbdFit;
let pnbd: ParetoNbdFit;
let gg: GammaGammaFit;

beforeAll(() => {
  data = loadCalibrationHoldout();
  bg = fitBgNbd({ x: data.x, tx: data.tx, T: data.T }, { timeUnit: "weeks" });
  pnbd = fitParetoNbd({ x: data.x, tx: data.tx, T: data.T }, { timeUnit: "weeks" });
  gg = fitGammaGamma({ x: data.x, m: data.spend });
});

describe("BG/NBD on CDNOW", () => {
  it.each([
    ["r", 0.2426],
    ["alpha", 4.4137],
    ["a", 0.793],
    ["b", 2.4262],
  ] as const)("%s within 1e-3 relative of the published value", (name, expected) => {
    expect(relativeError(bg.params[name], expected)).toBeLessThan(1e-3);
  });
  it("log-likelihood −9582.43 ± 0.01, converged", () => {
    expect(bg.report.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect(Math.abs(bg.report.logLikelihood + 9582.43)).toBeLessThan(0.01);
    expect(bg.report.converged).toBe(true);
    expect(bg.report.customers).toBe(2357);
  });
  it("customer x=2, t_x=30.43, T=38.86: E[Y(39)] ≈ 1.226, P(alive) ≈ 0.7266", () => {
    expect(bgNbdExpectedPurchases(bg.params, 2, 30.43, 38.86, 39)).toBeCloseTo(1.226, 3);
    expect(bgNbdProbabilityAlive(bg.params, 2, 30.43, 38.86)).toBeCloseTo(0.7266, 4);
  });
  it("customer x=26, t_x=30.857, T=31: E[Y(52)] = 25.757, P(alive) = 0.96885", () => {
    expect(bgNbdExpectedPurchases(bg.params, 26, 30.857, 31, 52)).toBeCloseTo(25.757, 2);
    expect(bgNbdProbabilityAlive(bg.params, 26, 30.857, 31)).toBeCloseTo(0.96885, 4);
  });
  it("expectation agrees with the textbook ₂F₁ form of FHL eq. 10", () => {
    const { r, alpha, a, b } = bg.params;
    for (const [x, tx, T, t] of [
      [0, 0, 38.86, 39],
      [2, 30.43, 38.86, 39],
      [26, 30.857, 31, 52],
    ]) {
      const z = t / (alpha + T + t);
      const numerator = 1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z);
      const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0);
      const textbook = ((a + b + x - 1) / (a - 1)) * (numerator / denominator);
      expect(relativeError(bgNbdExpectedPurchases(bg.params, x, tx, T, t), textbook)).toBeLessThan(1e-10);
    }
  });
  it("holdout: Σ E[Y(39)] within 1 % of 1653.4 (actual 1882)", () => {
    let total = 0;
    for (let i = 0; i < data.x.length; i++) total += bgNbdExpectedPurchases(bg.params, data.x[i], data.tx[i], data.T[i], 39);
    expect(relativeError(total, 1653.4)).toBeLessThan(0.01);
    expect(data.xStar.reduce((s, v) => s + v, 0)).toBe(1882);
  });
});

describe("Pareto/NBD on CDNOW", () => {
  it("log-likelihood −9594.98 and parameters near 0.553, 10.58, 0.606, 11.67", () => {
    expect(Math.abs(pnbd.report.logLikelihood + 9594.98)).toBeLessThan(0.01);
    expect(pnbd.report.converged).toBe(true);
    expect(relativeError(pnbd.params.r, 0.553)).toBeLessThan(2e-3);
    expect(relativeError(pnbd.params.alpha, 10.58)).toBeLessThan(2e-3);
    expect(relativeError(pnbd.params.s, 0.606)).toBeLessThan(2e-3);
    expect(relativeError(pnbd.params.beta, 11.67)).toBeLessThan(2e-3);
  });
  it("customer x=26, t_x=30.857, T=31: E[Y(52)] ≈ 25.456, P(alive) ≈ 0.997874", () => {
    expect(paretoNbdExpectedPurchases(pnbd.params, 26, 30.857, 31, 52)).toBeCloseTo(25.456, 2);
    expect(paretoNbdProbabilityAlive(pnbd.params, 26, 30.857, 31)).toBeCloseTo(0.997874, 5);
  });
  it("holdout: Σ E[Y(39)] within 1 % of 1665.5", () => {
    let total = 0;
    for (let i = 0; i < data.x.length; i++) total += paretoNbdExpectedPurchases(pnbd.params, data.x[i], data.tx[i], data.T[i], 39);
    expect(relativeError(total, 1665.5)).toBeLessThan(0.01);
  });
});

describe("Gamma-Gamma on the 946 CDNOW repeat customers", () => {
  it("p, q, γ near 6.25, 3.74, 15.44 and LL −4055.92", () => {
    expect(gg.report.customers).toBe(946);
    expect(relativeError(gg.params.p, 6.25)).toBeLessThan(2e-3);
    expect(relativeError(gg.params.q, 3.74)).toBeLessThan(2e-3);
    expect(relativeError(gg.params.gamma, 15.44)).toBeLessThan(2e-3);
    expect(Math.abs(gg.report.logLikelihood + 4055.92)).toBeLessThan(0.01);
    expect(gg.report.converged).toBe(true);
  });
  it("conditional expected spend shrinks towards the population mean", () => {
    const population = (gg.params.p * gg.params.gamma) / (gg.params.q - 1);
    expect(gammaGammaExpectedSpend(gg.params, 0, 0)).toBeCloseTo(population, 10);
    const one = gammaGammaExpectedSpend(gg.params, 1, 100);
    const many = gammaGammaExpectedSpend(gg.params, 20, 100);
    expect(one).toBeGreaterThan(population);
    expect(one).toBeLessThan(many);
    expect(many).toBeLessThan(100);
  });
});

describe("from the CDNOW event log", () => {
  const cutoff = Date.UTC(1997, 8, 30, 23, 59, 59, 999); // end of 1997-09-30
  const end = Date.UTC(1998, 5, 30, 23, 59, 59, 999); // end of 1998-06-30
  it("the summary builder reproduces the published calibration summary", () => {
    const summaries = buildCustomerSummaries(loadSampleOrders(), { observationEnd: cutoff, timeUnit: "weeks" });
    expect(summaries.size).toBe(2357);
    let repeats = 0;
    for (let i = 0; i < summaries.size; i++) repeats += summaries.x[i];
    expect(repeats).toBe(2457);
    const fit = fitBgNbd(summaries, { timeUnit: "weeks" });
    expect(Math.abs(fit.report.logLikelihood + 9582.43)).toBeLessThan(0.01);
  });
  it("backtest reports the published holdout figures", () => {
    const result = backtest(loadSampleOrders(), { cutoff, end, timeUnit: "weeks", model: "bgnbd", prior: "none" });
    expect(result.calibrationCustomers).toBe(2357);
    expect(result.holdoutLength).toBeCloseTo(39, 10);
    expect(result.totals.actual).toBe(1882);
    expect(relativeError(result.totals.predicted, 1653.4)).toBeLessThan(0.01);
    expect(result.correlation).toBeCloseTo(0.626, 2);
    expect(result.byFrequency[0].predictedMean).toBeCloseTo(0.225, 2);
    expect(result.byFrequency[0].actualMean).toBeCloseTo(334 / 1411, 6);
    expect(result.weekly).toHaveLength(39);
    expect(result.weekly[38].actualCumulative).toBe(1882);
    expect(result.weekly[38].predictedCumulative).toBeCloseTo(result.totals.predicted, 6);
  });
});
