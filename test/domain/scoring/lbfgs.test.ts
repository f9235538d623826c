import { describe, expect, it } from "vitest";
import { minimizeLbfgs } from "../../../app/domain/scoring";

describe("minimizeLbfgs", () => {
  it("minimises the Rosenbrock function", () => {
    const result = minimizeLbfgs(
      (x, g) => {
        const [a, b] = [x[0], x[1]];
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      [-1.2, 1],
    );
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.iterations).toBeLessThan(100);
  });
  it("steps back from regions where the objective is not finite", () => {
    // f = x − ln x has its minimum at 1 and is undefined for x ≤ 0.
    const result = minimizeLbfgs((x, g) => {
      g[0] = 1 - 1 / x[0];
      return x[0] > 0 ? x[0] - Math.log(x[0]) : NaN;
    }, [20]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
  });
  it("reports a non-finite start instead of throwing", () => {
    const result = minimizeLbfgs(() => NaN, [0]);
    expect(result.converged).toBe(false);
    expect(result.message).toMatch(/not finite/);
  });
});
