import { describe, expect, it } from "vitest";
import { digamma, hyp2f1, log1mExp, logAbsHyp2f1, logAddExp, logBeta, logDiffExp, logGamma, logPowerTailIntegral, logSumExp } from "../../../app/domain/scoring";

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("logGamma / digamma / logBeta", () => {
  it.each([
    [1, 0],
    [2, 0],
    [0.5, 0.5 * Math.log(Math.PI)],
    [10, Math.log(362880)],
    [100, 359.1342053695754],
    [1e-5, 11.512919692895826],
    [3.7, 1.428072326665388],
  ])("lnΓ(%d)", (x, expected) => {
    expect(Math.abs(logGamma(x) - expected)).toBeLessThan(1e-13 * Math.max(1, Math.abs(expected)));
  });
  it.each([
    [1, -0.5772156649015329],
    [0.1, -10.423754940411076],
    [7.3, 1.9178203356379862],
  ])("ψ(%d)", (x, expected) => {
    expect(relative(digamma(x), expected)).toBeLessThan(1e-13);
  });
  it("ψ is the derivative of lnΓ", () => {
    for (const x of [0.05, 0.7, 3, 12.5, 250]) {
      const h = 1e-5 * x;
      expect(relative((logGamma(x + h) - logGamma(x - h)) / (2 * h), digamma(x))).toBeLessThan(1e-7);
    }
  });
  it("lnB(a,b) = lnΓ(a)+lnΓ(b)−lnΓ(a+b)", () => {
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 13);
  });
  it("is NaN / Infinity outside the domain, never throws", () => {
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-1)).toBeNaN();
  });
});

describe("log-space arithmetic", () => {
  it("logAddExp and logSumExp do not overflow", () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logSumExp([-1000, -1000, -1000])).toBeCloseTo(-1000 + Math.log(3), 12);
    expect(logSumExp([])).toBe(-Infinity);
  });
  it("log1mExp and logDiffExp are accurate near 0", () => {
    expect(log1mExp(-1e-20)).toBeCloseTo(Math.log(1e-20), 10);
    expect(logDiffExp(0, -Infinity)).toBe(0);
    expect(logDiffExp(2, 2)).toBe(-Infinity);
    expect(Math.exp(logDiffExp(Math.log(5), Math.log(3)))).toBeCloseTo(2, 12);
  });
});

describe("hyp2f1 (reference values from mpmath at 30 digits)", () => {
  it.each([
    [1, 1, 2, 0.5, 1.3862943611198906],
    [0.5, 0.5, 1.5, 0.25, 1.0471975511965979],
    [2.5, 1.5, 4, 0.9, 5.4931375169820695],
    [10.5, 3.2, 12.5, 0.75, 30.378080299337785],
    [27.15, 1.6, 28.15, 0.95, 65.91957396769746],
    [0.3, 2.7, 1.2, -0.8, 0.7083548944374053],
    [30, 40, 20, 0.6, 5.164612676046701e21],
    [1, 2.5, 1.5, 0.99, 6699.999999999988],
    [-1.5, 2.2, 3.3, 0.7, 0.40229096216715154],
    [0.8, 0.2, 0.4, 0.999, 39.467345181326934],
  ])("2F1(%d, %d; %d; %d)", (a, b, c, z, expected) => {
    expect(relative(hyp2f1(a, b, c, z), expected)).toBeLessThan(1e-11);
  });
  it("returns logs for values beyond double range", () => {
    const { logAbs, sign } = logAbsHyp2f1(500, 500, 2, 0.9);
    expect(sign).toBe(1);
    expect(Number.isFinite(logAbs)).toBe(true);
    expect(logAbs).toBeGreaterThan(709);
  });
  it("rejects |z| ≥ 1", () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });
});

describe("power tail integral ∫_τ^∞ (A+u)^−p (B+u)^−q du", () => {
  const numeric = (A: number, B: number, p: number, q: number, tau: number) => {
    // Substitute u = τ + v/(1−v) and integrate with a fine midpoint rule.
    const n = 200_000;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = (i + 0.5) / n;
      const u = tau + v / (1 - v);
      sum += Math.pow(A + u, -p) * Math.pow(B + u, -q) / ((1 - v) * (1 - v));
    }
    return sum / n;
  };
  it.each([
    [10.58, 11.67, 26.55, 1.6, 30.86],
    [11.67, 10.58, 2.55, 1.6, 0],
    [4, 4, 1.3, 0.9, 2],
    [0.5, 40, 1.2, 2.5, 1],
  ])("A=%d B=%d p=%d q=%d τ=%d matches quadrature, gradient matches differences", (A, B, p, q, tau) => {
    const value = logPowerTailIntegral(A, B, p, q, tau);
    expect(relative(Math.exp(value.logValue), numeric(A, B, p, q, tau))).toBeLessThan(1e-6);
    const args = [A, B, p, q];
    const analytic = [value.dA, value.dB, value.dp, value.dq];
    for (let i = 0; i < 4; i++) {
      const h = 1e-6 * args[i];
      const up = [...args];
      const down = [...args];
      up[i] += h;
      down[i] -= h;
      const diff = (logPowerTailIntegral(up[0], up[1], up[2], up[3], tau).logValue - logPowerTailIntegral(down[0], down[1], down[2], down[3], tau).logValue) / (2 * h);
      expect(Math.abs(diff - analytic[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(diff)));
    }
  });
});
