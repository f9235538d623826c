/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using
 * iso-value curves for customer base analysis", JMR 42(4); Fader & Hardie
 * 2013 note 025 "The Gamma-Gamma model of monetary value"; Colombo & Jiang
 * 1999). Each transaction value is Gamma(p, ν); ν ~ Gamma(q, γ) across
 * customers. Fitted on customers with x ≥ 1 repeat transactions and their
 * mean repeat transaction value m̄ (the first purchase is excluded, as in the
 * papers, because it often differs systematically).
 */
import { fitLogParameters, logParameterStandardErrors, type FitReport, type LogParameterPrior, type StandardErrors } from "./log-parameter-fit";
import { digamma, logGamma } from "./log-gamma";
import { compressSpend, type SpendRows, strideSpend, WARM_START_ROWS } from "./weighted-rows";

export interface GammaGammaParams {
  readonly model: "gg";
  readonly p: number;
  readonly q: number;
  /** in currency units */
  readonly gamma: number;
}

/**
 * Total log-likelihood (note 025 eq. 3, density of m̄ given x):
 *   ln f = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln(x m̄) + ln x − (px+q) ln(γ + x m̄).
 * Adds ∂LL/∂(p, q, γ) into `gradient` when given.
 */
export function gammaGammaLogLikelihood(p: number, q: number, gamma: number, rows: SpendRows, gradient: Float64Array | null = null): number {
  const lgQ = logGamma(q);
  const psiQ = gradient ? digamma(q) : 0;
  const logGammaParam = Math.log(gamma);
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  const { groups, m, weight, logTotal } = rows;
  for (let g = 0; g < groups.count; g++) {
    const x = groups.value[g];
    const px = p * x;
    const constant = logGamma(px + q) - logGamma(px) - lgQ + q * logGammaParam + Math.log(x);
    ll += groups.weight[g] * constant;
    const psiPxQ = gradient ? digamma(px + q) : 0;
    const psiPx = gradient ? digamma(px) : 0;
    if (gradient) {
      gp += groups.weight[g] * x * (psiPxQ - psiPx);
      gq += groups.weight[g] * (psiPxQ - psiQ + logGammaParam);
    }
    for (let k = groups.start[g]; k < groups.start[g + 1]; k++) {
      const w = weight[k];
      const total = x * m[k];
      const logDenominator = Math.log(gamma + total);
      ll += w * ((px - 1) * logTotal[k] - (px + q) * logDenominator);
      if (gradient) {
        gp += w * x * (logTotal[k] - logDenominator);
        gq -= w * logDenominator;
        gg += w * (q / gamma - (px + q) / (gamma + total));
      }
    }
  }
  if (gradient) {
    gradient[0] += gp;
    gradient[1] += gq;
    gradient[2] += gg;
  }
  return ll;
}

export interface SpendInput {
  /** repeat transactions (only rows with x ≥ 1 and m̄ > 0 are used) */
  readonly x: ArrayLike<number>;
  /** mean value of the repeat transactions */
  readonly m: ArrayLike<number>;
  readonly weight?: ArrayLike<number>;
}

export interface GammaGammaFitOptions {
  /** MAP with this prior on ln(p, q, γ); omit for maximum likelihood */
  readonly prior?: LogParameterPrior;
  readonly start?: { p: number; q: number; gamma: number };
}

export interface GammaGammaFit {
  readonly params: GammaGammaParams;
  readonly report: FitReport;
}

/** Keeps customers with x ≥ 1 and a positive, finite mean spend. */
export function repeatSpendRows(data: SpendInput): SpendRows {
  const x: number[] = [];
  const m: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < data.x.length; i++) {
    if (data.x[i] >= 1 && data.m[i] > 0 && Number.isFinite(data.m[i])) {
      x.push(data.x[i]);
      m.push(data.m[i]);
      w.push(data.weight ? data.weight[i] : 1);
    }
  }
  return compressSpend(x, m, w);
}

export function fitGammaGamma(data: SpendInput | SpendRows, options: GammaGammaFitOptions = {}): GammaGammaFit {
  const rows = "groups" in data ? data : repeatSpendRows(data);
  const start = options.start ?? gammaGammaStartingValues(rows);
  const sample = strideSpend(rows, WARM_START_ROWS);
  const { params, report } = fitLogParameters(
    (v, gradient) => gammaGammaLogLikelihood(v[0], v[1], v[2], rows, gradient),
    [start.p, start.q, start.gamma],
    rows.totalWeight,
    { prior: options.prior, warmStart: sample === rows ? undefined : (v, gradient) => gammaGammaLogLikelihood(v[0], v[1], v[2], sample, gradient) },
  );
  return { params: { model: "gg", p: params[0], q: params[1], gamma: params[2] }, report };
}

/** Asymptotic standard errors of (p, q, γ) at the maximum-likelihood fit `params` of `data` (see logParameterStandardErrors). */
export function gammaGammaStandardErrors(params: GammaGammaParams, data: SpendInput | SpendRows): StandardErrors {
  const rows = "groups" in data ? data : repeatSpendRows(data);
  return logParameterStandardErrors((v, gradient) => gammaGammaLogLikelihood(v[0], v[1], v[2], rows, gradient), [params.p, params.q, params.gamma]);
}

/** p = 2, q = 3 and γ so that the implied mean spend pγ/(q−1) equals the sample mean. */
export function gammaGammaStartingValues(rows: SpendRows): { p: number; q: number; gamma: number } {
  let sum = 0;
  for (let k = 0; k < rows.size; k++) sum += rows.weight[k] * rows.m[k];
  const mean = rows.totalWeight > 0 ? sum / rows.totalWeight : 1;
  return { p: 2, q: 3, gamma: Math.max(mean, 1e-6) };
}

/**
 * E[M | p, q, γ, m̄, x] (note 025 eq. 5): a weighted average of the population
 * mean pγ/(q−1) and the customer's own m̄, the weight on m̄ growing with x:
 *   (γ + x m̄) p / (px + q − 1).
 * For x = 0 (no repeat spend observed) this is the population mean. Requires
 * q > 1 for a finite population mean; with q ≤ 1 the customer's own mean (or
 * `fallback`) is returned.
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, x: number, m: number, fallback = m): number {
  const { p, q, gamma } = params;
  const weightX = x > 0 && m > 0 ? x : 0;
  const denominator = p * weightX + q - 1;
  if (!(denominator > 0)) return weightX > 0 ? m : fallback;
  return ((gamma + weightX * (weightX > 0 ? m : 0)) * p) / denominator;
}

/** Population mean transaction value pγ/(q−1) (Infinity when q ≤ 1). */
export function gammaGammaPopulationMeanSpend(params: GammaGammaParams): number {
  return params.q > 1 ? (params.p * params.gamma) / (params.q - 1) : Infinity;
}
