/**
 * How much a shop's scores can be trusted, from the amount of evidence.
 *
 * Thresholds (customers with orders / customers with at least one repeat
 * transaction):
 *  - "high":   ≥ 500 customers and ≥ 100 repeat customers and a converged fit
 *              (Klaviyo's minimum for predictive analytics is 500 customers);
 *  - "medium": ≥ 100 customers and ≥ 20 repeat customers, converged;
 *  - "low":    anything else, including every MAP fit dominated by the prior
 *              and the RFM fallback.
 * Below MIN_CUSTOMERS_FOR_FIT customers, or with no repeat customer at all, no
 * model is fitted (the data cannot identify repeat behaviour) and the RFM
 * fallback is used.
 */
export type ConfidenceLevel = "high" | "medium" | "low";

export const MIN_CUSTOMERS_FOR_FIT = 20;
/** Below this many repeat customers the Gamma-Gamma is not fitted (shrunk shop mean instead). */
export const MIN_REPEAT_CUSTOMERS_FOR_SPEND_FIT = 10;

export function assessConfidence(customers: number, repeatCustomers: number, converged: boolean): ConfidenceLevel {
  if (!converged) return "low";
  if (customers >= 500 && repeatCustomers >= 100) return "high";
  if (customers >= 100 && repeatCustomers >= 20) return "medium";
  return "low";
}

export function canFitTransactionModel(customers: number, repeatCustomers: number): boolean {
  return customers >= MIN_CUSTOMERS_FOR_FIT && repeatCustomers > 0;
}
