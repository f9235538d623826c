import { describe, expect, it } from "vitest";
import { oneOrderBaselinePRepeat90 } from "../../../app/domain/scoring";

describe("oneOrderBaselinePRepeat90", () => {
  it("averages P(repeat in 90 days) over the one-order customers only", () => {
    const columns = { orderCount: Int32Array.from([1, 3, 1, 2, 1]), pRepeat90: Float64Array.from([0.1, 0.9, 0.2, 0.8, 0.6]) };
    expect(oneOrderBaselinePRepeat90(columns, 5)).toBeCloseTo(0.3, 15);
  });

  it("reads only the first `size` customers of pooled columns longer than the set", () => {
    const columns = { orderCount: Int32Array.from([1, 1, 1]), pRepeat90: Float64Array.from([0.2, 0.4, 0.9]) };
    expect(oneOrderBaselinePRepeat90(columns, 2)).toBeCloseTo(0.3, 15);
  });

  it("is null when no customer has exactly one order, or there is nobody", () => {
    expect(oneOrderBaselinePRepeat90({ orderCount: [2, 4], pRepeat90: [0.5, 0.7] }, 2)).toBeNull();
    expect(oneOrderBaselinePRepeat90({ orderCount: [], pRepeat90: [] }, 0)).toBeNull();
  });
});
