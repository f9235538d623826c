/**
 * Customer lifetime value over a finite horizon, the way lifetimes'
 * `customer_lifetime_value` does it: split the horizon into monthly steps,
 * take the expected purchases in each step from the transaction model, value
 * them at the Gamma-Gamma expected spend and discount step i by (1 + d)^i
 * (end-of-month convention). With d = 0 this is E[purchases in horizon] × E[spend].
 */

/** A month as used for discounting: 365.25 / 12 days. */
export const DAYS_PER_MONTH = 365.25 / 12;

/**
 * @param expectedPurchasesWithin  t (days) ↦ expected purchases in (T, T+t]
 * @param expectedSpend            value per purchase
 */
export function discountedValue(
  expectedPurchasesWithin: (days: number) => number,
  expectedSpend: number,
  horizonDays: number,
  monthlyDiscountRate = 0,
): number {
  if (!(horizonDays > 0)) return 0;
  if (monthlyDiscountRate === 0) return expectedPurchasesWithin(horizonDays) * expectedSpend;
  const steps = Math.max(1, Math.round(horizonDays / DAYS_PER_MONTH));
  const stepDays = horizonDays / steps;
  let value = 0;
  let previous = 0;
  for (let i = 1; i <= steps; i++) {
    const cumulative = expectedPurchasesWithin(i * stepDays);
    value += (cumulative - previous) / Math.pow(1 + monthlyDiscountRate, i);
    previous = cumulative;
  }
  return value * expectedSpend;
}
