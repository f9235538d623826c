import { ratio } from "./period-change";

/**
 * Customer retention rate (CRR) of a period: CRR = (E − N) / S, where
 *   S = customers at the start of the period (active: ordered in the year before the start),
 *   E = customers at the end of the period (active at the end),
 *   N = new customers acquired during the period (first order in the period).
 * E − N counts customers kept from before the period; customers who had lapsed and came back during the
 * period are among them, so CRR can exceed 1 − churn rate.
 */
export function customerRetentionRate(counts: { customersAtStart: number; customersAtEnd: number; newCustomers: number }): number {
  return ratio(counts.customersAtEnd - counts.newCustomers, counts.customersAtStart);
}
