import {
  ACTIVITY_MODELS,
  backtestModel,
  buildIndexedCustomerSummaries,
  chooseActivityModel,
  DEFAULT_ACTIVITY_MODEL,
  MS_PER_DAY,
  prepareBacktest,
  type ActivityModelName,
  type BacktestResult,
  type FitSampling,
  type IndexedOrders,
  type OrderRecord,
  type TransactionModelName,
} from "../../domain/scoring";

export interface ModelSelection {
  model: TransactionModelName;
  /** The model P(alive) and churn risk are read from (activity-model.ts). */
  activityModel: ActivityModelName;
  /**
   * Holdout results of each candidate (absent when the history is too short to hold any out); in large shops
   * each was fitted on a sample of the calibration customers (`fittedOn`) and judged on all of them.
   */
  backtests: Partial<Record<TransactionModelName, BacktestResult>>;
  reason: string;
}

/** Below this much history a holdout would leave too little to fit on. */
const MIN_HISTORY_DAYS_FOR_BACKTEST = 180;

/**
 * BG/NBD by default. When the history is long enough, both BG/NBD and Pareto/NBD are fitted on the first
 * part and the one whose holdout prediction of repeat purchases is closer to what happened wins. The MBG/NBD
 * is backtested too, as a candidate activity model only (with the Pareto/NBD): the one that better predicts
 * who buys again in the holdout gives P(alive). The calibration summaries and holdout counts are built once,
 * in one pass over the orders, for all three candidates.
 */
export function selectTransactionModel(
  orders: IndexedOrders | (() => Iterable<OrderRecord>),
  span: { first: number; end: number },
  options: { sampling?: FitSampling } = {},
): ModelSelection {
  const historyDays = (span.end - span.first) / MS_PER_DAY;
  if (!(historyDays >= MIN_HISTORY_DAYS_FOR_BACKTEST)) {
    return {
      model: "bgnbd",
      activityModel: DEFAULT_ACTIVITY_MODEL,
      backtests: {},
      reason: `history of ${Math.floor(historyDays)} days is too short for a holdout`,
    };
  }
  // Hold out the last third, at most a year: long enough to judge, with most history left to fit.
  const holdoutDays = Math.min(365, Math.floor(historyDays / 3));
  const cutoff = span.end - holdoutDays * MS_PER_DAY;
  const candidates: TransactionModelName[] = ["bgnbd", "pnbd"];
  const backtests: Partial<Record<TransactionModelName, BacktestResult>> = {};
  // A function of orders (bench/metafield-sync.ts) is read once more to index them.
  const indexed = typeof orders === "function" ? buildIndexedCustomerSummaries(orders(), { observationEnd: span.end, timeUnit: "days" }).orders : orders;
  const data = prepareBacktest(indexed, { cutoff, end: span.end, timeUnit: "days", sampling: options.sampling });
  for (const model of new Set<TransactionModelName>([...candidates, ...ACTIVITY_MODELS])) {
    backtests[model] = backtestModel(data, model);
  }
  const error = (result: BacktestResult) => Math.abs(result.totals.predicted - result.totals.actual);
  const best = candidates.reduce((winner, model) => (error(backtests[model]!) < error(backtests[winner]!) ? model : winner));
  const activityModel = chooseActivityModel(backtests);
  return {
    model: best,
    activityModel,
    backtests,
    reason: `${best} predicted the last ${holdoutDays} days' repeat purchases best (${candidates
      .map((model) => `${model}: ${backtests[model]!.totals.predicted.toFixed(1)}`)
      .join(", ")}; actual ${backtests.bgnbd!.totals.actual}); churn risk from ${activityModel} (holdout Brier score ${ACTIVITY_MODELS.map(
      (model) => `${model}: ${backtests[model]!.activity.brierScore.toFixed(4)}`,
    ).join(", ")})${sampleNote(data.sample === null ? null : { customers: data.sample.length, of: data.calibration.size })}`,
  };
}

/** The admin shows the reason: say when the candidates were fitted on a sample (the scores are still everyone's). */
function sampleNote(sample: { customers: number; of: number } | null): string {
  if (sample === null) return "";
  const count = (n: number) => n.toLocaleString("en-US");
  return `; each fitted on a sample of ${count(sample.customers)} of the ${count(sample.of)} customers before the holdout, judged on all of them`;
}
