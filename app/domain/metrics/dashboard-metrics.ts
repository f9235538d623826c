import { averageOrderValue } from "./average-order-value";
import { churnRate } from "./churn-rate";
import { customerRetentionRate } from "./customer-retention-rate";
import { predictedCustomerLifetimeValue } from "./customer-lifetime-value";
import { averageOrdersPerCustomer } from "./orders-per-customer";
import type { PeriodAggregates } from "./period-aggregates";
import { periodChange, type PeriodChange } from "./period-change";
import { repeatCustomerRate } from "./repeat-customer-rate";

export const DASHBOARD_METRICS = [
  "repeatCustomerRate",
  "customerRetentionRate",
  "churnRate",
  "averageOrdersPerCustomer",
  "averageOrderValue",
  "predictedClv",
] as const;
/**
 * The period row: every metric here is computed over the selected period and compared with the one before.
 * Figures that are to-date by nature (historic CLV, customer and order counts, all-time AOV) are in
 * shop-totals.ts, shown apart without a "vs previous".
 */
export type DashboardMetric = (typeof DASHBOARD_METRICS)[number];

export type MetricUnit = "rate" | "count" | "money";

const UNITS: Record<DashboardMetric, MetricUnit> = {
  repeatCustomerRate: "rate",
  customerRetentionRate: "rate",
  churnRate: "rate",
  averageOrdersPerCustomer: "count",
  averageOrderValue: "money",
  predictedClv: "money",
};

/** Lower is better only for churn; the UI colours changes with it. */
const LOWER_IS_BETTER: ReadonlySet<DashboardMetric> = new Set(["churnRate"]);

export interface DashboardMetricValue extends PeriodChange {
  id: DashboardMetric;
  unit: MetricUnit;
  lowerIsBetter: boolean;
}

export function periodMetrics(a: PeriodAggregates): Record<DashboardMetric, number> {
  // One cohort for both: the customers active at the start. Retention + churn = 100%.
  const cohort = { customersAtStart: a.activeAtStart, lapsed: a.lapsed };
  return {
    repeatCustomerRate: repeatCustomerRate(a),
    customerRetentionRate: customerRetentionRate(cohort),
    churnRate: churnRate(cohort),
    averageOrdersPerCustomer: averageOrdersPerCustomer(a),
    averageOrderValue: averageOrderValue(a),
    predictedClv: predictedCustomerLifetimeValue(a),
  };
}

/**
 * Every dashboard metric of a period with its change against the previous period. A previous period with no
 * orders at all (a young shop) has no basis for comparison: its values are null rather than zeros.
 */
export function dashboardMetrics(current: PeriodAggregates, previous: PeriodAggregates): DashboardMetricValue[] {
  const now = periodMetrics(current);
  const before = previous.orders === 0 && previous.customersToDate === 0 ? null : periodMetrics(previous);
  return DASHBOARD_METRICS.map((id) => ({
    id,
    unit: UNITS[id],
    lowerIsBetter: LOWER_IS_BETTER.has(id),
    ...periodChange(now[id], before === null ? null : before[id]),
  }));
}
