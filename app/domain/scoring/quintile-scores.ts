import { rankBlocks } from "./order-statistics";

/**
 * Quintile scores 1–5 with ties handled: equal values always get the same
 * score. Each value's position is its mid-rank percentile (Hazen plotting
 * position) p = (#smaller + ½·#equal)/n and the score is ⌊5p⌋ + 1. When 70 %
 * of customers have exactly one order they all land in the same score
 * (here 2) rather than being split arbitrarily across 1–3 as NTILE would.
 *
 * The score is non-decreasing in the value, so it is enough to find the
 * smallest value reaching each score; scoring a customer is then four
 * comparisons. Small integers (order and day counts) use a histogram. Other
 * values need no sort either: with τ = (s−1)n/5, the smallest value whose
 * mid-rank position reaches τ is either the run of equal values holding
 * sorted position ⌊τ⌋ or the next larger value (every earlier run ends at or
 * before ⌊τ⌋, so its mid-rank is < τ; the next run starts after ⌊τ⌋ ≥ τ − 1,
 * so its mid-rank is > τ). Four order statistics (order-statistics.ts) and
 * the same floating-point test as the walk decide each cut-off.
 */
export function quintileScores(values: ArrayLike<number>, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const scores = new Uint8Array(n);
  if (n === 0) return scores;
  // Thresholds are non-decreasing, so the score is 1 + the number reached (branch-free).
  const [t2, t3, t4, t5] = quintileThresholds(values);
  const base = higherIsBetter ? 1 : 5;
  const sign = higherIsBetter ? 1 : -1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    scores[i] = base + sign * ((v >= t2 ? 1 : 0) + (v >= t3 ? 1 : 0) + (v >= t4 ? 1 : 0) + (v >= t5 ? 1 : 0));
  }
  return scores;
}

/** The smallest values whose (ascending) score is ≥ 2, 3, 4, 5 (Infinity: none). */
export function quintileThresholds(values: ArrayLike<number>): [number, number, number, number] {
  const n = values.length;
  // threshold[s] = smallest value whose score is ≥ s + 2 (s = 0..3)
  const threshold: [number, number, number, number] = [Infinity, Infinity, Infinity, Infinity];
  if (n === 0) return threshold;
  const record = (value: number, below: number, equal: number): void => {
    const position = (below + equal / 2) / n;
    const score = Math.min(5, Math.floor(5 * position) + 1);
    for (let s = 2; s <= score; s++) if (threshold[s - 2] === Infinity) threshold[s - 2] = value;
  };
  const histogram = smallIntegerHistogram(values);
  if (histogram) {
    // Order counts and day counts are small integers: a histogram replaces the sort.
    let below = 0;
    for (let v = 0; v < histogram.length; v++) {
      if (histogram[v] === 0) continue;
      record(v, below, histogram[v]);
      below += histogram[v];
    }
  } else if (!hasNaN(values)) {
    const column = values instanceof Float64Array ? values : Float64Array.from(values);
    const blocks = rankBlocks(
      column,
      [1, 2, 3, 4].map((k) => Math.floor((k * n) / 5)),
    );
    blocks.forEach((block, k) => {
      const position = (block.below + (block.upTo - block.below) / 2) / n;
      const score = Math.min(5, Math.floor(5 * position) + 1);
      threshold[k] = score >= k + 2 ? block.value : block.next;
    });
  } else {
    // NaN has no rank: keep the walk over sorted values (NaN sorts last).
    const sorted = new Float64Array(n);
    for (let i = 0; i < n; i++) sorted[i] = values[i];
    sorted.sort();
    let lo = 0;
    while (lo < n) {
      let hi = lo + 1;
      while (hi < n && sorted[hi] === sorted[lo]) hi++;
      record(sorted[lo], lo, hi - lo);
      lo = hi;
    }
  }
  return threshold;
}

function hasNaN(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) return true;
  return false;
}

const MAX_HISTOGRAM_VALUE = 1 << 20;

/** Counts per value when every value is an integer in [0, 2^20), else null. */
function smallIntegerHistogram(values: ArrayLike<number>): Int32Array | null {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v < MAX_HISTOGRAM_VALUE && v === Math.floor(v))) return null;
    if (v > max) max = v;
  }
  const counts = new Int32Array(max + 1);
  for (let i = 0; i < values.length; i++) counts[values[i]]++;
  return counts;
}
