import { MS_PER_DAY } from "../scoring/time-unit";

export interface CustomerProfileInput {
  /** non-cancelled orders */
  orderCount: number;
  /** distinct purchase days after the first (the models' x) */
  repeatPurchases: number;
  /** epoch ms */
  firstOrderAt: number;
  /** epoch ms */
  lastOrderAt: number;
  totalSpent: number;
  predictedClv365: number;
}

export interface CustomerProfile {
  /** what the customer has spent so far (non-cancelled orders) */
  historicClv: number;
  /** the model's expected spend over the next 365 days */
  predictedClv365: number;
  /** historic + predicted: the customer's value to the shop by a year from now */
  totalClv: number;
  averageOrderValue: number;
  /** (last − first purchase day) / repeat purchase days; null with one purchase day (no gap to average) */
  averageDaysBetweenOrders: number | null;
}

/**
 * The figures of a customer's profile. Money is rounded to cents first so that the three CLV figures on the
 * page add up exactly as printed (historic + predicted = total).
 */
export function customerProfile(input: CustomerProfileInput): CustomerProfile {
  const cents = (value: number) => Math.round(value * 100);
  const historic = cents(input.totalSpent);
  const predicted = cents(input.predictedClv365);
  return {
    historicClv: historic / 100,
    predictedClv365: predicted / 100,
    totalClv: (historic + predicted) / 100,
    averageOrderValue: input.orderCount > 0 ? cents(input.totalSpent / input.orderCount) / 100 : 0,
    averageDaysBetweenOrders:
      input.repeatPurchases > 0 ? Math.round(((input.lastOrderAt - input.firstOrderAt) / MS_PER_DAY / input.repeatPurchases) * 10) / 10 : null,
  };
}

/** The customer's page in the Shopify admin (App Bridge resolves shopify: URLs); null without a numeric id. */
export function shopifyAdminCustomerUrl(shopifyGid: string): string | null {
  const match = /^gid:\/\/shopify\/Customer\/(\d+)$/.exec(shopifyGid);
  return match ? `shopify:admin/customers/${match[1]}` : null;
}
