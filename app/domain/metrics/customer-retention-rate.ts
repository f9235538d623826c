import { ratio } from "./period-change";

/**
 * Customer retention rate of a period: of the customers active at its start (ordered in the 12 months before
 * it), the share still active at its end. It is the complement of the churn rate over the same cohort, so the
 * two always add up to 100%.
 *
 * The textbook CRR, (customers at the end − new customers) ÷ customers at the start, counts lapsed customers
 * who came back during the period as "kept" without counting them at the start, so beside a churn rate it
 * summed to more than 100% (95.6% + 4.8% on the demo shop). Reactivations are real, but they are not
 * retention of that cohort.
 */
export function customerRetentionRate(counts: { customersAtStart: number; lapsed: number }): number {
  return ratio(counts.customersAtStart - counts.lapsed, counts.customersAtStart);
}
