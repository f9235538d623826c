import { historicCustomerLifetimeValue } from "./customer-lifetime-value";

/**
 * Shop overview metrics shown on Encore's dashboard.
 *
 * Definitions (shared by the in-memory and the SQL path):
 * - Cancelled orders are excluded from every figure, as if never placed.
 * - `orders`, `revenue` and `averageOrderValue` include guest checkouts:
 *   they are real sales, and leaving them out would overstate AOV for shops
 *   with many guests.
 * - Customer-based figures count only orders with a customer: guests cannot
 *   be recognised across orders, so counting each guest order as a one-order
 *   "customer" would drag the repeat rate down artificially.
 *   - customers: distinct customers with ≥ 1 non-cancelled order
 *   - repeatCustomerRate: share of those customers with ≥ 2 non-cancelled orders
 *   - averageOrdersPerCustomer: customer orders / customers
 * - customerLifetimeValue (historic CLV) = customers' revenue / customers:
 *   what a customer has spent so far on average. The same definition as the
 *   dashboard's (customer-lifetime-value.ts); guest baskets belong to no
 *   customer, so they are left out (the former ordersPerCustomer × AOV mixed
 *   them in and differed from the dashboard's figure by a few cents).
 * - Any ratio with a zero denominator is 0, never NaN.
 *
 * Revenue is summed in integer cents, so it equals an exact SQL
 * `SUM(numeric)` converted to a number, and both paths agree to the bit.
 */

export interface OverviewOrder {
  customerId: string | null;
  /** Order total in shop currency (major units, e.g. 12.5). */
  totalPrice: number;
  cancelled: boolean;
}

export interface OverviewAggregates {
  /** Distinct customers with at least one non-cancelled order. */
  customerCount: number;
  /** Distinct customers with at least two non-cancelled orders. */
  repeatCustomerCount: number;
  /** Non-cancelled orders that have a customer. */
  customerOrderCount: number;
  /** Non-cancelled orders, guests included. */
  orderCount: number;
  /** Sum of totalPrice over non-cancelled orders, guests included. */
  revenue: number;
  /** Sum of totalPrice over non-cancelled orders that have a customer. */
  customerRevenue: number;
}

export interface Overview {
  customers: number;
  orders: number;
  revenue: number;
  repeatCustomerRate: number;
  averageOrdersPerCustomer: number;
  averageOrderValue: number;
  customerLifetimeValue: number;
}

/** Builds the overview from pre-aggregated counts (what the DB adapter computes in SQL). */
export function overviewFromAggregates(aggregates: OverviewAggregates): Overview {
  const { customerCount, repeatCustomerCount, customerOrderCount, orderCount, revenue, customerRevenue } = aggregates;
  const averageOrdersPerCustomer = ratio(customerOrderCount, customerCount);
  const averageOrderValue = ratio(revenue, orderCount);
  return {
    customers: customerCount,
    orders: orderCount,
    revenue,
    repeatCustomerRate: ratio(repeatCustomerCount, customerCount),
    averageOrdersPerCustomer,
    averageOrderValue,
    customerLifetimeValue: historicCustomerLifetimeValue({ customerRevenueToDate: customerRevenue, customersToDate: customerCount }),
  };
}

/** Aggregates an order stream (one pass) and builds the overview from it. */
export function computeOverview(orders: Iterable<OverviewOrder>): Overview {
  return overviewFromAggregates(aggregateOrders(orders));
}

/** The in-memory twin of the SQL aggregation; exported so both can be compared directly. */
export function aggregateOrders(orders: Iterable<OverviewOrder>): OverviewAggregates {
  const ordersByCustomer = new Map<string, number>();
  let orderCount = 0;
  let customerOrderCount = 0;
  let revenueCents = 0;
  let customerCents = 0;
  for (const order of orders) {
    if (order.cancelled) continue;
    orderCount++;
    const cents = Math.round(order.totalPrice * 100);
    revenueCents += cents;
    if (order.customerId !== null) {
      customerOrderCount++;
      customerCents += cents;
      ordersByCustomer.set(order.customerId, (ordersByCustomer.get(order.customerId) ?? 0) + 1);
    }
  }
  let repeatCustomerCount = 0;
  for (const count of ordersByCustomer.values()) if (count >= 2) repeatCustomerCount++;
  return {
    customerCount: ordersByCustomer.size,
    repeatCustomerCount,
    customerOrderCount,
    orderCount,
    revenue: revenueCents / 100,
    customerRevenue: customerCents / 100,
  };
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
