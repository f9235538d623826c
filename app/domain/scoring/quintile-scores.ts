/**
 * Quintile scores 1–5 with ties handled: equal values always get the same
 * score. Each value's position is its mid-rank percentile (Hazen plotting
 * position) p = (#smaller + ½·#equal)/n and the score is ⌊5p⌋ + 1. When 70 %
 * of customers have exactly one order they all land in the same score
 * (here 2) rather than being split arbitrarily across 1–3 as NTILE would.
 *
 * The score is non-decreasing in the value, so one walk over the sorted
 * values finds the smallest value reaching each score; scoring a customer is
 * then four comparisons (a million customers in a few tens of ms).
 */
export function quintileScores(values: ArrayLike<number>, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const scores = new Uint8Array(n);
  if (n === 0) return scores;
  // threshold[s] = smallest value whose score is ≥ s + 2 (s = 0..3)
  const threshold = [Infinity, Infinity, Infinity, Infinity];
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
  } else {
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
  const [t2, t3, t4, t5] = threshold;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const score = v >= t5 ? 5 : v >= t4 ? 4 : v >= t3 ? 3 : v >= t2 ? 2 : 1;
    scores[i] = higherIsBetter ? score : 6 - score;
  }
  return scores;
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
