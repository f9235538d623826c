/**
 * The counts every period metric is built from, for one period [start, end).
 *
 * The SQL adapter (app/infra/metrics/dashboard-repository.ts) computes them in the database; `aggregatePeriod`
 * below is the in-memory twin with the same definitions, used by tests to check the SQL on small fixtures.
 *
 * Definitions:
 * - Cancelled orders are excluded everywhere, as if never placed.
 * - A customer is "active" at an instant t when they ordered in the ACTIVE_WINDOW_DAYS before t (the usual
 *   12-month definition of an active e-commerce customer; independent of the period length).
 * - Guest orders count toward `orders` and `revenue` (real sales) but never as customers.
 */
import { MS_PER_DAY } from "../scoring/time-unit";

export const ACTIVE_WINDOW_DAYS = 365;

export interface PeriodWindow {
  /** epoch ms, inclusive */
  start: number;
  /** epoch ms, exclusive */
  end: number;
}

export interface PeriodAggregates {
  /** Orders placed in the period, guests included. */
  orders: number;
  /** Revenue of those orders. */
  revenue: number;
  /** Orders placed in the period by (known) customers. */
  customerOrders: number;
  /** Distinct customers who ordered in the period. */
  buyers: number;
  /** Buyers whose orders up to the period end number two or more. */
  repeatBuyers: number;
  /** Customers whose first order falls in the period. */
  newCustomers: number;
  /** Customers active at the period start (ordered in the ACTIVE_WINDOW_DAYS before it). */
  activeAtStart: number;
  /** Customers active at the period end. */
  activeAtEnd: number;
  /** Customers active at the start and no longer active at the end. */
  lapsed: number;
  /** Customers with a first order before the period end. */
  customersToDate: number;
  /** Revenue of customers' orders placed before the period end. */
  customerRevenueToDate: number;
  /** Buyers that have a score, and the sum of their predicted 365-day CLV (today's scores). */
  scoredBuyers: number;
  predictedClvSum: number;
}

export interface PeriodOrder {
  customerId: string | null;
  /** epoch ms */
  placedAt: number;
  totalPrice: number;
  cancelled: boolean;
}

export function previousWindow(window: PeriodWindow): PeriodWindow {
  const length = window.end - window.start;
  return { start: window.start - length, end: window.start };
}

/** The period of `days` days ending at `now` (exclusive). */
export function periodEndingAt(now: number, days: number): PeriodWindow {
  return { start: now - days * MS_PER_DAY, end: now };
}

/** In-memory twin of the SQL aggregation (money summed in cents, as SQL numeric sums exactly). */
export function aggregatePeriod(
  orders: Iterable<PeriodOrder>,
  window: PeriodWindow,
  predictedClv: ReadonlyMap<string, number> = new Map(),
): PeriodAggregates {
  const activeMs = ACTIVE_WINDOW_DAYS * MS_PER_DAY;
  const startActiveFrom = window.start - activeMs;
  const endActiveFrom = window.end - activeMs;
  let orderCount = 0;
  let revenueCents = 0;
  let customerOrders = 0;
  const customers = new Map<string, { first: number; count: number; cents: number; inWindow: boolean; atStart: boolean; atEnd: boolean }>();
  for (const order of orders) {
    if (order.cancelled || order.placedAt >= window.end) continue;
    const inWindow = order.placedAt >= window.start;
    const cents = Math.round(order.totalPrice * 100);
    if (inWindow) {
      orderCount++;
      revenueCents += cents;
      if (order.customerId !== null) customerOrders++;
    }
    if (order.customerId === null) continue;
    const entry = customers.get(order.customerId) ?? { first: Infinity, count: 0, cents: 0, inWindow: false, atStart: false, atEnd: false };
    entry.first = Math.min(entry.first, order.placedAt);
    entry.count++;
    entry.cents += cents;
    entry.inWindow ||= inWindow;
    entry.atStart ||= order.placedAt >= startActiveFrom && order.placedAt < window.start;
    entry.atEnd ||= order.placedAt >= endActiveFrom;
    customers.set(order.customerId, entry);
  }
  const result: PeriodAggregates = {
    orders: orderCount,
    revenue: revenueCents / 100,
    customerOrders,
    buyers: 0,
    repeatBuyers: 0,
    newCustomers: 0,
    activeAtStart: 0,
    activeAtEnd: 0,
    lapsed: 0,
    customersToDate: customers.size,
    customerRevenueToDate: 0,
    scoredBuyers: 0,
    predictedClvSum: 0,
  };
  let customerCents = 0;
  let clvCents = 0;
  for (const [id, entry] of customers) {
    customerCents += entry.cents;
    if (entry.inWindow) {
      result.buyers++;
      if (entry.count >= 2) result.repeatBuyers++;
      const clv = predictedClv.get(id);
      if (clv !== undefined) {
        result.scoredBuyers++;
        clvCents += Math.round(clv * 100);
      }
    }
    if (entry.first >= window.start) result.newCustomers++;
    if (entry.atStart) result.activeAtStart++;
    if (entry.atEnd) result.activeAtEnd++;
    if (entry.atStart && !entry.atEnd) result.lapsed++;
  }
  result.customerRevenueToDate = customerCents / 100;
  result.predictedClvSum = clvCents / 100;
  return result;
}
