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

/**
 * Confidence in one customer's score: the shop's, capped by what this customer's own history can say.
 * Given the history, the customer's purchase rate is Gamma(r + x, α + T) in both count models, whose
 * coefficient of variation is 1/√(r + x). With r < 1 (typical: CDNOW 0.24, most shops 0.2–0.6) one order
 * (x = 0) leaves it above 1 — the rate is unknown within a factor of several — so one order is always "low";
 * one or two repeats bring it to 0.6–1 ("medium" at most); from three repeats on it is below 0.6 and the
 * shop's own level applies.
 */
export const REPEATS_FOR_CUSTOMER_MEDIUM = 1;
export const REPEATS_FOR_CUSTOMER_HIGH = 3;

export function customerConfidence(shop: ConfidenceLevel, repeatPurchases: number): ConfidenceLevel {
  if (repeatPurchases < REPEATS_FOR_CUSTOMER_MEDIUM) return "low";
  if (repeatPurchases < REPEATS_FOR_CUSTOMER_HIGH) return shop === "high" ? "medium" : shop;
  return shop;
}
