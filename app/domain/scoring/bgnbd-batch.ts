/**
 * BG/NBD predictions for a whole column of customers at once: the numbers
 * scoreCustomers stores, with exactly the definitions of the per-customer
 * functions in bgnbd.ts (bgNbdProbabilityAlive, bgNbdExpectedPurchasesIfAlivePair,
 * bgNbdProbabilityOfPurchase, bgNbdMedianTimeGivenPAlive), reorganised so
 * that nothing is computed twice:
 *
 *  - per distinct x: r + x, ln a − ln(b+x−1), c = a+b+x−1 and the
 *    coefficients kₙ of the K-series K(z) = Σ kₙ zⁿ (bgnbd.ts), which
 *    depend on x only. For an x shared by many customers, K is re-expanded
 *    once per x into Taylor polynomials on short intervals of
 *    L = −ln(1−z): on an interval of width ΔL around z꜀ the distance to the
 *    singularity at z = 1 is 1 − z꜀ while |z − z꜀| ≤ (e^(ΔL/2) − 1)(1 − z꜀),
 *    so a degree-9 polynomial is exact to rounding (ratio ≤ 0.008 per
 *    degree) anywhere, where the series needs ~45 terms on average and
 *    ~170 at z = 0.8. Intervals are built lazily, on first use. Rare x
 *    values sum the series itself (a multiply-add per term, the
 *    coefficients cached).
 *  - per customer: Lᵢ = ln(1 + tᵢ/(α+T)) for each horizon, shared by the
 *    expectation (through (1−z)^(a−1) = e^(−(a−1)L)) and by P(repeat); the
 *    exp and expm1 of −(a−1)L come from one expm1.
 *  - per distinct (x, T) when ages are whole days (or any repeated value):
 *    everything that does not depend on t_x, i.e. the two alive-conditional
 *    expectations and P(repeat | alive), is memoised, so a day-level shop
 *    sums at most (#x values) × (#ages) series.
 *  - P(alive) uses ln((α+T)/(α+t_x)) = log1p((T−t_x)/(α+t_x)), one logarithm
 *    instead of two (and no cancellation when t_x ≈ T).
 *
 * test/domain/scoring/bgnbd-batch.test.ts checks the columns against the
 * per-customer functions on random parameters and customers.
 */
import type { BgNbdParams } from "./bgnbd";

/** Output columns (times in params.timeUnit; medianWait is Infinity when beyond maxWait or never). */
export interface BgNbdPredictionColumns {
  readonly pAlive: Float64Array;
  readonly pRepeatShort: Float64Array;
  readonly expectedShort: Float64Array;
  readonly expectedLong: Float64Array;
  readonly medianWait: Float64Array;
}

/** Same cap as the per-customer series loop. */
const MAX_SERIES_TERMS = 100_000;
/** Memoise (x, T) results only in a table of at most this many entries. */
const MAX_MEMO_ENTRIES = 1 << 20;
const INITIAL_COEFFICIENTS = 64;

/** Terms of the model that depend on x only. */
interface PerX {
  readonly x: number;
  readonly rx: number;
  readonly c: number;
  /** ln a − ln(b+x−1), the constant part of the log-odds of being dead */
  readonly logOddsConstant: number;
  /** kₙ₊₁ at index n (lazily extended) */
  coefficients: Float64Array;
  /** Taylor intervals (TAYLOR_STRIDE numbers each: z꜀, d₀…d_D), or null: sum the series */
  taylor: Float64Array | null;
  /** 1 once interval j of `taylor` is filled */
  built: Uint8Array | null;
}

/** Interval width in L = −ln(1−z) and polynomial degree of the Taylor tables. */
const TAYLOR_STEP = 1 / 64;
const TAYLOR_DEGREE = 9;
const TAYLOR_STRIDE = TAYLOR_DEGREE + 2;
const MAX_TAYLOR_INTERVALS = 4096;
/** Build Taylor tables only for x values shared by at least this many customers. */
const MIN_CUSTOMERS_FOR_TAYLOR = 256;

export function bgNbdPredictColumns(
  params: BgNbdParams,
  x: ArrayLike<number>,
  tx: ArrayLike<number>,
  T: ArrayLike<number>,
  shortHorizon: number,
  longHorizon: number,
  maxWait: number,
  out: BgNbdPredictionColumns,
): void {
  const { r, alpha, a } = params;
  const n = x.length;
  const am1 = a - 1;
  const p1 = a + params.b - 1 - r;
  // Median wait of a customer with x = 0 (P(alive) = 1): (α+T)·expm1(−ln(½)/r).
  const medianFactorX0 = Math.expm1(-Math.log1p(-0.5) / r);
  // Per-x terms for integer x (the usual case), indexed by x; others built per customer.
  let maxX = 0;
  let minT = Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i] > maxX && x[i] < MAX_INDEXED_X) maxX = x[i];
    if (T[i] < minT) minT = T[i];
  }
  // L = ln(1 + t/(α+T)) is largest for the longest horizon and the youngest customer.
  const maxL = Math.log1p(Math.max(shortHorizon, longHorizon) / (alpha + minT));
  const customersPerX = new Int32Array(Math.floor(maxX) + 1);
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    if (xi >= 0 && xi < customersPerX.length && Number.isInteger(xi)) customersPerX[xi]++;
  }
  const intervals = Math.min(MAX_TAYLOR_INTERVALS, Math.floor(maxL / TAYLOR_STEP) + 1);
  const table: PerX[] = new Array<PerX>(customersPerX.length);
  for (let k = 0; k < table.length; k++) table[k] = perXTerms(params, k, customersPerX[k] >= MIN_CUSTOMERS_FOR_TAYLOR ? intervals : 0);

  // Memo of the t_x-free parts, keyed by (integer x, ⌊T·scale⌉); a hit also needs the exact T.
  const memo = planMemo(x, T);
  const memoRows = memo ? memo.maxT + 1 : 0;
  const memoMaxX = memo ? memo.maxX : -1;
  const memoScale = memo ? memo.scale : 1;
  const memoT = new Float64Array(memo ? memo.entries : 0).fill(NaN);
  const memoShort = new Float64Array(memo ? memo.entries : 0);
  const memoLong = new Float64Array(memo ? memo.entries : 0);
  const memoRepeat = new Float64Array(memo ? memo.entries : 0);

  const series = seriesScratch;
  const { pAlive: pAliveOut, pRepeatShort, expectedShort, expectedLong, medianWait } = out;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const Ti = T[i];
    const integerX = xi >= 0 && xi < table.length && Number.isInteger(xi);
    const terms = integerX ? table[xi] : perXTerms(params, xi, 0);
    const rx = terms.rx;
    const alphaT = alpha + Ti;

    // Alive-conditional parts: memo or compute.
    let ifAliveShort: number;
    let ifAliveLong: number;
    let repeatIfAlive: number;
    let slot = -1;
    if (integerX && xi <= memoMaxX) {
      const key = Math.round(Ti * memoScale);
      if (key >= 0 && key < memoRows) slot = xi * memoRows + key;
    }
    if (slot >= 0 && memoT[slot] === Ti) {
      ifAliveShort = memoShort[slot];
      ifAliveLong = memoLong[slot];
      repeatIfAlive = memoRepeat[slot];
    } else {
      const z1 = shortHorizon > 0 ? shortHorizon / (alphaT + shortHorizon) : 0;
      const z2 = longHorizon > 0 ? longHorizon / (alphaT + longHorizon) : 0;
      const L1 = Math.log1p(shortHorizon / alphaT);
      const L2 = Math.log1p(longHorizon / alphaT);
      let K1: number;
      let K2: number;
      const j1 = Math.floor(L1 / TAYLOR_STEP);
      const j2 = Math.floor(L2 / TAYLOR_STEP);
      if (terms.taylor !== null && j1 >= 0 && j2 >= 0 && j1 < terms.built!.length && j2 < terms.built!.length) {
        K1 = taylorK(terms, p1, a, j1, z1);
        K2 = taylorK(terms, p1, a, j2, z2);
      } else {
        sumSeries(terms, p1, a, z1, z2, series);
        K1 = series[0];
        K2 = series[1];
      }
      ifAliveShort = shortHorizon > 0 ? terms.c * bracket(am1, L1, K1) : 0;
      ifAliveLong = longHorizon > 0 ? terms.c * bracket(am1, L2, K2) : 0;
      repeatIfAlive = shortHorizon > 0 ? -Math.expm1(-rx * L1) : 0;
      if (slot >= 0) {
        memoT[slot] = Ti;
        memoShort[slot] = ifAliveShort;
        memoLong[slot] = ifAliveLong;
        memoRepeat[slot] = repeatIfAlive;
      }
    }

    let pAlive = 1;
    let wait: number;
    if (xi > 0) {
      const txi = tx[i];
      // inverseOnePlusExp (log-space.ts), inlined: this loop is too big for V8 to inline it.
      const logOdds = terms.logOddsConstant + rx * Math.log1p((Ti - txi) / (alpha + txi));
      if (logOdds > 0) {
        const e = Math.exp(-logOdds);
        pAlive = e / (1 + e);
      } else {
        pAlive = 1 / (1 + Math.exp(logOdds));
      }
      wait = pAlive > 0.5 ? alphaT * Math.expm1(-Math.log1p(-0.5 / pAlive) / rx) : Infinity;
    } else {
      wait = alphaT * (xi === 0 ? medianFactorX0 : Math.expm1(-Math.log1p(-0.5) / rx));
    }
    pAliveOut[i] = pAlive;
    expectedShort[i] = pAlive * ifAliveShort;
    expectedLong[i] = pAlive * ifAliveLong;
    pRepeatShort[i] = pAlive * repeatIfAlive;
    medianWait[i] = wait <= maxWait ? wait : Infinity;
  }
}

const MAX_INDEXED_X = 1 << 16;
const seriesScratch = new Float64Array(2);

function perXTerms(params: BgNbdParams, x: number, taylorIntervals: number): PerX {
  const { r, a, b } = params;
  const c = a + b + x - 1;
  const coefficients = new Float64Array(INITIAL_COEFFICIENTS);
  fillCoefficients(coefficients, 0, a + b - 1 - r, a, c);
  return {
    x,
    rx: r + x,
    c,
    logOddsConstant: Math.log(a) - Math.log(b + x - 1),
    coefficients,
    taylor: taylorIntervals > 0 ? new Float64Array(taylorIntervals * TAYLOR_STRIDE) : null,
    built: taylorIntervals > 0 ? new Uint8Array(taylorIntervals) : null,
  };
}

/** K(z) from the Taylor polynomial of interval j (built on first use). */
function taylorK(terms: PerX, p1: number, a: number, j: number, z: number): number {
  const taylor = terms.taylor!;
  if (terms.built![j] === 0) buildTaylorInterval(terms, p1, a, j);
  const base = j * TAYLOR_STRIDE;
  const delta = z - taylor[base];
  let value = taylor[base + TAYLOR_STRIDE - 1];
  for (let m = TAYLOR_STRIDE - 2; m >= 1; m--) value = value * delta + taylor[base + m];
  return value;
}

/**
 * Taylor coefficients of K at z꜀ = 1 − e^(−(j+½)ΔL): d_m = Σₙ kₙ C(n, m) z꜀^(n−m),
 * summed until the series at z꜀ + max|z − z꜀| has converged
 * (C(n, m) z꜀^(n−m) by Pascal's rule, all positive: no cancellation).
 */
function buildTaylorInterval(terms: PerX, p1: number, a: number, j: number): void {
  const taylor = terms.taylor!;
  const zc = -Math.expm1(-(j + 0.5) * TAYLOR_STEP);
  // Largest z + |z − z꜀| on the interval (its lower half is the wider one in z).
  const zBound = 2 * zc + Math.expm1(-j * TAYLOR_STEP);
  const d = new Float64Array(TAYLOR_DEGREE + 1);
  const v = new Float64Array(TAYLOR_DEGREE + 1);
  v[0] = 1;
  let sumHigh = 0;
  let powerHigh = 1;
  for (let n = 1; n < MAX_SERIES_TERMS; n++) {
    if (n - 1 >= terms.coefficients.length) growCoefficients(terms, p1, a);
    const k = terms.coefficients[n - 1];
    // v[m] = C(n, m) z꜀^(n−m)
    for (let m = Math.min(n, TAYLOR_DEGREE); m >= 1; m--) v[m] = zc * v[m] + v[m - 1];
    v[0] *= zc;
    for (let m = 0; m <= TAYLOR_DEGREE && m <= n; m++) d[m] += k * v[m];
    powerHigh *= zBound;
    const termHigh = k * powerHigh;
    sumHigh += termHigh;
    if (n > TAYLOR_DEGREE && Math.abs(termHigh) <= 1e-18 * Math.abs(sumHigh)) break;
  }
  const base = j * TAYLOR_STRIDE;
  taylor[base] = zc;
  for (let m = 0; m <= TAYLOR_DEGREE; m++) taylor[base + 1 + m] = d[m];
  terms.built![j] = 1;
}

function growCoefficients(terms: PerX, p1: number, a: number): void {
  const n = terms.coefficients.length;
  const grown = new Float64Array(Math.min(MAX_SERIES_TERMS, 2 * n));
  grown.set(terms.coefficients);
  fillCoefficients(grown, n, p1, a, terms.c);
  terms.coefficients = grown;
}

/** coefficients[n] = kₙ₊₁ for n ≥ from: k₁ = p₁/c, kₙ₊₁ = kₙ (p₁+n)(a+n−1) / ((c+n)(n+1)). */
function fillCoefficients(coefficients: Float64Array, from: number, p1: number, a: number, c: number): void {
  let coefficient = from === 0 ? p1 / c : coefficients[from - 1];
  if (from === 0) coefficients[0] = coefficient;
  for (let n = Math.max(from, 1); n < coefficients.length; n++) {
    coefficient *= ((p1 + n) * (a + n - 1)) / ((c + n) * (n + 1));
    coefficients[n] = coefficient;
  }
}

/**
 * K(z₁), K(z₂) into out, with the per-customer loop's terms and stopping rule
 * (bgNbdExpectedPurchasesIfAlivePair).
 */
function sumSeries(terms: PerX, p1: number, a: number, z1: number, z2: number, out: Float64Array): void {
  let coefficients = terms.coefficients;
  let power1 = z1;
  let power2 = z2;
  let K1 = coefficients[0] * power1;
  let K2 = coefficients[0] * power2;
  for (let n = 1; n < MAX_SERIES_TERMS; n++) {
    if (n === coefficients.length) {
      growCoefficients(terms, p1, a);
      coefficients = terms.coefficients;
    }
    const coefficient = coefficients[n];
    power1 *= z1;
    power2 *= z2;
    const term1 = coefficient * power1;
    const term2 = coefficient * power2;
    K1 += term1;
    K2 += term2;
    if (Math.abs(term1) <= 1e-16 * Math.abs(K1) && Math.abs(term2) <= 1e-16 * Math.abs(K2)) break;
  }
  out[0] = K1;
  out[1] = K2;
}

/**
 * [1 − (1−z)^(a−1)(1 + (a−1)K)]/(a−1) with L = −ln(1−z) ≥ 0, i.e.
 * (1 − e^(−(a−1)L))/(a−1) − e^(−(a−1)L) K, from a single expm1.
 */
function bracket(am1: number, L: number, K: number): number {
  const product = am1 * L;
  if (Math.abs(product) < 1e-8) return L * (1 - product / 2 + (product * product) / 6) - Math.exp(-product) * K;
  const e = Math.expm1(-product);
  return -e / am1 - (1 + e) * K;
}

/**
 * A memo table when x is a small integer and T·scale is close to one (ages
 * in whole days, measured in days or in weeks): decided on a sample, since
 * every hit is verified against the exact T anyway.
 */
function planMemo(x: ArrayLike<number>, T: ArrayLike<number>): { maxX: number; maxT: number; scale: number; entries: number } | null {
  const n = x.length;
  if (n < 1024) return null;
  const step = Math.max(1, Math.floor(n / 1024));
  const scale = [1, 7].find((s) => {
    for (let i = 0; i < n; i += step) {
      const scaled = T[i] * s;
      if (!Number.isInteger(x[i]) || !(Math.abs(scaled - Math.round(scaled)) < 1e-6)) return false;
    }
    return true;
  });
  if (scale === undefined) return null;
  let maxT = 0;
  let maxX = 0;
  for (let i = 0; i < n; i++) {
    if (T[i] > maxT) maxT = T[i];
    if (x[i] > maxX) maxX = x[i];
  }
  maxT = Math.ceil(maxT * scale);
  if (!(maxT < MAX_MEMO_ENTRIES)) return null;
  // Keep the table bounded: customers with larger x are computed directly.
  maxX = Math.min(Math.floor(maxX), Math.floor(MAX_MEMO_ENTRIES / (maxT + 1)) - 1);
  if (maxX < 0) return null;
  return { maxX, maxT, scale, entries: (maxX + 1) * (maxT + 1) };
}
