/**
 * Monthly cohort retention: customers grouped by the calendar month (UTC) of their first order; for month
 * k = 1, 2, … after it, the share of the cohort who ordered (again) in calendar month cohort + k. By default
 * the matrix covers the shop's whole history: every cohort from the first order's month to the as-of month,
 * and as many months as the oldest cohort has had (a 12-month window hid half of a two-year history).
 * Month 0 is the cohort itself (its size). A cell is null when month cohort + k is after the as-of month
 * (not observed yet); the as-of month itself is observed but still partial.
 */
/** The smallest matrix shown (a young shop still gets a year of columns to grow into). */
export const COHORT_MONTHS = 12;

export interface CohortActivityRow {
  /** "YYYY-MM" of the first order */
  cohort: string;
  /** 0 = the first-order month */
  monthOffset: number;
  /** distinct cohort customers with an order in that month */
  customers: number;
}

export interface CohortRow {
  cohort: string;
  size: number;
  /** retention[k - 1] for k = 1..months: share of the cohort ordering in month k, or null if not observed yet */
  retention: (number | null)[];
}

export interface CohortOrder {
  customerId: string | null;
  placedAt: number;
  cancelled: boolean;
}

export function monthKey(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

function monthIndex(key: string): number {
  const [year, month] = key.split("-").map(Number);
  return year * 12 + (month - 1);
}

function keyOfIndex(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/**
 * The last `cohorts` cohorts up to the as-of month, oldest first, each with `months` retention cells; by
 * default every cohort since the first (at least COHORT_MONTHS) and every month the oldest has had.
 */
export function cohortRetentionMatrix(
  rows: Iterable<CohortActivityRow>,
  options: { asOf: number; cohorts?: number; months?: number },
): CohortRow[] {
  const asOfIndex = monthIndex(monthKey(options.asOf));
  const cells = new Map<string, number>();
  let firstIndex = asOfIndex;
  for (const row of rows) {
    cells.set(`${row.cohort}/${row.monthOffset}`, row.customers);
    firstIndex = Math.min(firstIndex, monthIndex(row.cohort));
  }
  const history = asOfIndex - firstIndex + 1;
  const cohortCount = options.cohorts ?? Math.max(COHORT_MONTHS, history);
  const months = options.months ?? Math.max(COHORT_MONTHS, history - 1);
  const result: CohortRow[] = [];
  for (let index = asOfIndex - cohortCount + 1; index <= asOfIndex; index++) {
    const cohort = keyOfIndex(index);
    const size = cells.get(`${cohort}/0`) ?? 0;
    const retention = Array.from({ length: months }, (_, offset) => {
      const k = offset + 1;
      if (index + k > asOfIndex) return null;
      return size === 0 ? 0 : (cells.get(`${cohort}/${k}`) ?? 0) / size;
    });
    result.push({ cohort, size, retention });
  }
  return result;
}

/** In-memory twin of the SQL that produces the activity rows (tests compare the two). */
export function cohortActivity(orders: Iterable<CohortOrder>, asOf: number): CohortActivityRow[] {
  const byCustomer = new Map<string, Set<number>>();
  for (const order of orders) {
    if (order.cancelled || order.customerId === null || order.placedAt >= asOf) continue;
    const months = byCustomer.get(order.customerId) ?? new Set<number>();
    months.add(monthIndex(monthKey(order.placedAt)));
    byCustomer.set(order.customerId, months);
  }
  const counts = new Map<string, number>();
  for (const months of byCustomer.values()) {
    const first = Math.min(...months);
    for (const month of months) {
      const offset = month - first;
      const key = `${keyOfIndex(first)}/${offset}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].map(([key, customers]) => {
    const [cohort, offset] = key.split("/");
    return { cohort, monthOffset: Number(offset), customers };
  });
}
