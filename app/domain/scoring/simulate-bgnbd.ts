/**
 * Simulation from the BG/NBD generative story (FHL 2005 §3), used for
 * parameter-recovery tests and the benchmark. The random source is injected
 * (app/domain/random: createSeededRandom for a reproducible stream).
 */
import type { BgNbdParams } from "./bgnbd";
import type { GammaGammaParams } from "./gamma-gamma";
import { beta, exponential, gamma } from "../random/samplers";
import type { RandomSource } from "../random/seeded-random";
import { unitToMs } from "./time-unit";

/**
 * Purchase times after the first purchase at time 0, up to T (params.timeUnit):
 * λ ~ Gamma(r, α), p ~ Beta(a, b); inter-purchase times Exp(λ); after each
 * repeat purchase the customer drops out with probability p.
 */
export function simulateBgNbdRepeatTimes(params: BgNbdParams, T: number, random: RandomSource): number[] {
  const lambda = gamma(random, params.r, 1 / params.alpha); // Gamma(r, rate α)
  const p = beta(random, params.a, params.b);
  const times: number[] = [];
  let t = 0;
  for (;;) {
    t += exponential(random, lambda);
    if (t > T) break;
    times.push(t);
    if (random.next() < p) break;
  }
  return times;
}

/** (x, t_x, T) for n customers whose ages T are drawn by `age`. */
export function simulateBgNbdSummaries(
  params: BgNbdParams,
  n: number,
  age: (random: RandomSource) => number,
  random: RandomSource,
): { x: Float64Array; tx: Float64Array; T: Float64Array } {
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    T[i] = age(random);
    const times = simulateBgNbdRepeatTimes(params, T[i], random);
    x[i] = times.length;
    tx[i] = times.length > 0 ? times[times.length - 1] : 0;
  }
  return { x, tx, T };
}

/** Column-oriented simulated order log. */
export interface SimulatedOrders {
  readonly customerIndex: Int32Array;
  readonly timestamp: Float64Array;
  readonly amount: Float64Array;
  readonly length: number;
}

/**
 * Orders for n customers whose first order falls uniformly in
 * [start, observationEnd − minAgeMs]; spend per order is Gamma(p, ν) with
 * ν ~ Gamma(q, γ) (the Gamma-Gamma story).
 */
export function simulateBgNbdOrders(
  params: BgNbdParams,
  spend: GammaGammaParams,
  n: number,
  start: number,
  observationEnd: number,
  random: RandomSource,
): SimulatedOrders {
  let capacity = Math.max(16, n * 3);
  let customerIndex = new Int32Array(capacity);
  let timestamp = new Float64Array(capacity);
  let amount = new Float64Array(capacity);
  let length = 0;
  const push = (c: number, ts: number, value: number): void => {
    if (length === capacity) {
      capacity *= 2;
      const ci = new Int32Array(capacity);
      ci.set(customerIndex);
      customerIndex = ci;
      const t = new Float64Array(capacity);
      t.set(timestamp);
      timestamp = t;
      const a = new Float64Array(capacity);
      a.set(amount);
      amount = a;
    }
    customerIndex[length] = c;
    timestamp[length] = ts;
    amount[length] = value;
    length++;
  };
  const unitMs = unitToMs(1, params.timeUnit);
  for (let c = 0; c < n; c++) {
    const first = start + random.next() * (observationEnd - start);
    const T = (observationEnd - first) / unitMs;
    const nu = gamma(random, spend.q, 1 / spend.gamma); // Gamma(q, rate γ)
    push(c, first, gamma(random, spend.p, 1 / nu)); // Gamma(p, rate ν)
    for (const t of simulateBgNbdRepeatTimes(params, T, random)) push(c, first + t * unitMs, gamma(random, spend.p, 1 / nu));
  }
  return { customerIndex, timestamp, amount, length };
}
