/** Property tests: probabilities in [0, 1], monotone where theory says so, finite at extremes. */
import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../../app/domain/random/seeded-random";
import {
  bgNbdExpectedPurchases,
  bgNbdMedianTimeToNextPurchase,
  bgNbdProbabilityAlive,
  bgNbdProbabilityOfPurchase,
  paretoNbdExpectedPurchases,
  paretoNbdMedianTimeToNextPurchase,
  paretoNbdProbabilityAlive,
  paretoNbdProbabilityOfPurchase,
  type BgNbdParams,
  type ParetoNbdParams,
} from "../../../app/domain/scoring";

const bgParams: BgNbdParams[] = [
  { model: "bgnbd", r: 0.2426, alpha: 4.4137, a: 0.793, b: 2.4262, timeUnit: "weeks" },
  { model: "bgnbd", r: 3, alpha: 200, a: 1, b: 1, timeUnit: "days" }, // a = 1: removable singularity
  { model: "bgnbd", r: 0.05, alpha: 0.01, a: 5, b: 0.3, timeUnit: "days" },
];
const pnbdParams: ParetoNbdParams[] = [
  { model: "pnbd", r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67, timeUnit: "weeks" },
  { model: "pnbd", r: 2, alpha: 100, s: 1, beta: 0.5, timeUnit: "days" }, // s = 1 limit
  { model: "pnbd", r: 0.1, alpha: 0.05, s: 3, beta: 500, timeUnit: "days" },
];

// (x, t_x, T) at the edges: no purchases, 500 purchases, last purchase at T, tiny T, zero T.
const extremes: Array<[number, number, number]> = [
  [0, 0, 0],
  [0, 0, 1e-9],
  [0, 0, 1000],
  [1, 1e-9, 1e-9],
  [500, 30, 30],
  [500, 0.5, 1000],
  [3, 10, 10],
  [1, 0.001, 700],
];

describe.each(bgParams)("BG/NBD %o", (params) => {
  it.each(extremes)("x=%d t_x=%d T=%d gives finite values in range", (x, tx, T) => {
    for (const t of [1e-6, 1, 90, 365, 1e5]) {
      const pAlive = bgNbdProbabilityAlive(params, x, tx, T);
      const expected = bgNbdExpectedPurchases(params, x, tx, T, t);
      const pBuy = bgNbdProbabilityOfPurchase(params, x, tx, T, t);
      expect(pAlive).toBeGreaterThanOrEqual(0);
      expect(pAlive).toBeLessThanOrEqual(1);
      expect(pBuy).toBeGreaterThanOrEqual(0);
      expect(pBuy).toBeLessThanOrEqual(pAlive);
      expect(Number.isFinite(expected)).toBe(true);
      expect(expected).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(bgNbdMedianTimeToNextPurchase(params, x, tx, T))).toBe(false);
    }
  });
  it("P(alive) decreases with T for fixed x, t_x; expectations increase with t", () => {
    const random = createSeededRandom(7);
    for (let k = 0; k < 200; k++) {
      const x = 1 + Math.floor(random.next() * 30);
      const tx = random.next() * 50;
      const T1 = tx + random.next() * 50;
      const T2 = T1 + 0.1 + random.next() * 50;
      expect(bgNbdProbabilityAlive(params, x, tx, T2)).toBeLessThanOrEqual(bgNbdProbabilityAlive(params, x, tx, T1) + 1e-12);
      const t1 = random.next() * 100;
      const t2 = t1 + 0.5 + random.next() * 100;
      expect(bgNbdExpectedPurchases(params, x, tx, T1, t2)).toBeGreaterThanOrEqual(bgNbdExpectedPurchases(params, x, tx, T1, t1));
      expect(bgNbdProbabilityOfPurchase(params, x, tx, T1, t2)).toBeGreaterThanOrEqual(bgNbdProbabilityOfPurchase(params, x, tx, T1, t1));
    }
  });
  it("the median wait is where P(purchase) crosses ½", () => {
    const t = bgNbdMedianTimeToNextPurchase(params, 5, 20, 21);
    if (Number.isFinite(t)) expect(bgNbdProbabilityOfPurchase(params, 5, 20, 21, t)).toBeCloseTo(0.5, 9);
  });
});

describe.each(pnbdParams)("Pareto/NBD %o", (params) => {
  it.each(extremes)("x=%d t_x=%d T=%d gives finite values in range", (x, tx, T) => {
    for (const t of [1e-6, 1, 90, 365, 1e5]) {
      const pAlive = paretoNbdProbabilityAlive(params, x, tx, T);
      const expected = paretoNbdExpectedPurchases(params, x, tx, T, t);
      const pBuy = paretoNbdProbabilityOfPurchase(params, x, tx, T, t);
      expect(pAlive).toBeGreaterThanOrEqual(0);
      expect(pAlive).toBeLessThanOrEqual(1);
      expect(pBuy).toBeGreaterThanOrEqual(0);
      expect(pBuy).toBeLessThanOrEqual(pAlive + 1e-12);
      expect(Number.isFinite(expected)).toBe(true);
      expect(expected).toBeGreaterThanOrEqual(0);
    }
    expect(Number.isNaN(paretoNbdMedianTimeToNextPurchase(params, x, tx, T, 730))).toBe(false);
  });
  it("P(alive) decreases with T for fixed x, t_x; expectations increase with t", () => {
    const random = createSeededRandom(11);
    for (let k = 0; k < 100; k++) {
      const x = 1 + Math.floor(random.next() * 30);
      const tx = random.next() * 50;
      const T1 = tx + random.next() * 50;
      const T2 = T1 + 0.1 + random.next() * 50;
      expect(paretoNbdProbabilityAlive(params, x, tx, T2)).toBeLessThanOrEqual(paretoNbdProbabilityAlive(params, x, tx, T1) + 1e-12);
      const t1 = random.next() * 100;
      const t2 = t1 + 0.5 + random.next() * 100;
      expect(paretoNbdExpectedPurchases(params, x, tx, T1, t2)).toBeGreaterThanOrEqual(paretoNbdExpectedPurchases(params, x, tx, T1, t1));
      expect(paretoNbdProbabilityOfPurchase(params, x, tx, T1, t2)).toBeGreaterThanOrEqual(paretoNbdProbabilityOfPurchase(params, x, tx, T1, t1) - 1e-12);
    }
  });
});
