/**
 * One interface over the three purchase-count models, so scoring, backtests and
 * the CLI do not branch on the model everywhere.
 */
import {
  bgNbdExpectedPurchases,
  bgNbdExpectedPurchasesIfAlivePair,
  bgNbdMedianTimeGivenPAlive,
  bgNbdProbabilityAlive,
  bgNbdProbabilityOfPurchase,
  fitBgNbd,
  type BgNbdParams,
  type RecencyFrequencyInput,
} from "./bgnbd";
import type { FitReport, LogParameterPrior } from "./log-parameter-fit";
import {
  fitParetoNbd,
  paretoNbdExpectedPurchases,
  paretoNbdExpectedPurchasesIfAlive,
  paretoNbdMedianTimeToNextPurchase,
  paretoNbdProbabilityAlive,
  paretoNbdProbabilityOfPurchase,
  type ParetoNbdParams,
} from "./pareto-nbd";
import {
  fitMbgNbd,
  mbgNbdExpectedPurchases,
  mbgNbdExpectedPurchasesIfAlivePair,
  mbgNbdMedianTimeGivenPAlive,
  mbgNbdProbabilityAlive,
  mbgNbdProbabilityOfPurchase,
  type MbgNbdParams,
} from "./mbgnbd";
import { bgNbdPopulationPrior, paretoNbdPopulationPrior } from "./priors";
import type { TimeUnit } from "./time-unit";
import type { RecencyFrequencyRows } from "./weighted-rows";

const pairScratch = new Float64Array(2);

export type TransactionModelName = "bgnbd" | "pnbd" | "mbgnbd";
export type TransactionParams = BgNbdParams | ParetoNbdParams | MbgNbdParams;

/** Per-customer predictions of a transaction model; times in params.timeUnit. */
export interface TransactionPrediction {
  pAlive: number;
  /** P(≥ 1 purchase in (T, T + shortHorizon]) */
  pRepeatShort: number;
  expectedShort: number;
  expectedLong: number;
  /** median time to next purchase (Infinity if none within maxWait) */
  medianWait: number;
}

export function newTransactionPrediction(): TransactionPrediction {
  return { pAlive: 0, pRepeatShort: 0, expectedShort: 0, expectedLong: 0, medianWait: Infinity };
}

/** Fills `out` for one customer; shortHorizon, longHorizon and maxWait in params.timeUnit. */
export function predictTransactions(
  params: TransactionParams,
  x: number,
  tx: number,
  T: number,
  shortHorizon: number,
  longHorizon: number,
  maxWait: number,
  out: TransactionPrediction,
): TransactionPrediction {
  if (params.model === "bgnbd") {
    const pAlive = bgNbdProbabilityAlive(params, x, tx, T);
    out.pAlive = pAlive;
    const pair = bgNbdExpectedPurchasesIfAlivePair(params, x, T, shortHorizon, longHorizon, pairScratch);
    out.expectedShort = pAlive * pair[0];
    out.expectedLong = pAlive * pair[1];
    out.pRepeatShort = pAlive * -Math.expm1(-(params.r + x) * Math.log1p(shortHorizon / (params.alpha + T)));
    const wait = bgNbdMedianTimeGivenPAlive(params, x, T, pAlive);
    out.medianWait = wait <= maxWait ? wait : Infinity;
    return out;
  }
  if (params.model === "mbgnbd") {
    const pAlive = mbgNbdProbabilityAlive(params, x, tx, T);
    out.pAlive = pAlive;
    const pair = mbgNbdExpectedPurchasesIfAlivePair(params, x, T, shortHorizon, longHorizon, pairScratch);
    out.expectedShort = pAlive * pair[0];
    out.expectedLong = pAlive * pair[1];
    out.pRepeatShort = mbgNbdProbabilityOfPurchase(params, x, tx, T, shortHorizon);
    const wait = mbgNbdMedianTimeGivenPAlive(params, x, T, pAlive);
    out.medianWait = wait <= maxWait ? wait : Infinity;
    return out;
  }
  out.pAlive = paretoNbdProbabilityAlive(params, x, tx, T);
  out.expectedShort = paretoNbdExpectedPurchases(params, x, tx, T, shortHorizon);
  out.expectedLong = paretoNbdExpectedPurchases(params, x, tx, T, longHorizon);
  out.pRepeatShort = paretoNbdProbabilityOfPurchase(params, x, tx, T, shortHorizon);
  out.medianWait = paretoNbdMedianTimeToNextPurchase(params, x, tx, T, maxWait);
  return out;
}

/** E[purchases in (T, T+t]] for either model. */
export function expectedPurchases(params: TransactionParams, x: number, tx: number, T: number, t: number): number {
  if (params.model === "bgnbd") return bgNbdExpectedPurchases(params, x, tx, T, t);
  if (params.model === "mbgnbd") return mbgNbdExpectedPurchases(params, x, tx, T, t);
  return paretoNbdExpectedPurchases(params, x, tx, T, t);
}

/**
 * E[purchases in (T, T+t] | x, T, alive at T] for any model: expectedPurchases = probabilityAlive × this, and
 * this part does not depend on t_x, so a curve over many horizons can be computed once per distinct (x, T).
 */
export function expectedPurchasesIfAlive(params: TransactionParams, x: number, T: number, t: number): number {
  if (params.model === "bgnbd") return bgNbdExpectedPurchasesIfAlivePair(params, x, T, t, t, pairScratch)[0];
  if (params.model === "mbgnbd") return mbgNbdExpectedPurchasesIfAlivePair(params, x, T, t, t, pairScratch)[0];
  return paretoNbdExpectedPurchasesIfAlive(params, x, T, t);
}

/** P(alive | x, t_x, T) for any model (1 for every BG/NBD one-time buyer: see activity-model.ts). */
export function probabilityAlive(params: TransactionParams, x: number, tx: number, T: number): number {
  if (params.model === "bgnbd") return bgNbdProbabilityAlive(params, x, tx, T);
  if (params.model === "mbgnbd") return mbgNbdProbabilityAlive(params, x, tx, T);
  return paretoNbdProbabilityAlive(params, x, tx, T);
}

/** P(at least one purchase in (T, T+t] | x, t_x, T) for any model. */
export function probabilityOfPurchase(params: TransactionParams, x: number, tx: number, T: number, t: number): number {
  if (params.model === "bgnbd") return bgNbdProbabilityOfPurchase(params, x, tx, T, t);
  if (params.model === "mbgnbd") return mbgNbdProbabilityOfPurchase(params, x, tx, T, t);
  return paretoNbdProbabilityOfPurchase(params, x, tx, T, t);
}

export interface TransactionFit {
  readonly params: TransactionParams;
  readonly report: FitReport;
}

/**
 * Fits either model; prior "population" = MAP with the documented weak prior
 * (priors.ts), "none" = maximum likelihood, or an explicit prior.
 */
export function fitTransactionModel(
  data: RecencyFrequencyInput | RecencyFrequencyRows,
  model: TransactionModelName,
  timeUnit: TimeUnit,
  prior: "population" | "none" | LogParameterPrior = "population",
): TransactionFit {
  if (model === "bgnbd" || model === "mbgnbd") {
    // The MBG/NBD has the BG/NBD's parameters and meanings, so it shares its prior.
    const chosen = prior === "none" ? undefined : prior === "population" ? bgNbdPopulationPrior(timeUnit) : prior;
    return model === "bgnbd" ? fitBgNbd(data, { timeUnit, prior: chosen }) : fitMbgNbd(data, { timeUnit, prior: chosen });
  }
  const chosen = prior === "none" ? undefined : prior === "population" ? paretoNbdPopulationPrior(timeUnit) : prior;
  return fitParetoNbd(data, { timeUnit, prior: chosen });
}
