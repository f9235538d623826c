/**
 * A metric for a period next to the same metric for the period before it.
 *
 * - `change` is the absolute difference (for a rate: percentage points as a fraction, 0.02 = +2 pp);
 * - `relativeChange` is change / previous, null when the previous value is 0 or unknown (no basis to compare).
 */
export interface PeriodChange {
  current: number;
  previous: number | null;
  change: number | null;
  relativeChange: number | null;
}

export function periodChange(current: number, previous: number | null): PeriodChange {
  if (previous === null) return { current, previous, change: null, relativeChange: null };
  const change = current - previous;
  return { current, previous, change, relativeChange: previous === 0 ? null : change / previous };
}

/** numerator / denominator, 0 (never NaN or Infinity) when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
