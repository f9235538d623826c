import { averageOrderValue } from "./average-order-value";
import { churnRate } from "./churn-rate";
import { customerRetentionRate } from "./customer-retention-rate";
import { historicCustomerLifetimeValue, predictedCustomerLifetimeValue } from "./customer-lifetime-value";
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
  "historicClv",
  "predictedClv",
] as const;
export type DashboardMetric = (typeof DASHBOARD_METRICS)[number];

export type MetricUnit = "rate" | "count" | "money";

const UNITS: Record<DashboardMetric, MetricUnit> = {
  repeatCustomerRate: "rate",
  customerRetentionRate: "rate",
  churnRate: "rate",
  averageOrdersPerCustomer: "count",
  averageOrderValue: "money",
  historicClv: "money",
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
  const customers = { customersAtStart: a.activeAtStart, customersAtEnd: a.activeAtEnd, newCustomers: a.newCustomers };
  return {
    repeatCustomerRate: repeatCustomerRate(a),
    customerRetentionRate: customerRetentionRate(customers),
    churnRate: churnRate({ customersAtStart: a.activeAtStart, lapsed: a.lapsed }),
    averageOrdersPerCustomer: averageOrdersPerCustomer(a),
    averageOrderValue: averageOrderValue(a),
    historicClv: historicCustomerLifetimeValue(a),
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
