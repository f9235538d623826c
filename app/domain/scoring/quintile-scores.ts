/**
 * Quintile scores 1–5 with ties handled: equal values always get the same
 * score. Each value's position is its mid-rank percentile (Hazen plotting
 * position) p = (#smaller + ½·#equal)/n and the score is ⌊5p⌋ + 1. When 70 %
 * of customers have exactly one order they all land in the same score
 * (here 2) rather than being split arbitrarily across 1–3 as NTILE would.
 */
export function quintileScores(values: ArrayLike<number>, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const scores = new Uint8Array(n);
  if (n === 0) return scores;
  const sorted = Float64Array.from(values);
  sorted.sort();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const below = lowerBound(sorted, v);
    const equal = upperBound(sorted, v, below) - below;
    const position = (below + equal / 2) / n; // in (0, 1)
    const score = Math.min(5, Math.floor(5 * position) + 1);
    scores[i] = higherIsBetter ? score : 6 - score;
  }
  return scores;
}

function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: Float64Array, v: number, from: number): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
