/**
 * The optimised scoring paths equal the straightforward formulas: the
 * column-at-a-time BG/NBD predictions (bgnbd-batch.ts: per-x caches, Taylor
 * tables, (x, T) memo), the order statistics behind quintiles and the value
 * ladder (order-statistics.ts) against a full sort, the Pareto/NBD likelihood's
 * per-(x, time) memo of its tail integrals against computing each row's. Random
 * inputs from a seeded RandomSource.
 */
import { describe, expect, it } from "vitest";
import { createSeededRandom, type RandomSource } from "../../../app/domain/random/seeded-random";
import { bgNbdPredictColumns } from "../../../app/domain/scoring/bgnbd-batch";
import { rankBlocks } from "../../../app/domain/scoring/order-statistics";
import {
  bgNbdExpectedPurchases,
  bgNbdMedianTimeToNextPurchase,
  bgNbdProbabilityAlive,
  bgNbdProbabilityOfPurchase,
  compressRecencyFrequency,
  paretoNbdLogLikelihood,
  quintileScores,
  valueLadder,
  type BgNbdParams,
} from "../../../app/domain/scoring";

const logUniform = (random: RandomSource, lo: number, hi: number) => Math.exp(Math.log(lo) + random.next() * (Math.log(hi) - Math.log(lo)));

function randomParams(random: RandomSource): BgNbdParams {
  return {
    model: "bgnbd",
    r: logUniform(random, 0.05, 5),
    alpha: logUniform(random, 0.5, 300),
    a: random.next() < 0.15 ? 1 : logUniform(random, 0.1, 5),
    b: logUniform(random, 0.5, 30),
    timeUnit: "days",
  };
}

/** n customers; `wholeDays` rounds ages so the (x, T) memo is used. */
function randomCustomers(random: RandomSource, n: number, wholeDays: boolean) {
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = random.next();
    x[i] = u < 0.4 ? 0 : u < 0.97 ? 1 + Math.floor(random.next() * 12) : Math.floor(random.next() * 500);
    T[i] = random.next() < 0.02 ? random.next() * 0.01 : random.next() * 1000;
    if (wholeDays) T[i] = Math.round(T[i]);
    tx[i] = x[i] === 0 ? 0 : random.next() < 0.1 ? T[i] : random.next() * T[i];
    if (wholeDays) tx[i] = Math.min(T[i], Math.round(tx[i]));
  }
  return { x, tx, T };
}

const close = (actual: number, expected: number, relative: number) => {
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= relative * Math.abs(expected) + 1e-300;
};

describe("bgNbdPredictColumns equals the per-customer formulas", () => {
  it.each([
    [1, false],
    [2, true],
    [3, false],
    [4, true],
    [5, false],
  ])("random parameters and customers (seed %d, whole days %s)", (seed, wholeDays) => {
    const random = createSeededRandom(seed);
    const params = randomParams(random);
    const n = 6000; // enough customers per x for the Taylor tables
    const { x, tx, T } = randomCustomers(random, n, wholeDays);
    const [short, long, maxWait] = [90, 365, 730];
    const out = {
      pAlive: new Float64Array(n),
      pRepeatShort: new Float64Array(n),
      expectedShort: new Float64Array(n),
      expectedLong: new Float64Array(n),
      medianWait: new Float64Array(n),
    };
    bgNbdPredictColumns(params, x, tx, T, short, long, maxWait, out);
    const failures: string[] = [];
    for (let i = 0; i < n; i++) {
      const expected = {
        pAlive: bgNbdProbabilityAlive(params, x[i], tx[i], T[i]),
        pRepeatShort: bgNbdProbabilityOfPurchase(params, x[i], tx[i], T[i], short),
        expectedShort: bgNbdExpectedPurchases(params, x[i], tx[i], T[i], short),
        expectedLong: bgNbdExpectedPurchases(params, x[i], tx[i], T[i], long),
        medianWait: bgNbdMedianTimeToNextPurchase(params, x[i], tx[i], T[i]),
      };
      if (expected.medianWait > maxWait) expected.medianWait = Infinity;
      for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
        // P(alive) differences come from the reference's ln(α+T) − ln(α+t_x) (the batch uses log1p), amplified by r + x.
        if (!close(out[key][i], expected[key], 1e-13 * (1 + params.r + x[i]) * (key === "medianWait" ? 1e3 : 1))) {
          failures.push(`${key} x=${x[i]} tx=${tx[i]} T=${T[i]}: ${out[key][i]} vs ${expected[key]}`);
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

describe("rankBlocks equals a full sort", () => {
  it.each([1, 2, 3, 4])("seed %d: heavy ties, long tails, zeros and signs", (seed) => {
    const random = createSeededRandom(seed);
    const n = 5000 + Math.floor(random.next() * 20000);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = random.next();
      values[i] = u < 0.3 ? Math.round(random.next() * 5) : u < 0.35 ? (random.next() < 0.5 ? -0 : 0) : u < 0.4 ? -random.next() * 10 : Math.exp(random.next() * 20 - 5);
    }
    const sorted = values.slice().sort();
    const ranks = Array.from({ length: 12 }, () => Math.floor(random.next() * n)).concat([0, n - 1]);
    rankBlocks(values, ranks).forEach((block, k) => {
      const v = sorted[ranks[k]];
      expect(block.value).toBe(v === 0 ? block.value : v);
      expect(block.value === v).toBe(true);
      const below = sorted.findIndex((s) => s >= v);
      let upTo = below;
      while (upTo < n && sorted[upTo] === v) upTo++;
      expect([block.below, block.upTo]).toEqual([below, upTo]);
      expect(block.next).toBe(upTo < n ? sorted[upTo] : Infinity);
    });
  });
});

/** quintileScores as first written: walk the sorted values. */
function quintilesBySort(values: Float64Array, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const sorted = values.slice().sort();
  const threshold = [Infinity, Infinity, Infinity, Infinity];
  let lo = 0;
  while (lo < n) {
    let hi = lo + 1;
    while (hi < n && sorted[hi] === sorted[lo]) hi++;
    const score = Math.min(5, Math.floor(5 * ((lo + (hi - lo) / 2) / n)) + 1);
    for (let s = 2; s <= score; s++) if (threshold[s - 2] === Infinity) threshold[s - 2] = sorted[lo];
    lo = hi;
  }
  return Uint8Array.from(values, (v) => {
    const score = v >= threshold[3] ? 5 : v >= threshold[2] ? 4 : v >= threshold[1] ? 3 : v >= threshold[0] ? 2 : 1;
    return higherIsBetter ? score : 6 - score;
  });
}

/** valueLadder as first written: thresholds from a full sort. */
function ladderBySort(values: Float64Array): Uint8Array {
  const n = values.length;
  const rung = new Uint8Array(n).fill(2);
  const sorted = values.slice().sort();
  const lovers = Math.ceil(0.01 * n);
  const top = Math.ceil(0.1 * n);
  const fill = (count: number, index: number, threshold: number) => {
    let remaining = count;
    for (let i = 0; i < n && remaining > 0; i++) if (rung[i] === 2 && values[i] > threshold) (rung[i] = index), remaining--;
    for (let i = 0; i < n && remaining > 0; i++) if (rung[i] === 2 && values[i] === threshold) (rung[i] = index), remaining--;
  };
  fill(lovers, 0, sorted[n - lovers]);
  fill(top - lovers, 1, sorted[n - top]);
  return rung;
}

describe("quintiles and ladder without sorting equal the sort-based definitions", () => {
  it.each([1, 2, 3, 4, 5, 6])("seed %d", (seed) => {
    const random = createSeededRandom(seed);
    const n = [4999, 5000, 5001, 10007, 20000, 65536][seed - 1];
    const tieLevels = 1 + Math.floor(random.next() * 50);
    const values = Float64Array.from({ length: n }, () =>
      random.next() < 0.5 ? Math.floor(random.next() * tieLevels) + 0.5 : random.next() * random.next() * 1000,
    );
    expect(Array.from(quintileScores(values, true))).toEqual(Array.from(quintilesBySort(values, true)));
    expect(Array.from(quintileScores(values, false))).toEqual(Array.from(quintilesBySort(values, false)));
    expect(Array.from(valueLadder(values))).toEqual(Array.from(ladderBySort(values)));
  });
});

describe("the Pareto/NBD likelihood's memo of I(t_x), I(T) per x and time value", () => {
  it.each([1, 2, 3])("seed %i: log-likelihood and gradient equal the row-by-row computation exactly", (seed) => {
    const random = createSeededRandom(seed);
    const customers = randomCustomers(random, 20_000, true);
    for (let i = 0; i < customers.x.length; i++) customers.x[i] = Math.min(customers.x[i], 40); // keep the integrals' series short
    const rows = compressRecencyFrequency(customers.x, customers.tx, customers.T);
    expect(rows.times).not.toBeNull();
    const rowByRow = { ...rows, times: null };
    const r = logUniform(random, 0.1, 3);
    const alpha = logUniform(random, 1, 300);
    const s = logUniform(random, 0.1, 5);
    const beta = logUniform(random, 1, 3000);
    const memoGradient = new Float64Array(4);
    const plainGradient = new Float64Array(4);
    const memo = paretoNbdLogLikelihood(r, alpha, s, beta, rows, memoGradient);
    const plain = paretoNbdLogLikelihood(r, alpha, s, beta, rowByRow, plainGradient);
    expect(Number.isFinite(memo)).toBe(true);
    expect(memo).toBe(plain);
    expect(Array.from(memoGradient)).toEqual(Array.from(plainGradient));
    // A second call with other parameters must not read the first call's memo.
    expect(paretoNbdLogLikelihood(r * 1.5, alpha, s, beta, rows)).toBe(paretoNbdLogLikelihood(r * 1.5, alpha, s, beta, rowByRow));
  });
});
