import { ratio } from "./period-change";

/**
 * Historic CLV at the end of a period: everything customers have spent so far / the customers so far
 * (guest orders excluded: they belong to no customer).
 */
export function historicCustomerLifetimeValue(counts: { customerRevenueToDate: number; customersToDate: number }): number {
  return ratio(counts.customerRevenueToDate, counts.customersToDate);
}

/**
 * Predicted CLV of a period's buyers: the mean of today's model prediction of each buyer's spend over the
 * next 365 days (CustomerScore.predictedClv365), over the buyers that have a score. Comparing two periods
 * compares the expected value of who bought then, not two historic predictions (scores are not versioned).
 */
export function predictedCustomerLifetimeValue(counts: { predictedClvSum: number; scoredBuyers: number }): number {
  return ratio(counts.predictedClvSum, counts.scoredBuyers);
}
