import { ratio } from "./period-change";

/**
 * Churn rate of a period: customers active at the start who are no longer active at the end (no order in the
 * year before the end), divided by the customers active at the start.
 */
export function churnRate(counts: { customersAtStart: number; lapsed: number }): number {
  return ratio(counts.lapsed, counts.customersAtStart);
}
