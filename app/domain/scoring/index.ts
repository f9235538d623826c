/**
 * Encore scoring engine: pure statistical models of repeat purchasing.
 *
 * Typical use (the DB-backed scoring job):
 *
 *   const summaries = buildCustomerSummaries(orders, { observationEnd, timeUnit: "days" });
 *   // or: const b = new CustomerSummaryBuilder(opts); for await (const o of cursor) b.add(o.customerId, o.timestamp, o.amount); b.finish();
 *   const model = fitScoringModel(summaries);            // BG/NBD + Gamma-Gamma, MAP, fallback for tiny shops
 *   const table = scoreCustomers(summaries, model);      // columns for every customer
 *   for (let i = 0; i < table.size; i++) save(customerScoreAt(table, i));
 *
 * Lower-level pieces (fits on (x, t_x, T) data, per-customer formulas, special
 * functions, the optimiser, backtests) are exported for analysis and tests.
 * No I/O, no clock, no global randomness anywhere in this directory.
 */
export { type TimeUnit, MS_PER_DAY, daysPerUnit, daysToUnit, unitToDays, unitToMs, unitConversionFactor } from "./time-unit";

// Customer summaries
export {
  type OrderRecord,
  type CustomerSummaryOptions,
  type CustomerSummaries,
  type CustomerSummary,
  CustomerSummaryBuilder,
  type IndexedOrders,
  buildCustomerSummaries,
  buildIndexedCustomerSummaries,
  customerSummaryAt,
} from "./customer-summary";
export { type FitSampling, type FitSample, DEFAULT_FIT_SAMPLING, NO_FIT_SAMPLING, fitSampleIndices } from "./fit-sample";

// Fitting and scoring a shop
export { type ScoringModel, type ScoringModelName, type FitScoringModelOptions, fitScoringModel, fallbackTransactionParams, expectedOrderValue, SPEND_SHRINKAGE_TRANSACTIONS } from "./scoring-model";
export {
  type ScoreOptions,
  type ScoreTable,
  type CustomerScore,
  type CustomerPrediction,
  type CustomerSegments,
  type PredictionColumns,
  scoreCustomers,
  allocatePredictionColumns,
  predictCustomerRange,
  completeScoreTable,
  scoreCustomer,
  customerScoreAt,
  segmentCounts,
} from "./score-customers";
export { type ConfidenceLevel, assessConfidence, customerConfidence, REPEATS_FOR_CUSTOMER_MEDIUM, REPEATS_FOR_CUSTOMER_HIGH, canFitTransactionModel, MIN_CUSTOMERS_FOR_FIT, MIN_REPEAT_CUSTOMERS_FOR_SPEND_FIT } from "./confidence";
export {
  ACTIVITY_MODELS,
  ACTIVITY_STATUSES,
  ACTIVE_AT_LEAST,
  LIKELY_LOST_BELOW,
  DEFAULT_ACTIVITY_MODEL,
  type ActivityModelName,
  type ActivityStatus,
  activityStatus,
  chooseActivityModel,
  fallbackActivityParams,
} from "./activity-model";
export {
  type BacktestOptions,
  type BacktestPeriod,
  type BacktestFitOptions,
  type BacktestSamplingOptions,
  type BacktestData,
  type BacktestResult,
  backtest,
  prepareBacktest,
  backtestModel,
  pearson,
} from "./backtest";

// Models
export {
  type BgNbdParams,
  type BgNbdFit,
  type BgNbdFitOptions,
  type RecencyFrequencyInput,
  fitBgNbd,
  bgNbdLogLikelihood,
  bgNbdCustomerLogLikelihood,
  bgNbdProbabilityAlive,
  bgNbdExpectedPurchases,
  bgNbdExpectedPurchasesIfAlive,
  bgNbdProbabilityOfPurchase,
  bgNbdMedianTimeToNextPurchase,
  bgNbdStartingValues,
  bgNbdStandardErrors,
} from "./bgnbd";
export {
  type ParetoNbdParams,
  type ParetoNbdFit,
  type ParetoNbdFitOptions,
  fitParetoNbd,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
  paretoNbdExpectedPurchases,
  paretoNbdProbabilityOfPurchase,
  paretoNbdMedianTimeToNextPurchase,
  paretoNbdStartingValues,
} from "./pareto-nbd";
export {
  type MbgNbdParams,
  type MbgNbdFit,
  fitMbgNbd,
  mbgNbdLogLikelihood,
  mbgNbdProbabilityAlive,
  mbgNbdExpectedPurchases,
  mbgNbdProbabilityOfPurchase,
} from "./mbgnbd";
export {
  type GammaGammaParams,
  type GammaGammaFit,
  type GammaGammaFitOptions,
  type SpendInput,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  gammaGammaExpectedSpend,
  gammaGammaPopulationMeanSpend,
  repeatSpendRows,
  gammaGammaStandardErrors,
} from "./gamma-gamma";
export {
  type TransactionModelName,
  type TransactionParams,
  type TransactionFit,
  type TransactionPrediction,
  fitTransactionModel,
  predictTransactions,
  expectedPurchases,
  expectedPurchasesIfAlive,
  probabilityAlive,
  probabilityOfPurchase,
} from "./transaction-model";
export { discountedValue, DAYS_PER_MONTH } from "./clv";
export { bgNbdPopulationPrior, paretoNbdPopulationPrior, gammaGammaPopulationPrior, PRIOR_LOG_SD, BGNBD_PRIOR_CENTRE_DAYS, PARETO_NBD_PRIOR_CENTRE_DAYS, GAMMA_GAMMA_PRIOR_SHAPES } from "./priors";

// Segments
export { oneOrderBaselinePRepeat90 } from "./one-order-baseline";
export { RFM_GROUPS, type RfmGroup, type RfmScores, rfmScores, rfmGroup } from "./rfm-segments";
export { VALUE_LADDER, type ValueLadderRung, valueLadder } from "./value-ladder";
export { quintileScores, quintileThresholds } from "./quintile-scores";
export {
  type SegmentInputs,
  type SegmentColumns,
  type CutoffPlan,
  type CutoffCandidates,
  type SegmentCutoffs,
  segmentBucketBits,
  segmentCountsLength,
  countSegmentKeys,
  planSegmentCutoffs,
  collectCutoffCandidates,
  segmentCutoffs,
  assignSegments,
  allocateSegmentColumns,
  segmentKeyColumn,
  computeSegments,
} from "./segment-cutoffs";

// Fitting machinery and numerics
export { type FitReport, type LogParameterPrior, type StandardErrors, fitLogParameters, logParameterStandardErrors } from "./log-parameter-fit";
export { type Objective, type MinimizeOptions, type MinimizeResult, minimizeLbfgs } from "./lbfgs";
export { type RecencyFrequencyRows, type SpendRows, compressRecencyFrequency, compressSpend } from "./weighted-rows";
export { logGamma, digamma, logBeta } from "./log-gamma";
export { logAddExp, logSumExp, logDiffExp, log1mExp } from "./log-space";
export { hyp2f1, logAbsHyp2f1 } from "./hypergeometric";
export { logPowerTailIntegral } from "./power-tail-integral";

// Simulation (inject a RandomSource from app/domain/random)
export { simulateBgNbdRepeatTimes, simulateBgNbdSummaries, simulateBgNbdOrders, type SimulatedOrders } from "./simulate-bgnbd";
