import type { OfferPerformance } from "./offer-performance";

/**
 * A plain answer to "does this offer pay?", read from the control group:
 *
 * - "not_enough_data": the lift cannot be measured yet — fewer than `minMeasuredPerGroup` customers whose
 *   repeat window has closed in the issued or the control group (with a 10 % control share that is the
 *   control side, for months). Below ~30 per group the interval is so wide that any reading would be noise.
 * - "pays": the incremental repeat rate is significantly positive (its 95 % interval lies above 0) and the
 *   revenue of the extra repeat orders covers the discounts given: per code issued,
 *   lift × revenue per redeemed order ≥ discount cost ÷ codes issued. Revenue, not margin: Encore does not
 *   know the shop's costs, so the help text says so.
 * - "does_not_pay_yet": measured, but either the lift is not (yet) distinguishable from zero, or the extra
 *   orders bring in less than the discounts cost.
 */
export type OfferVerdictName = "pays" | "does_not_pay_yet" | "not_enough_data";

export type OfferVerdictReason =
  /** Too few customers with a closed window in one of the groups. */
  | "too_few_measured"
  /** The interval of the incremental repeat rate includes 0 (or lies below it). */
  | "no_significant_lift"
  /** A significant lift whose extra revenue per code is below the discount cost per code. */
  | "cost_exceeds_gain"
  /** A significant lift whose extra revenue per code covers the discount cost per code. */
  | "gain_covers_cost";

export interface OfferVerdict {
  verdict: OfferVerdictName;
  reason: OfferVerdictReason;
  /** The threshold used, and how many customers each group has, so the admin can say what is missing. */
  minMeasuredPerGroup: number;
  measured: { issued: number; control: number };
  /** Estimated extra revenue per code issued (lift × revenue per redeemed order); null without a measured lift. */
  incrementalRevenuePerCode: number | null;
  /** Discount cost per code issued; null when no code was issued. */
  costPerCode: number | null;
}

export const VERDICT_RULES = { minMeasuredPerGroup: 30 } as const;

type VerdictInput = Pick<OfferPerformance, "issued" | "redeemed" | "attributedRevenue" | "discountCost" | "repeat" | "lift">;

export function offerVerdict(performance: VerdictInput, rules: { minMeasuredPerGroup: number } = VERDICT_RULES): OfferVerdict {
  const measured = { issued: performance.repeat.issued.customers, control: performance.repeat.control.customers };
  const costPerCode = performance.issued > 0 ? performance.discountCost / performance.issued : null;
  const base = { minMeasuredPerGroup: rules.minMeasuredPerGroup, measured, costPerCode };
  const { lift } = performance;
  if (!lift || measured.issued < rules.minMeasuredPerGroup || measured.control < rules.minMeasuredPerGroup) {
    return { ...base, verdict: "not_enough_data", reason: "too_few_measured", incrementalRevenuePerCode: null };
  }
  // Without redemptions there is no observed order value, and no cost either: the gain is valued at 0.
  const revenuePerRedeemedOrder = performance.redeemed > 0 ? performance.attributedRevenue / performance.redeemed : 0;
  const incrementalRevenuePerCode = lift.difference * revenuePerRedeemedOrder;
  if (!(lift.interval.lower > 0)) {
    return { ...base, verdict: "does_not_pay_yet", reason: "no_significant_lift", incrementalRevenuePerCode };
  }
  if (incrementalRevenuePerCode < (costPerCode ?? 0)) {
    return { ...base, verdict: "does_not_pay_yet", reason: "cost_exceeds_gain", incrementalRevenuePerCode };
  }
  return { ...base, verdict: "pays", reason: "gain_covers_cost", incrementalRevenuePerCode };
}
