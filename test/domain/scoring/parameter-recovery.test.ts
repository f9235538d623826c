/** Known parameters → simulated customers → fit within tolerance (seeded). */
import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../../app/domain/random/seeded-random";
import { gamma } from "../../../app/domain/random/samplers";
import { fitBgNbd, fitGammaGamma, fitParetoNbd, simulateBgNbdSummaries, type BgNbdParams } from "../../../app/domain/scoring";

describe("simulation is reproducible from the seed (shared RandomSource)", () => {
  const truth: BgNbdParams = { model: "bgnbd", r: 0.5, alpha: 60, a: 0.9, b: 3, timeUnit: "days" };
  const simulate = (seed: number) => simulateBgNbdSummaries(truth, 500, (random) => random.next() * 700, createSeededRandom(seed));
  it("same seed → identical summaries, other seed → different ones", () => {
    expect(simulate(8)).toEqual(simulate(8));
    expect(Array.from(simulate(8).tx)).not.toEqual(Array.from(simulate(9).tx));
  });
});

describe("parameter recovery", () => {
  it("BG/NBD: 50,000 simulated customers recover r, α, a, b within 6 %", () => {
    const truth: BgNbdParams = { model: "bgnbd", r: 0.5, alpha: 60, a: 0.9, b: 3, timeUnit: "days" };
    const data = simulateBgNbdSummaries(truth, 50_000, (random) => 30 + random.next() * 700, createSeededRandom(42));
    const fit = fitBgNbd(data, { timeUnit: "days" });
    expect(fit.report.converged).toBe(true);
    for (const name of ["r", "alpha", "a", "b"] as const) {
      expect(Math.abs(fit.params[name] / truth[name] - 1)).toBeLessThan(0.06);
    }
    // The mean dropout probability a/(a+b) is much better determined than a and b.
    expect(fit.params.a / (fit.params.a + fit.params.b)).toBeCloseTo(truth.a / (truth.a + truth.b), 2);
  });
  it("Pareto/NBD fits BG/NBD data to a sensible optimum without NaN", () => {
    const truth: BgNbdParams = { model: "bgnbd", r: 0.5, alpha: 60, a: 0.9, b: 3, timeUnit: "days" };
    const data = simulateBgNbdSummaries(truth, 3_000, (random) => 30 + random.next() * 700, createSeededRandom(5));
    const fit = fitParetoNbd(data, { timeUnit: "days" });
    expect(fit.report.converged).toBe(true);
    expect(Number.isFinite(fit.report.logLikelihood)).toBe(true);
    expect(fit.params.r / fit.params.alpha).toBeGreaterThan(0.5 * (truth.r / truth.alpha));
  });
  it("Gamma-Gamma: 150,000 repeat customers recover p, q, γ within 6 % (p and γ are strongly correlated)", () => {
    const random = createSeededRandom(9);
    const truth = { p: 6, q: 4, gamma: 25 };
    const n = 150_000;
    const x = new Float64Array(n);
    const m = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = 1 + Math.floor(random.next() * 8);
      const nu = gamma(random, truth.q, 1 / truth.gamma);
      m[i] = gamma(random, truth.p * x[i], 1 / (nu * x[i])); // mean of x Gamma(p, ν)
    }
    const fit = fitGammaGamma({ x, m });
    expect(fit.report.converged).toBe(true);
    for (const name of ["p", "q", "gamma"] as const) expect(Math.abs(fit.params[name] / truth[name] - 1)).toBeLessThan(0.06);
  });
});
