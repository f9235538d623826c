/**
 * Churn risk as a merchant reads it: is this customer still a customer?
 *
 * The BG/NBD (often the best model of how many orders a shop will get) lets a customer drop out only right
 * after a repeat purchase, so it gives P(alive) = 1 to everyone who bought once — true of the model, and
 * misleading next to a "Dormant" badge two years later. Encore therefore reads P(alive) from an "activity
 * model" whose P(alive) means something for one-time buyers: the Pareto/NBD (dropout at any time) or the
 * MBG/NBD (dropout possible right after the first order too), whichever backtests better by the criterion
 * that already picks the transaction model: the holdout's repeat purchases predicted closer to what happened
 * (backtest.ts). The Brier score of P(any purchase in the holdout) is reported beside it; on CDNOW and on the
 * demo shop the two models' Brier scores differ by less than 0.0005 (noise), while their P(alive) for old
 * one-time buyers differs a lot (demo, 729 days after one order: Pareto/NBD 0.21, MBG/NBD 0.40) — the
 * MBG/NBD lets a third of first-time buyers drop out at once and then declines slowly, so it calls nearly
 * every one-time buyer "at risk" whether they bought last week or two years ago.
 *
 * Status, from that P(alive) (the odds of still being a customer):
 *  - "active":      P(alive) ≥ 2/3 — at least 2 : 1 that they are still a customer;
 *  - "at_risk":     between;
 *  - "likely_lost": P(alive) < 1/3 — at least 2 : 1 that they have gone.
 */
import type { BacktestResult } from "./backtest";
import { BGNBD_PRIOR_CENTRE_DAYS } from "./priors";
import { daysToUnit, type TimeUnit } from "./time-unit";
import type { MbgNbdParams } from "./mbgnbd";

export const ACTIVITY_MODELS = ["pnbd", "mbgnbd"] as const;
export type ActivityModelName = (typeof ACTIVITY_MODELS)[number];

/** Used when there is no holdout to decide by: closed-form, and its P(alive) is meaningful for x = 0. */
export const DEFAULT_ACTIVITY_MODEL: ActivityModelName = "mbgnbd";

export const ACTIVITY_STATUSES = ["active", "at_risk", "likely_lost"] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const ACTIVE_AT_LEAST = 2 / 3;
export const LIKELY_LOST_BELOW = 1 / 3;

export function activityStatus(pAlive: number): ActivityStatus {
  if (pAlive >= ACTIVE_AT_LEAST) return "active";
  if (pAlive < LIKELY_LOST_BELOW) return "likely_lost";
  return "at_risk";
}

/** The activity model whose holdout total is closer to the actual; DEFAULT_ACTIVITY_MODEL without backtests. */
export function chooseActivityModel(backtests: Partial<Record<string, Pick<BacktestResult, "totals">>>): ActivityModelName {
  const error = (name: ActivityModelName) => {
    const totals = backtests[name]?.totals;
    return totals && Number.isFinite(totals.predicted) ? Math.abs(totals.predicted - totals.actual) : Infinity;
  };
  let best: ActivityModelName | null = null;
  for (const name of ACTIVITY_MODELS) {
    if (error(name) === Infinity) continue;
    if (best === null || error(name) < error(best)) best = name;
  }
  return best ?? DEFAULT_ACTIVITY_MODEL;
}

/** MBG/NBD at the BG/NBD prior centre (same parameters and meaning): the activity model of the RFM fallback. */
export function fallbackActivityParams(timeUnit: TimeUnit): MbgNbdParams {
  const c = BGNBD_PRIOR_CENTRE_DAYS;
  return { model: "mbgnbd", r: c.r, alpha: daysToUnit(c.alpha, timeUnit), a: c.a, b: c.b, timeUnit };
}
