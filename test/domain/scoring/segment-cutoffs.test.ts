/**
 * Segments computed over customer ranges (segment-cutoffs.ts: histograms, candidates, cut-offs, assignment)
 * equal rfmScores and valueLadder on whole columns, however the customers are split: ties, whole-day and
 * continuous ages, a few distinct values only, NaN keys, tiny shops.
 */
import { describe, expect, it } from "vitest";
import { createSeededRandom, type RandomSource } from "../../../app/domain/random/seeded-random";
import { rfmScores, valueLadder, daysPerUnit, type TimeUnit } from "../../../app/domain/scoring";
import {
  allocateSegmentColumns,
  assignSegments,
  collectCutoffCandidates,
  computeSegments,
  countSegmentKeys,
  planSegmentCutoffs,
  segmentBucketBits,
  segmentCountsLength,
  segmentCutoffs,
  segmentKeyColumn,
  type SegmentInputs,
} from "../../../app/domain/scoring/segment-cutoffs";

type Shape = "continuous" | "whole-days" | "few-values" | "nan";

function randomInputs(random: RandomSource, n: number, shape: Shape, timeUnit: TimeUnit = "days"): SegmentInputs {
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const totalSpend = new Float64Array(n);
  const pRepeat90 = new Float64Array(n);
  const expectedOrderValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = random.next() < 0.5 ? 0 : Math.floor(random.next() * random.next() * 30);
    T[i] = shape === "few-values" ? 10 * Math.floor(random.next() * 3) : random.next() * 730;
    tx[i] = x[i] === 0 ? 0 : random.next() * T[i];
    if (shape === "whole-days") (T[i] = Math.round(T[i])), (tx[i] = Math.min(T[i], Math.round(tx[i])));
    totalSpend[i] = shape === "few-values" ? 50 * (x[i] + 1) : Math.round(random.next() * 20000) / 100;
    pRepeat90[i] = shape === "few-values" ? (x[i] > 0 ? 0.5 : 0.25) : random.next() < 0.05 ? 0 : random.next();
    expectedOrderValue[i] = shape === "few-values" ? 40 : 20 + random.next() * 100;
    if (shape === "nan" && random.next() < 0.01) totalSpend[i] = NaN;
    if (shape === "nan" && random.next() < 0.01) pRepeat90[i] = NaN;
    if (shape === "nan" && random.next() < 0.01) T[i] = NaN;
  }
  return { summaries: { x, tx, T, totalSpend, timeUnit }, pRepeat90, expectedOrderValue };
}

function wholeColumnSegments(inputs: SegmentInputs, n: number) {
  const { x, tx, T, totalSpend } = inputs.summaries;
  const unitDays = daysPerUnit(inputs.summaries.timeUnit);
  const recency = Float64Array.from({ length: n }, (_, i) => (T[i] - tx[i]) * unitDays);
  const frequency = Float64Array.from({ length: n }, (_, i) => x[i] + 1);
  const value = Float64Array.from({ length: n }, (_, i) => inputs.pRepeat90[i] * inputs.expectedOrderValue[i]);
  return { ...rfmScores(recency, frequency, totalSpend), ladder: valueLadder(value) };
}

/** The five steps over `ranges` ranges, as the parallel scorer runs them (one after another here). */
function segmentsOverRanges(inputs: SegmentInputs, n: number, ranges: number) {
  const bounds = Array.from({ length: ranges + 1 }, (_, k) => Math.round((k * n) / ranges));
  const bits = segmentBucketBits(n);
  const counts = bounds.slice(1).map((end, k) => {
    const c = new Int32Array(segmentCountsLength(bits));
    countSegmentKeys(inputs, bounds[k], end, bits, c);
    return c;
  });
  const plan = structuredClone(planSegmentCutoffs(n, bits, counts));
  const candidates = bounds.slice(1).map((end, k) => collectCutoffCandidates(inputs, bounds[k], end, plan, counts[k]));
  const cutoffs = segmentCutoffs(plan, candidates, (key) => segmentKeyColumn(inputs, n, key));
  const out = allocateSegmentColumns(n);
  bounds.slice(1).forEach((end, k) => assignSegments(inputs, bounds[k], end, cutoffs, k, out));
  return out;
}

describe("segments over customer ranges equal rfmScores and valueLadder", () => {
  it.each([
    [1, 20_000, "continuous", [1, 2, 3]],
    [2, 20_001, "whole-days", [1, 2, 7]],
    [3, 5_000, "few-values", [1, 2, 5]],
    [4, 10_000, "nan", [1, 3]],
    [5, 7, "continuous", [1, 2]],
    [6, 1, "whole-days", [1]],
    [7, 150, "few-values", [1, 4]],
  ] as const)("seed %d: %d customers, %s", (seed, n, shape, splits) => {
    const inputs = randomInputs(createSeededRandom(seed), n, shape);
    const expected = wholeColumnSegments(inputs, n);
    for (const ranges of splits) {
      const actual = ranges === 1 ? computeSegments(inputs, n) : segmentsOverRanges(inputs, n, ranges);
      for (const column of ["recency", "frequency", "monetary", "group", "ladder"] as const) {
        expect(Array.from(actual[column]), `${column}, ${ranges} ranges`).toEqual(Array.from(expected[column]));
      }
    }
  });

  it("measures recency in days whatever the time unit", () => {
    const inputs = randomInputs(createSeededRandom(8), 3_000, "continuous", "weeks");
    expect(Array.from(computeSegments(inputs, 3_000).recency)).toEqual(Array.from(wholeColumnSegments(inputs, 3_000).recency));
  });
});
