/**
 * Samplers for the distributions the demo generator and simulations need,
 * all driven by an injected RandomSource so results are reproducible.
 *
 * Parameterisation: gamma uses (shape, scale) like numpy; a Gamma(r, α) prior
 * written with a *rate* α (as in the BG/NBD papers) is gamma(rng, r, 1 / α).
 */
import type { RandomSource } from "./seeded-random";

/** Uniform float in [min, max). */
export function uniform(rng: RandomSource, min = 0, max = 1): number {
  return min + (max - min) * rng.next();
}

/** Uniform integer in [min, maxInclusive]. */
export function uniformInt(rng: RandomSource, min: number, maxInclusive: number): number {
  return min + Math.floor(rng.next() * (maxInclusive - min + 1));
}

/** True with the given probability. */
export function bernoulli(rng: RandomSource, probability: number): boolean {
  return rng.next() < probability;
}

/** Exponential with the given rate (mean 1 / rate). */
export function exponential(rng: RandomSource, rate: number): number {
  // 1 - next() lies in (0, 1], so the log is finite.
  return -Math.log(1 - rng.next()) / rate;
}

/**
 * Normal via the Marsaglia polar method. We discard the second variate rather
 * than caching it: a stateless sampler keeps streams reproducible no matter
 * how calls to different samplers interleave.
 */
export function normal(rng: RandomSource, mean = 0, standardDeviation = 1): number {
  let u: number;
  let v: number;
  let s: number;
  do {
    u = 2 * rng.next() - 1;
    v = 2 * rng.next() - 1;
    s = u * u + v * v;
  } while (s >= 1 || s === 0);
  return mean + standardDeviation * u * Math.sqrt((-2 * Math.log(s)) / s);
}

/**
 * Gamma(shape, scale) by Marsaglia & Tsang (2000). For shape < 1 we sample
 * Gamma(shape + 1) and multiply by U^(1/shape), the standard boost, because the
 * squeeze method itself needs shape ≥ 1.
 */
export function gamma(rng: RandomSource, shape: number, scale = 1): number {
  if (!(shape > 0) || !(scale > 0)) throw new RangeError(`gamma needs shape, scale > 0 (got ${shape}, ${scale})`);
  if (shape < 1) {
    const boost = Math.pow(1 - rng.next(), 1 / shape);
    return gamma(rng, shape + 1, scale) * boost;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    const xSquared = x * x;
    // Cheap squeeze first; the log test only runs for ~2% of draws.
    if (u < 1 - 0.0331 * xSquared * xSquared) return d * v * scale;
    if (Math.log(u) < 0.5 * xSquared + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function beta(rng: RandomSource, a: number, b: number): number {
  const x = gamma(rng, a);
  const y = gamma(rng, b);
  return x / (x + y);
}

/**
 * Poisson(mean). Knuth's multiplication method for small means (exact and
 * fast there); for mean ≥ 30 Hörmann's PTRS transformed rejection, which is
 * O(1) instead of O(mean).
 */
export function poisson(rng: RandomSource, mean: number): number {
  if (!(mean >= 0)) throw new RangeError(`poisson needs mean ≥ 0 (got ${mean})`);
  if (mean === 0) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = rng.next();
    while (product > limit) {
      count++;
      product *= rng.next();
    }
    return count;
  }
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vR = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = 1 - rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vR) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v * inverseAlpha / (a / (us * us) + b)) <= -mean + k * logMean - logFactorial(k)) return k;
  }
}

function logFactorial(k: number): number {
  if (k < 2) return 0;
  if (k < 20) {
    let result = 0;
    for (let i = 2; i <= k; i++) result += Math.log(i);
    return result;
  }
  // Stirling series; error < 1e-10 for k ≥ 20.
  return (k + 0.5) * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * k) - 1 / (360 * k * k * k);
}

/** Picks one item with probability proportional to its weight (one-off use). */
export function pickWeighted<T>(rng: RandomSource, items: readonly T[], weights: readonly number[]): T {
  return createWeightedPicker(items, weights)(rng);
}

/**
 * Precomputes cumulative weights once so repeated picks from the same list
 * (e.g. products for every line item) cost a binary search, not a scan.
 */
export function createWeightedPicker<T>(items: readonly T[], weights: readonly number[]): (rng: RandomSource) => T {
  if (items.length === 0 || items.length !== weights.length) {
    throw new RangeError("createWeightedPicker needs as many weights as items, and at least one");
  }
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) {
    if (!(weight >= 0)) throw new RangeError(`weights must be ≥ 0 (got ${weight})`);
    total += weight;
    cumulative.push(total);
  }
  if (!(total > 0)) throw new RangeError("at least one weight must be positive");
  return (rng) => {
    const target = rng.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    return items[low];
  };
}
