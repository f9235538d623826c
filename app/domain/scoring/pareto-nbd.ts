/**
 * Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): purchases follow
 * Poisson(λ) while alive, λ ~ Gamma(r, α); lifetimes are Exponential(μ),
 * μ ~ Gamma(s, β). Expressions follow Fader & Hardie (2005), "A note on
 * deriving the Pareto/NBD model and related expressions" (hereafter FH05).
 *
 * FH05 writes the likelihood with ₂F₁ (their eq. 22–23). We use the integral it
 * comes from, which makes the log-sum-exp structure and the gradient explicit:
 *
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s·(I(t_x) − I(T)) ],
 *   I(τ) = ∫_τ^∞ (α+u)^−(r+x) (β+u)^−(s+1) du,
 *
 * (the integral over the death time in (t_x, T]); I is evaluated with the
 * ₂F₁ series of FH05 after Euler's transformation (power-tail-integral.ts).
 */
import type { FitReport, LogParameterPrior } from "./log-parameter-fit";
import { digamma, logGamma } from "./log-gamma";
import { log1mExp, oneMinusExpOverEpsilon } from "./log-space";
import { logPowerTailIntegral, newLogTailIntegral, type LogTailIntegral } from "./power-tail-integral";
import type { TimeUnit } from "./time-unit";
import { fitRecencyFrequencyModel, toRecencyFrequencyRows, type RecencyFrequencyInput } from "./recency-frequency-fit";
import type { RecencyFrequencyRows } from "./weighted-rows";

export interface ParetoNbdParams {
  readonly model: "pnbd";
  readonly r: number;
  /** in timeUnit */
  readonly alpha: number;
  readonly s: number;
  /** in timeUnit */
  readonly beta: number;
  readonly timeUnit: TimeUnit;
}

const upper = newLogTailIntegral();
const lower = newLogTailIntegral();

/**
 * I(τ) per distinct time value within one x group: I(t_x) and I(T) depend on (x, τ) only, and shops measured in
 * whole days have a few hundred distinct τ per x against thousands of rows, so each is computed once per group.
 * `stamp[j]` = the group the entry j was computed for.
 */
const tailMemo = {
  stamp: new Float64Array(0),
  logValue: new Float64Array(0),
  dA: new Float64Array(0),
  dB: new Float64Array(0),
  dp: new Float64Array(0),
  dq: new Float64Array(0),
  generation: 0,
};

function resetTailMemo(size: number): void {
  if (tailMemo.stamp.length < size) {
    tailMemo.stamp = new Float64Array(size);
    tailMemo.logValue = new Float64Array(size);
    tailMemo.dA = new Float64Array(size);
    tailMemo.dB = new Float64Array(size);
    tailMemo.dp = new Float64Array(size);
    tailMemo.dq = new Float64Array(size);
  }
}

/** I at time value j of the memo (computed for this group unless already), copied into `out`. */
function memoTailIntegral(alpha: number, beta: number, rx: number, q: number, tau: number, j: number, stamp: number, out: LogTailIntegral, withGradient: boolean): void {
  const memo = tailMemo;
  if (memo.stamp[j] !== stamp) {
    logPowerTailIntegral(alpha, beta, rx, q, tau, out, withGradient);
    memo.stamp[j] = stamp;
    memo.logValue[j] = out.logValue;
    memo.dA[j] = out.dA;
    memo.dB[j] = out.dB;
    memo.dp[j] = out.dp;
    memo.dq[j] = out.dq;
    return;
  }
  out.logValue = memo.logValue[j];
  out.dA = memo.dA[j];
  out.dB = memo.dB[j];
  out.dp = memo.dp[j];
  out.dq = memo.dq[j];
}

/**
 * Total log-likelihood; adds ∂LL/∂(r, α, s, β) into `gradient` when given.
 * Per customer: ln L = C + ln(e^P + e^(ln s + ln(I(t_x) − I(T)))) with
 * C = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β and P = −(r+x) ln(α+T) − s ln(β+T).
 */
export function paretoNbdLogLikelihood(r: number, alpha: number, s: number, beta: number, rows: RecencyFrequencyRows, gradient: Float64Array | null = null): number {
  const logAlpha = Math.log(alpha);
  const logBeta = Math.log(beta);
  const logS = Math.log(s);
  const lgR = logGamma(r);
  const psiR = gradient ? digamma(r) : 0;
  const withGradient = gradient !== null;
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let gs = 0;
  let gBeta = 0;
  const { groups, tx, T, weight, times } = rows;
  if (times) resetTailMemo(times.values.length);
  for (let g = 0; g < groups.count; g++) {
    // A fresh stamp per group (and per call: parameters change between calls).
    const stamp = ++tailMemo.generation;
    const x = groups.value[g];
    const wg = groups.weight[g];
    const rx = r + x;
    ll += wg * (logGamma(rx) - lgR + r * logAlpha + s * logBeta);
    if (withGradient) {
      gr += wg * (digamma(rx) - psiR + logAlpha);
      gAlpha += (wg * r) / alpha;
      gs += wg * logBeta;
      gBeta += (wg * s) / beta;
    }
    for (let k = groups.start[g]; k < groups.start[g + 1]; k++) {
      const w = weight[k];
      const alphaT = alpha + T[k];
      const betaT = beta + T[k];
      const logP = -rx * Math.log(alphaT) - s * Math.log(betaT);
      if (times) {
        memoTailIntegral(alpha, beta, rx, s + 1, tx[k], times.txIndex[k], stamp, upper, withGradient);
        memoTailIntegral(alpha, beta, rx, s + 1, T[k], times.TIndex[k], stamp, lower, withGradient);
      } else {
        logPowerTailIntegral(alpha, beta, rx, s + 1, tx[k], upper, withGradient);
        logPowerTailIntegral(alpha, beta, rx, s + 1, T[k], lower, withGradient);
      }
      // ln(I(t_x) − I(T)); −Infinity when t_x = T.
      const logDiff = tx[k] < T[k] ? upper.logValue + log1mExp(Math.min(lower.logValue - upper.logValue, 0)) : -Infinity;
      const logSecond = logS + logDiff;
      const logSum = logP > logSecond ? logP + Math.log1p(Math.exp(logSecond - logP)) : logSecond + Math.log1p(Math.exp(logP - logSecond));
      ll += w * logSum;
      if (!withGradient) continue;
      // Share of each term in the bracket; w₁ − w₂ = share of the s·(I₁ − I₂) term.
      const wP = Math.exp(logP - logSum);
      const w1 = logDiff === -Infinity ? 0 : Math.exp(logS + upper.logValue - logSum);
      const w2 = logDiff === -Infinity ? 0 : Math.exp(logS + lower.logValue - logSum);
      gr += w * (-wP * Math.log(alphaT) + w1 * upper.dp - w2 * lower.dp);
      gAlpha += w * (-wP * rx / alphaT + w1 * upper.dA - w2 * lower.dA);
      gs += w * (-wP * Math.log(betaT) + w1 * upper.dq - w2 * lower.dq + (w1 - w2) / s);
      gBeta += w * (-wP * s / betaT + w1 * upper.dB - w2 * lower.dB);
    }
  }
  if (gradient) {
    gradient[0] += gr;
    gradient[1] += gAlpha;
    gradient[2] += gs;
    gradient[3] += gBeta;
  }
  return ll;
}

export interface ParetoNbdFitOptions {
  readonly timeUnit: TimeUnit;
  /** MAP with this prior on ln(r, α, s, β); omit for maximum likelihood */
  readonly prior?: LogParameterPrior;
  readonly start?: { r: number; alpha: number; s: number; beta: number };
}

export interface ParetoNbdFit {
  readonly params: ParetoNbdParams;
  readonly report: FitReport;
}

export function fitParetoNbd(data: RecencyFrequencyInput | RecencyFrequencyRows, options: ParetoNbdFitOptions): ParetoNbdFit {
  const rows = toRecencyFrequencyRows(data);
  const start = options.start ?? paretoNbdStartingValues(rows);
  const { params, report } = fitRecencyFrequencyModel(paretoNbdLogLikelihood, rows, [start.r, start.alpha, start.s, start.beta], options.prior);
  return { params: { model: "pnbd", r: params[0], alpha: params[1], s: params[2], beta: params[3], timeUnit: options.timeUnit }, report };
}

/** r = s = 0.5, α from the pooled purchase rate, β = mean age (lifetimes of the order of the observation window). */
export function paretoNbdStartingValues(rows: RecencyFrequencyRows): { r: number; alpha: number; s: number; beta: number } {
  let sumX = 0;
  let sumT = 0;
  for (let k = 0; k < rows.size; k++) {
    sumX += rows.weight[k] * rows.x[k];
    sumT += rows.weight[k] * rows.T[k];
  }
  const rate = sumT > 0 ? Math.max(sumX, 1) / sumT : 1;
  const meanT = rows.totalWeight > 0 ? sumT / rows.totalWeight : 1;
  return { r: 0.5, alpha: 0.5 / rate, s: 0.5, beta: Math.max(meanT, 1e-3) };
}

/** P(alive | x, t_x, T) = (first bracket term) / (bracket) (FH05 eq. 24). */
export function paretoNbdProbabilityAlive(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = params;
  const rx = r + x;
  const logP = -rx * Math.log(alpha + T) - s * Math.log(beta + T);
  if (!(tx < T)) return 1;
  logPowerTailIntegral(alpha, beta, rx, s + 1, tx, upper, false);
  logPowerTailIntegral(alpha, beta, rx, s + 1, T, lower, false);
  const logSecond = Math.log(s) + upper.logValue + log1mExp(Math.min(lower.logValue - upper.logValue, 0));
  // 1 / (1 + e^(logSecond − logP))
  const u = logSecond - logP;
  return u > 0 ? Math.exp(-u) / (1 + Math.exp(-u)) : 1 / (1 + Math.exp(u));
}

/**
 * E[Y(t) | x, t_x, T] (FH05 eq. 27 / Schmittlein et al. 1987 eq. 22):
 *   P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)],
 * with the s → 1 limit (r+x)(β+T)/(α+T) · ln(1 + t/(β+T)) handled by
 * oneMinusExpOverEpsilon.
 */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, x: number, tx: number, T: number, t: number): number {
  if (!(t > 0)) return 0;
  return paretoNbdProbabilityAlive(params, x, tx, T) * paretoNbdExpectedPurchasesIfAlive(params, x, T, t);
}

/** E[Y(t) | x, T, alive at T]; depends on x and T only (see paretoNbdExpectedPurchases). */
export function paretoNbdExpectedPurchasesIfAlive(params: ParetoNbdParams, x: number, T: number, t: number): number {
  if (!(t > 0)) return 0;
  const { r, alpha, s, beta } = params;
  const L = Math.log1p(t / (beta + T));
  return (((r + x) * (beta + T)) / (alpha + T)) * oneMinusExpOverEpsilon(s - 1, L);
}

/**
 * P(at least one purchase in (T, T+t] | x, t_x, T).
 *
 * Given alive at T with rates λ, μ, the next purchase comes before death and
 * before T+t with probability ∫₀ᵗ λ e^(−(λ+μ)u) du. Given alive, λ ~ Gamma(r+x, α+T)
 * and μ ~ Gamma(s, β+T) independently (the alive part of the likelihood,
 * λ^x e^(−(λ+μ)T), factorises), so E[λe^(−λu)] E[e^(−μu)] integrates to
 *   P = P(alive) · (r+x) (α+T)^(r+x) (β+T)^s · [I′(0) − I′(t)],
 *   I′(τ) = ∫_τ^∞ (α+T+u)^−(r+x+1) (β+T+u)^−s du.
 */
export function paretoNbdProbabilityOfPurchase(params: ParetoNbdParams, x: number, tx: number, T: number, t: number): number {
  if (!(t > 0)) return 0;
  return paretoNbdProbabilityAlive(params, x, tx, T) * probabilityOfPurchaseIfAlive(params, x, T, t);
}

function probabilityOfPurchaseIfAlive(params: ParetoNbdParams, x: number, T: number, t: number): number {
  const { r, alpha, s, beta } = params;
  const rx = r + x;
  const A = alpha + T;
  const B = beta + T;
  logPowerTailIntegral(A, B, rx + 1, s, 0, upper, false);
  const logScale = Math.log(rx) + rx * Math.log(A) + s * Math.log(B);
  const head = logScale + upper.logValue;
  if (t === Infinity) return Math.min(1, Math.exp(head));
  logPowerTailIntegral(A, B, rx + 1, s, t, lower, false);
  const value = Math.exp(head + log1mExp(Math.min(lower.logValue - upper.logValue, 0)));
  return Math.min(1, Math.max(0, value));
}

/**
 * Median time from T to the next purchase (P(at least one purchase in
 * (T, T+t]) = ½), in params.timeUnit, or Infinity when that probability stays
 * below ½ up to `maxT`. Found by bisection on ln t (the probability is
 * increasing in t), to 1e-4 relative.
 */
export function paretoNbdMedianTimeToNextPurchase(params: ParetoNbdParams, x: number, tx: number, T: number, maxT: number): number {
  const pAlive = paretoNbdProbabilityAlive(params, x, tx, T);
  if (!(pAlive > 0.5)) return Infinity;
  const target = 0.5 / pAlive;
  if (probabilityOfPurchaseIfAlive(params, x, T, maxT) < target) return Infinity;
  let lo = Math.log(maxT) - 30;
  let hi = Math.log(maxT);
  while (hi - lo > 1e-4) {
    const mid = (lo + hi) / 2;
    if (probabilityOfPurchaseIfAlive(params, x, T, Math.exp(mid)) < target) lo = mid;
    else hi = mid;
  }
  return Math.exp(hi);
}
