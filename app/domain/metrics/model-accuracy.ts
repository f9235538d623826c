/**
 * How accurate the model was, in one plain sentence a merchant can check, e.g.
 * "In the last 243 days of history the model predicted 962 repeat purchases; there were 992 (3% under)."
 *
 * The figures come from the backtest (app/domain/scoring/backtest.ts): the model is fitted on the history
 * before a cutoff and asked how many repeat purchases the calibration customers make after it. The
 * percentage is computed from the numbers the sentence prints (predicted rounded to a whole purchase), so a
 * reader who divides them gets the same figure, and "exactly right" means the two printed numbers are equal.
 */

export interface BacktestTotals {
  /** the model's expected repeat purchases over the holdout (not rounded) */
  predicted: number;
  /** repeat purchases that happened in the holdout */
  actual: number;
  /** length of the holdout, in days */
  holdoutDays: number;
}

export type ModelAccuracy =
  | {
      checked: true;
      holdoutDays: number;
      /** whole purchases, as printed */
      predicted: number;
      actual: number;
      direction: "over" | "under" | "exact";
      /** |predicted − actual| ÷ actual in whole percent, as printed; null when nothing happened (actual 0) */
      percent: number | null;
      text: string;
    }
  | { checked: false; reason: "not_enough_history"; text: string };

const NOT_CHECKED =
  "The model's accuracy has not been checked yet: the order history is too short to hold back its most recent part and compare the model's prediction with what happened.";

export function modelAccuracy(backtest: BacktestTotals | null): ModelAccuracy {
  if (backtest === null || !Number.isFinite(backtest.predicted) || !Number.isFinite(backtest.actual) || !(backtest.holdoutDays > 0)) {
    return { checked: false, reason: "not_enough_history", text: NOT_CHECKED };
  }
  const predicted = Math.max(0, Math.round(backtest.predicted));
  const actual = Math.round(backtest.actual);
  const holdoutDays = Math.round(backtest.holdoutDays);
  const direction = predicted === actual ? "exact" : predicted > actual ? "over" : "under";
  const percent = actual === 0 ? null : Math.round((Math.abs(predicted - actual) / actual) * 100);
  const period = holdoutDays === 1 ? "the last day" : `the last ${count(holdoutDays)} days`;
  const said = `In ${period} of history the model predicted ${purchases(predicted)}`;
  const happened = actual === 0 ? "there were none" : actual === 1 ? "there was 1" : `there were ${count(actual)}`;
  return { checked: true, holdoutDays, predicted, actual, direction, percent, text: `${said}; ${happened}${verdict(direction, percent)}.` };
}

function verdict(direction: "over" | "under" | "exact", percent: number | null): string {
  if (direction === "exact") return " (exactly right)";
  if (percent === null) return "";
  return percent === 0 ? ` (less than 1% ${direction})` : ` (${percent}% ${direction})`;
}

function purchases(n: number): string {
  return n === 1 ? "1 repeat purchase" : `${count(n)} repeat purchases`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}
