import {
  ACTIVITY_MODELS,
  backtest,
  chooseActivityModel,
  DEFAULT_ACTIVITY_MODEL,
  MS_PER_DAY,
  type ActivityModelName,
  type BacktestResult,
  type OrderRecord,
  type TransactionModelName,
} from "../../domain/scoring";

export interface ModelSelection {
  model: TransactionModelName;
  /** The model P(alive) and churn risk are read from (activity-model.ts). */
  activityModel: ActivityModelName;
  /** Holdout results of each candidate (absent when the history is too short to hold any out). */
  backtests: Partial<Record<TransactionModelName, BacktestResult>>;
  reason: string;
}

/** Below this much history a holdout would leave too little to fit on. */
const MIN_HISTORY_DAYS_FOR_BACKTEST = 180;

/**
 * BG/NBD by default. When the history is long enough, both BG/NBD and Pareto/NBD are fitted on the first
 * part and the one whose holdout prediction of repeat purchases is closer to what happened wins. The MBG/NBD
 * is backtested too, as a candidate activity model only (with the Pareto/NBD): the one that better predicts
 * who buys again in the holdout gives P(alive).
 */
export function selectTransactionModel(orders: () => Iterable<OrderRecord>, span: { first: number; end: number }): ModelSelection {
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
  for (const model of new Set<TransactionModelName>([...candidates, ...ACTIVITY_MODELS])) {
    backtests[model] = backtest(orders(), { cutoff, end: span.end, timeUnit: "days", model });
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
    ).join(", ")})`,
  };
}
