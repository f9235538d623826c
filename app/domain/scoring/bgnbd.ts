/**
 * BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy
 * way", Marketing Science 24(2)): purchases follow Poisson(λ) while active,
 * λ ~ Gamma(r, α); after each purchase the customer drops out with
 * probability p, p ~ Beta(a, b).
 *
 * Customer summary: x repeat purchases, t_x time of the last one and T the
 * age, both measured from the first purchase, in params.timeUnit.
 */
import { logParameterStandardErrors, type FitReport, type LogParameterPrior, type StandardErrors } from "./log-parameter-fit";
import { digamma, logGamma } from "./log-gamma";
import { inverseOnePlusExp, oneMinusExpOverEpsilon } from "./log-space";
import type { TimeUnit } from "./time-unit";
import { fitRecencyFrequencyModel, toRecencyFrequencyRows, type RecencyFrequencyInput } from "./recency-frequency-fit";
import type { RecencyFrequencyRows } from "./weighted-rows";

export type { RecencyFrequencyInput } from "./recency-frequency-fit";

export interface BgNbdParams {
  readonly model: "bgnbd";
  readonly r: number;
  /** in timeUnit */
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
  readonly timeUnit: TimeUnit;
}

/**
 * Total log-likelihood (FHL 2005 eq. 6, in the log-sum form
 * LL = A₁ + A₂ + ln(e^A₃ + δ_{x>0} e^A₄) used by lifetimes):
 *   A₁ = ln Γ(r+x) − ln Γ(r) + r ln α
 *   A₂ = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x)
 *   A₃ = −(r+x) ln(α+T)
 *   A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x)
 * When `gradient` is given, adds ∂LL/∂(r, α, a, b) into it.
 */
export function bgNbdLogLikelihood(r: number, alpha: number, a: number, b: number, rows: RecencyFrequencyRows, gradient: Float64Array | null = null): number {
  const logAlpha = Math.log(alpha);
  const lgR = logGamma(r);
  const lgAB = logGamma(a + b);
  const lgB = logGamma(b);
  const psiR = gradient ? digamma(r) : 0;
  const psiAB = gradient ? digamma(a + b) : 0;
  const psiB = gradient ? digamma(b) : 0;
  const logA = Math.log(a);
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  const { groups, tx, T, weight, times } = rows;
  // ln(α + t) and 1/(α + t) per distinct time value when rows share them.
  const logTime = times ? new Float64Array(times.values.length) : null;
  const invTime = times ? new Float64Array(times.values.length) : null;
  if (times && logTime && invTime) {
    for (let j = 0; j < times.values.length; j++) {
      logTime[j] = Math.log(alpha + times.values[j]);
      invTime[j] = 1 / (alpha + times.values[j]);
    }
  }
  for (let g = 0; g < groups.count; g++) {
    const x = groups.value[g];
    const wg = groups.weight[g];
    const rx = r + x;
    ll += wg * (logGamma(rx) - lgR + r * logAlpha + lgAB + logGamma(b + x) - lgB - logGamma(a + b + x));
    if (gradient) {
      const psiABx = digamma(a + b + x);
      gr += wg * (digamma(rx) - psiR + logAlpha);
      gAlpha += (wg * r) / alpha;
      ga += wg * (psiAB - psiABx);
      gb += wg * (psiAB + digamma(b + x) - psiB - psiABx);
    }
    const end = groups.start[g + 1];
    if (x === 0) {
      // Only A₃ (no purchase after the first, so no dropout term).
      for (let k = groups.start[g]; k < end; k++) {
        const lT = logTime ? logTime[times!.TIndex[k]] : Math.log(alpha + T[k]);
        ll -= weight[k] * rx * lT;
        if (gradient) {
          gr -= weight[k] * lT;
          gAlpha -= weight[k] * rx * (invTime ? invTime[times!.TIndex[k]] : 1 / (alpha + T[k]));
        }
      }
      continue;
    }
    const logA4Const = logA - Math.log(b + x - 1);
    for (let k = groups.start[g]; k < end; k++) {
      const w = weight[k];
      let lT: number;
      let lTx: number;
      let invT: number;
      let invTx: number;
      if (logTime && invTime) {
        const iT = times!.TIndex[k];
        const iTx = times!.txIndex[k];
        lT = logTime[iT];
        lTx = logTime[iTx];
        invT = invTime[iT];
        invTx = invTime[iTx];
      } else {
        lT = Math.log(alpha + T[k]);
        lTx = Math.log(alpha + tx[k]);
        invT = 1 / (alpha + T[k]);
        invTx = 1 / (alpha + tx[k]);
      }
      const A3 = -rx * lT;
      const A4 = logA4Const - rx * lTx;
      // ln(e^A₃ + e^A₄) and the weights w₃, w₄ = e^{A₃,A₄ − M}
      let M: number;
      let w4: number;
      if (A3 >= A4) {
        const e = Math.exp(A4 - A3);
        M = A3 + Math.log1p(e);
        w4 = e / (1 + e);
      } else {
        const e = Math.exp(A3 - A4);
        M = A4 + Math.log1p(e);
        w4 = 1 / (1 + e);
      }
      const w3 = 1 - w4;
      ll += w * M;
      if (gradient) {
        gr -= w * (w3 * lT + w4 * lTx);
        gAlpha -= w * rx * (w3 * invT + w4 * invTx);
        ga += (w * w4) / a;
        gb -= (w * w4) / (b + x - 1);
      }
    }
  }
  if (gradient) {
    gradient[0] += gr;
    gradient[1] += gAlpha;
    gradient[2] += ga;
    gradient[3] += gb;
  }
  return ll;
}

export interface BgNbdFitOptions {
  readonly timeUnit: TimeUnit;
  /** MAP with this prior on ln(r, α, a, b); omit for maximum likelihood */
  readonly prior?: LogParameterPrior;
  readonly start?: { r: number; alpha: number; a: number; b: number };
}

export interface BgNbdFit {
  readonly params: BgNbdParams;
  readonly report: FitReport;
}

/** Fits the BG/NBD by maximum likelihood (or MAP when options.prior is set). */
export function fitBgNbd(data: RecencyFrequencyInput | RecencyFrequencyRows, options: BgNbdFitOptions): BgNbdFit {
  const rows = toRecencyFrequencyRows(data);
  const start = options.start ?? bgNbdStartingValues(rows);
  const { params, report } = fitRecencyFrequencyModel(bgNbdLogLikelihood, rows, [start.r, start.alpha, start.a, start.b], options.prior);
  return { params: { model: "bgnbd", r: params[0], alpha: params[1], a: params[2], b: params[3], timeUnit: options.timeUnit }, report };
}

/**
 * Asymptotic standard errors of (r, α, a, b) at `params` (the maximum-likelihood
 * fit of `data`), from the observed information; see logParameterStandardErrors.
 */
export function bgNbdStandardErrors(params: BgNbdParams, data: RecencyFrequencyInput | RecencyFrequencyRows): StandardErrors {
  const rows = toRecencyFrequencyRows(data);
  return logParameterStandardErrors((p, gradient) => bgNbdLogLikelihood(p[0], p[1], p[2], p[3], rows, gradient), [params.r, params.alpha, params.a, params.b]);
}

/**
 * Starting values: r = 0.5 and α matching the pooled purchase rate
 * (E[λ] = r/α ≈ Σx / Σt_x, the rate while observed active), a = 1, b = 3.
 * The likelihood is smooth in log-parameters, so these only need the right
 * order of magnitude.
 */
export function bgNbdStartingValues(rows: RecencyFrequencyRows): { r: number; alpha: number; a: number; b: number } {
  let sumX = 0;
  let sumT = 0;
  for (let k = 0; k < rows.size; k++) {
    sumX += rows.weight[k] * rows.x[k];
    sumT += rows.weight[k] * rows.T[k];
  }
  const rate = sumT > 0 ? Math.max(sumX, 1) / sumT : 1;
  return { r: 0.5, alpha: 0.5 / rate, a: 1, b: 3 };
}

/**
 * P(alive | x, t_x, T) (FHL 2005 eq. 13 / Fader-Hardie note 2008 eq. 5):
 *   1 / (1 + δ_{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)),
 * evaluated as a logistic of the log-odds so x = 500 cannot overflow.
 */
export function bgNbdProbabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x <= 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return inverseOnePlusExp(logOdds);
}

/**
 * E[Y(t) | x, t_x, T], expected repeat purchases in (T, T+t] (FHL 2005 eq. 10):
 *
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)] / D,
 *   z = t/(α+T+t),  D = 1 + δ_{x>0} a/(b+x−1) ((α+T)/(α+t_x))^(r+x) = 1/P(alive).
 *
 * Euler's transformation turns ((1−z))^(r+x)·₂F₁(…) into (1−z)^(a−1)·G with
 * G = ₂F₁(a+b−1−r, a−1; a+b+x−1; z), whose series converges fast even for
 * x = 500 (its c grows with x). Writing G = 1 + (a−1)K, where
 * K = Σₙ≥₁ (a+b−1−r)ₙ (a)ₙ₋₁ / ((a+b+x−1)ₙ n!) zⁿ, removes the 0/0 at a = 1:
 *
 *   [1 − (1−z)^(a−1) G]/(a−1) = (1 − (1−z)^(a−1))/(a−1) − (1−z)^(a−1) K.
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, x: number, tx: number, T: number, t: number): number {
  return bgNbdExpectedPurchasesIfAlive(params, x, T, t) * bgNbdProbabilityAlive(params, x, tx, T);
}

/** E[Y(t) | x, t_x, T, alive at T]; depends on x and T only (see bgNbdExpectedPurchases). */
export function bgNbdExpectedPurchasesIfAlive(params: BgNbdParams, x: number, T: number, t: number): number {
  return bgNbdExpectedPurchasesIfAlivePair(params, x, T, t, t, pairScratch)[0];
}

const pairScratch = new Float64Array(2);

/**
 * E[Y(t₁)] and E[Y(t₂)] given alive, written to out[0], out[1]. Both series
 * share their coefficients, so scoring two horizons costs one loop.
 */
export function bgNbdExpectedPurchasesIfAlivePair(params: BgNbdParams, x: number, T: number, t1: number, t2: number, out: Float64Array): Float64Array {
  const { r, alpha, a, b } = params;
  const z1 = t1 > 0 ? t1 / (alpha + T + t1) : 0;
  const z2 = t2 > 0 ? t2 / (alpha + T + t2) : 0;
  const am1 = a - 1;
  const c = a + b + x - 1;
  const p1 = a + b - 1 - r;
  // K(z) = Σₙ≥₁ kₙ zⁿ with k₁ = p₁/c and kₙ₊₁ = kₙ (p₁+n)(a+n−1) / ((c+n)(n+1)).
  let coefficient = p1 / c;
  let power1 = z1;
  let power2 = z2;
  let K1 = coefficient * power1;
  let K2 = coefficient * power2;
  for (let n = 1; n < 100_000; n++) {
    coefficient *= ((p1 + n) * (a + n - 1)) / ((c + n) * (n + 1));
    power1 *= z1;
    power2 *= z2;
    const term1 = coefficient * power1;
    const term2 = coefficient * power2;
    K1 += term1;
    K2 += term2;
    if (Math.abs(term1) <= 1e-16 * Math.abs(K1) && Math.abs(term2) <= 1e-16 * Math.abs(K2)) break;
  }
  out[0] = t1 > 0 ? c * bracket(am1, Math.log1p(t1 / (alpha + T)), K1) : 0;
  out[1] = t2 > 0 ? c * bracket(am1, Math.log1p(t2 / (alpha + T)), K2) : 0;
  return out;
}

/** [1 − (1−z)^(a−1)(1 + (a−1)K)]/(a−1) with L = −ln(1−z) ≥ 0. */
function bracket(am1: number, L: number, K: number): number {
  return oneMinusExpOverEpsilon(am1, L) - Math.exp(-am1 * L) * K;
}

/**
 * P(at least one purchase in (T, T+t] | x, t_x, T).
 *
 * Derivation: a BG/NBD customer can only drop out right after a purchase, so
 * a customer alive at T makes no purchase in (T, T+t] with probability e^(−λt).
 * The "alive" part of the likelihood, (1−p)^x λ^x e^(−λT), factorises, so given
 * alive λ ~ Gamma(r+x, α+T) independently of p, and E[e^(−λt)] =
 * ((α+T)/(α+T+t))^(r+x). Hence
 *   P = P(alive) · [1 − ((α+T)/(α+T+t))^(r+x)].
 */
export function bgNbdProbabilityOfPurchase(params: BgNbdParams, x: number, tx: number, T: number, t: number): number {
  if (!(t > 0)) return 0;
  const { r, alpha } = params;
  return bgNbdProbabilityAlive(params, x, tx, T) * -Math.expm1(-(r + x) * Math.log1p(t / (alpha + T)));
}

/**
 * Median time from T to the next purchase, in params.timeUnit: the t with
 * P(at least one purchase in (T, T+t]) = ½. The distribution is defective
 * (a dead customer never buys), so the median exists only when
 * P(alive) > ½; otherwise Infinity. Closed form from the expression above:
 *   t = (α+T) · [(1 − 1/(2 P(alive)))^(−1/(r+x)) − 1].
 */
export function bgNbdMedianTimeToNextPurchase(params: BgNbdParams, x: number, tx: number, T: number): number {
  return bgNbdMedianTimeGivenPAlive(params, x, T, bgNbdProbabilityAlive(params, x, tx, T));
}

/** {@link bgNbdMedianTimeToNextPurchase} with P(alive) already computed. */
export function bgNbdMedianTimeGivenPAlive(params: BgNbdParams, x: number, T: number, pAlive: number): number {
  if (!(pAlive > 0.5)) return Infinity;
  const { r, alpha } = params;
  return (alpha + T) * Math.expm1(-Math.log1p(-0.5 / pAlive) / (r + x));
}

/** Log-likelihood of a single customer (for checks and diagnostics). */
export function bgNbdCustomerLogLikelihood(params: BgNbdParams, x: number, tx: number, T: number): number {
  return bgNbdLogLikelihood(params.r, params.alpha, params.a, params.b, toRecencyFrequencyRows({ x: [x], tx: [tx], T: [T] }));
}
