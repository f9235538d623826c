/**
 * MBG/NBD model (Batislam, Denizel & Filiztekin 2007, "Empirical validation and comparison of models for
 * customer base analysis", IJRM 24(3)): the BG/NBD with one more dropout opportunity, right after the
 * first purchase. A customer who never came back may therefore already be gone: P(alive) < 1 for x = 0,
 * which is why Encore reads churn risk from this model (or the Pareto/NBD) rather than from the BG/NBD,
 * whose P(alive) is 1 for every one-time buyer by construction.
 *
 * Given alive at T the MBG/NBD behaves like a BG/NBD whose customer has survived one more dropout
 * opportunity: p ~ Beta(a, b + x + 1) instead of Beta(a, b + x). The conditional expectations are therefore
 * the BG/NBD's with b + 1 in place of b (compare Batislam et al. eq. 7 with FHL 2005 eq. 10).
 */
import { bgNbdExpectedPurchasesIfAlivePair, bgNbdMedianTimeGivenPAlive, type BgNbdParams } from "./bgnbd";
import { digamma, logGamma } from "./log-gamma";
import type { FitReport, LogParameterPrior } from "./log-parameter-fit";
import { inverseOnePlusExp } from "./log-space";
import { fitRecencyFrequencyModel, toRecencyFrequencyRows, type RecencyFrequencyInput } from "./recency-frequency-fit";
import type { TimeUnit } from "./time-unit";
import type { RecencyFrequencyRows } from "./weighted-rows";

export interface MbgNbdParams {
  readonly model: "mbgnbd";
  readonly r: number;
  /** in timeUnit */
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
  readonly timeUnit: TimeUnit;
}

/**
 * Total log-likelihood, LL = A₁ + A₂ + ln(e^A₃ + e^A₄) (Batislam et al. 2007 eq. 5; lifetimes'
 * ModifiedBetaGeoFitter):
 *   A₁ = ln Γ(r+x) − ln Γ(r) + r ln α
 *   A₂ = ln Γ(a+b) + ln Γ(b+x+1) − ln Γ(b) − ln Γ(a+b+x+1)
 *   A₃ = −(r+x) ln(α+T)
 *   A₄ = ln a − ln(b+x) − (r+x) ln(α+t_x)     (for every x, including x = 0)
 * When `gradient` is given, adds ∂LL/∂(r, α, a, b) into it.
 */
export function mbgNbdLogLikelihood(r: number, alpha: number, a: number, b: number, rows: RecencyFrequencyRows, gradient: Float64Array | null = null): number {
  const logAlpha = Math.log(alpha);
  const logA = Math.log(a);
  const lgR = logGamma(r);
  const lgAB = logGamma(a + b);
  const lgB = logGamma(b);
  const withGradient = gradient !== null;
  const psiR = withGradient ? digamma(r) : 0;
  const psiAB = withGradient ? digamma(a + b) : 0;
  const psiB = withGradient ? digamma(b) : 0;
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  const { groups, tx, T, weight } = rows;
  for (let g = 0; g < groups.count; g++) {
    const x = groups.value[g];
    const wg = groups.weight[g];
    const rx = r + x;
    ll += wg * (logGamma(rx) - lgR + r * logAlpha + lgAB + logGamma(b + x + 1) - lgB - logGamma(a + b + x + 1));
    if (withGradient) {
      const psiABx = digamma(a + b + x + 1);
      gr += wg * (digamma(rx) - psiR + logAlpha);
      gAlpha += (wg * r) / alpha;
      ga += wg * (psiAB - psiABx);
      gb += wg * (psiAB + digamma(b + x + 1) - psiB - psiABx);
    }
    const logA4Const = logA - Math.log(b + x);
    for (let k = groups.start[g]; k < groups.start[g + 1]; k++) {
      const w = weight[k];
      const lT = Math.log(alpha + T[k]);
      const lTx = Math.log(alpha + tx[k]);
      const A3 = -rx * lT;
      const A4 = logA4Const - rx * lTx;
      const hi = Math.max(A3, A4);
      const e3 = Math.exp(A3 - hi);
      const e4 = Math.exp(A4 - hi);
      ll += w * (hi + Math.log(e3 + e4));
      if (!withGradient) continue;
      const w4 = e4 / (e3 + e4);
      const w3 = 1 - w4;
      gr -= w * (w3 * lT + w4 * lTx);
      gAlpha -= w * rx * (w3 / (alpha + T[k]) + w4 / (alpha + tx[k]));
      ga += (w * w4) / a;
      gb -= (w * w4) / (b + x);
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

export interface MbgNbdFitOptions {
  readonly timeUnit: TimeUnit;
  /** MAP with this prior on ln(r, α, a, b); omit for maximum likelihood */
  readonly prior?: LogParameterPrior;
}

export interface MbgNbdFit {
  readonly params: MbgNbdParams;
  readonly report: FitReport;
}

export function fitMbgNbd(data: RecencyFrequencyInput | RecencyFrequencyRows, options: MbgNbdFitOptions): MbgNbdFit {
  const rows = toRecencyFrequencyRows(data);
  let sumX = 0;
  let sumT = 0;
  for (let k = 0; k < rows.size; k++) {
    sumX += rows.weight[k] * rows.x[k];
    sumT += rows.weight[k] * rows.T[k];
  }
  // Same starting point as the BG/NBD (bgNbdStartingValues): only the order of magnitude matters.
  const rate = sumT > 0 ? Math.max(sumX, 1) / sumT : 1;
  const { params, report } = fitRecencyFrequencyModel(mbgNbdLogLikelihood, rows, [0.5, 0.5 / rate, 1, 3], options.prior);
  return { params: { model: "mbgnbd", r: params[0], alpha: params[1], a: params[2], b: params[3], timeUnit: options.timeUnit }, report };
}

/** P(alive | x, t_x, T) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)) (Batislam et al. eq. 8), for every x. */
export function mbgNbdProbabilityAlive(params: MbgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  return inverseOnePlusExp(Math.log(a) - Math.log(b + x) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
}

/** The BG/NBD with b + 1: what an MBG/NBD customer alive at T looks like (see the module comment). */
function aliveEquivalent(params: MbgNbdParams): BgNbdParams {
  return { model: "bgnbd", r: params.r, alpha: params.alpha, a: params.a, b: params.b + 1, timeUnit: params.timeUnit };
}

const pairScratch = new Float64Array(2);

/** E[Y(t) | x, t_x, T] = P(alive) · E[Y(t) | alive]. */
export function mbgNbdExpectedPurchases(params: MbgNbdParams, x: number, tx: number, T: number, t: number): number {
  return mbgNbdProbabilityAlive(params, x, tx, T) * bgNbdExpectedPurchasesIfAlivePair(aliveEquivalent(params), x, T, t, t, pairScratch)[0];
}

/** E[Y(t₁)], E[Y(t₂)] given alive at T, into out[0], out[1]. */
export function mbgNbdExpectedPurchasesIfAlivePair(params: MbgNbdParams, x: number, T: number, t1: number, t2: number, out: Float64Array): Float64Array {
  return bgNbdExpectedPurchasesIfAlivePair(aliveEquivalent(params), x, T, t1, t2, out);
}

/**
 * P(at least one purchase in (T, T+t]): as in the BG/NBD, a customer alive at T can only drop out after a
 * purchase, so P = P(alive) · [1 − ((α+T)/(α+T+t))^(r+x)].
 */
export function mbgNbdProbabilityOfPurchase(params: MbgNbdParams, x: number, tx: number, T: number, t: number): number {
  if (!(t > 0)) return 0;
  return mbgNbdProbabilityAlive(params, x, tx, T) * -Math.expm1(-(params.r + x) * Math.log1p(t / (params.alpha + T)));
}

/** Median time to the next purchase (Infinity unless P(alive) > ½); the BG/NBD's closed form applies. */
export function mbgNbdMedianTimeGivenPAlive(params: MbgNbdParams, x: number, T: number, pAlive: number): number {
  return bgNbdMedianTimeGivenPAlive(aliveEquivalent(params), x, T, pAlive);
}
