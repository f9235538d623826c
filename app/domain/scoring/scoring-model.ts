/**
 * Everything needed to score a shop's customers: a fitted (or fallback)
 * transaction model, a spend model and how much to trust them.
 *
 * Decision ladder (see confidence.ts for the thresholds):
 *  1. ≥ 20 customers and ≥ 1 repeat customer → fit BG/NBD (default) or
 *     Pareto/NBD by MAP under the weak population prior (priors.ts). For large
 *     shops the prior is negligible and this is the MLE; for ~50-customer
 *     shops it keeps the estimates finite and plausible.
 *  2. Otherwise → "rfm-fallback": the BG/NBD evaluated at the population-prior
 *     centre. Scores are then a fixed, documented function of each customer's
 *     recency, frequency and age (more repeats and a more recent last order ⇒
 *     higher P(alive) and more expected orders), plus monetary value below.
 *  Activity (P(alive), churn risk; activity-model.ts): the Pareto/NBD or MBG/NBD, fitted the same way, or
 *  the transaction model itself when it is that model; the fallback uses the MBG/NBD at the prior centre.
 *  Large shops (more than DEFAULT_FIT_SAMPLING.above customers): every fit sees a sample of the customers
 *  drawn on their ids (fit-sample.ts), recorded as `fittedOn`; counts and the shop mean use everyone.
 *  Spend: Gamma-Gamma MAP fit (prior centred on the shop's mean order value)
 *  when ≥ 10 repeat customers; otherwise each customer's mean order value
 *  shrunk towards the shop mean with the weight of 3 pseudo-transactions.
 */
import { DEFAULT_ACTIVITY_MODEL, fallbackActivityParams, type ActivityModelName } from "./activity-model";
import type { CustomerSummaries } from "./customer-summary";
import { assessConfidence, canFitTransactionModel, MIN_REPEAT_CUSTOMERS_FOR_SPEND_FIT, type ConfidenceLevel } from "./confidence";
import { fitGammaGamma, gammaGammaExpectedSpend, type GammaGammaParams } from "./gamma-gamma";
import { DEFAULT_FIT_SAMPLING, fitSampleIndices, takeRows, type FitSample, type FitSampling } from "./fit-sample";
import type { FitReport } from "./log-parameter-fit";
import { BGNBD_PRIOR_CENTRE_DAYS, gammaGammaPopulationPrior } from "./priors";
import { daysToUnit, type TimeUnit } from "./time-unit";
import { fitTransactionModel, type TransactionModelName, type TransactionParams } from "./transaction-model";
import { compressRecencyFrequency } from "./weighted-rows";

export type ScoringModelName = TransactionModelName | "rfm-fallback";

export interface ScoringModel {
  readonly name: ScoringModelName;
  readonly timeUnit: TimeUnit;
  readonly transactions: TransactionParams;
  /**
   * The model P(alive) is read from (Pareto/NBD or MBG/NBD: meaningful for one-time buyers). Absent in
   * models stored before it existed; the transaction model's own P(alive) is used then.
   */
  readonly activity?: TransactionParams;
  /** null for the fallback */
  readonly transactionFit: FitReport | null;
  /** null when too few repeat customers (shrunk means are used) */
  readonly spend: GammaGammaParams | null;
  readonly spendFit: FitReport | null;
  /** mean transaction value over all customers' transactions */
  readonly shopMeanOrderValue: number;
  readonly confidence: ConfidenceLevel;
  readonly customers: number;
  readonly repeatCustomers: number;
  /**
   * The fits' parameters come from `customers` of the `of` customers (a sample in large shops, fit-sample.ts);
   * absent in models stored before sampling existed (fitted on everyone).
   */
  readonly fittedOn?: FitSample;
}

export interface FitScoringModelOptions {
  /** default "bgnbd" */
  readonly model?: TransactionModelName;
  /** "population" (default) = MAP with the weak population prior; "none" = MLE */
  readonly prior?: "population" | "none";
  /** the model P(alive) comes from; default DEFAULT_ACTIVITY_MODEL (model-selection picks it by backtest) */
  readonly activityModel?: ActivityModelName;
  /** default DEFAULT_FIT_SAMPLING; NO_FIT_SAMPLING fits on every customer */
  readonly sampling?: FitSampling;
}

/** Pseudo-transactions at the shop mean used to shrink a customer's own mean order value. */
export const SPEND_SHRINKAGE_TRANSACTIONS = 3;

export function fitScoringModel(summaries: CustomerSummaries, options: FitScoringModelOptions = {}): ScoringModel {
  const modelName = options.model ?? "bgnbd";
  const prior = options.prior ?? "population";
  const n = summaries.size;
  let repeatCustomers = 0;
  let spendSum = 0;
  let transactions = 0;
  for (let i = 0; i < n; i++) {
    if (summaries.x[i] > 0) repeatCustomers++;
    spendSum += summaries.totalSpend[i];
    transactions += summaries.x[i] + 1;
  }
  const shopMeanOrderValue = transactions > 0 ? spendSum / transactions : 0;

  const sample = fitSampleIndices(summaries.customerIds, options.sampling ?? DEFAULT_FIT_SAMPLING);
  const fittedOn: FitSample = { customers: sample === null ? n : sample.length, of: n };
  const x = takeRows(summaries.x, sample);

  let spend: GammaGammaParams | null = null;
  let spendFit: FitReport | null = null;
  if (repeatCustomers >= MIN_REPEAT_CUSTOMERS_FOR_SPEND_FIT) {
    const fit = fitGammaGamma(
      { x, m: takeRows(summaries.meanRepeatValue, sample) },
      { prior: prior === "none" ? undefined : gammaGammaPopulationPrior(shopMeanOrderValue) },
    );
    // q ≤ 1 means an infinite population mean spend: unusable for CLV.
    if (fit.report.converged && fit.params.q > 1) {
      spend = fit.params;
      spendFit = fit.report;
    }
  }

  if (!canFitTransactionModel(n, repeatCustomers)) {
    return {
      name: "rfm-fallback",
      timeUnit: summaries.timeUnit,
      transactions: fallbackTransactionParams(summaries.timeUnit),
      activity: fallbackActivityParams(summaries.timeUnit),
      transactionFit: null,
      spend,
      spendFit,
      shopMeanOrderValue,
      confidence: "low",
      customers: n,
      repeatCustomers,
      fittedOn,
    };
  }
  // Compressed once for both fits.
  const data = compressRecencyFrequency(x, takeRows(summaries.tx, sample), takeRows(summaries.T, sample));
  const fit = fitTransactionModel(data, modelName, summaries.timeUnit, prior);
  const activityModel = options.activityModel ?? DEFAULT_ACTIVITY_MODEL;
  const activity = activityModel === modelName ? fit.params : fitTransactionModel(data, activityModel, summaries.timeUnit, prior).params;
  return {
    name: modelName,
    timeUnit: summaries.timeUnit,
    transactions: fit.params,
    activity,
    transactionFit: fit.report,
    spend,
    spendFit,
    shopMeanOrderValue,
    confidence: assessConfidence(n, repeatCustomers, fit.report.converged),
    customers: n,
    repeatCustomers,
    fittedOn,
  };
}

/** BG/NBD at the population-prior centre, in `timeUnit`. */
export function fallbackTransactionParams(timeUnit: TimeUnit): TransactionParams {
  const c = BGNBD_PRIOR_CENTRE_DAYS;
  return { model: "bgnbd", r: c.r, alpha: daysToUnit(c.alpha, timeUnit), a: c.a, b: c.b, timeUnit };
}

/** Expected value of a customer's next transactions under `model`. */
export function expectedOrderValue(model: ScoringModel, x: number, meanRepeatValue: number, meanOrderValue: number): number {
  if (model.spend) return gammaGammaExpectedSpend(model.spend, x, meanRepeatValue, model.shopMeanOrderValue);
  const k = SPEND_SHRINKAGE_TRANSACTIONS;
  const own = x + 1;
  return (k * model.shopMeanOrderValue + own * meanOrderValue) / (k + own);
}

/** expectedOrderValue with `model` bound, for column loops (the spend parameters read once). */
export function orderValueFunction(model: ScoringModel): (x: number, meanRepeatValue: number, meanOrderValue: number) => number {
  const spend = model.spend;
  const shopMean = model.shopMeanOrderValue;
  if (spend) {
    const params: GammaGammaParams = { model: "gg", p: spend.p, q: spend.q, gamma: spend.gamma };
    return (x, meanRepeatValue) => gammaGammaExpectedSpend(params, x, meanRepeatValue, shopMean);
  }
  const k = SPEND_SHRINKAGE_TRANSACTIONS;
  return (x, _meanRepeatValue, meanOrderValue) => (k * shopMean + (x + 1) * meanOrderValue) / (k + x + 1);
}
