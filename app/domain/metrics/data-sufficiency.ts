/**
 * How far a shop's history is from supporting each confidence level of the scores. The thresholds are those
 * of app/domain/scoring/confidence.ts (assessConfidence; a test keeps the two in step): "medium" needs 100
 * customers of which 20 repeat, "high" 500 of which 100 repeat, both with a converged fit.
 */
export const CONFIDENCE_REQUIREMENTS = {
  medium: { customers: 100, repeatCustomers: 20 },
  high: { customers: 500, repeatCustomers: 100 },
} as const;

export interface DataSufficiency {
  customers: number;
  repeatCustomers: number;
  /** The next level not yet reached by the counts, or null when "high" is reached. */
  nextLevel: "medium" | "high" | null;
  /** Still missing for the next level (0 when already met). */
  missing: { customers: number; repeatCustomers: number };
  /** min(customers / needed, repeat / needed) toward "high", in [0, 1]. */
  progressToHigh: number;
}

export function dataSufficiency(customers: number, repeatCustomers: number): DataSufficiency {
  const meets = (level: keyof typeof CONFIDENCE_REQUIREMENTS) =>
    customers >= CONFIDENCE_REQUIREMENTS[level].customers && repeatCustomers >= CONFIDENCE_REQUIREMENTS[level].repeatCustomers;
  const nextLevel = !meets("medium") ? "medium" : !meets("high") ? "high" : null;
  const target = nextLevel === null ? CONFIDENCE_REQUIREMENTS.high : CONFIDENCE_REQUIREMENTS[nextLevel];
  const high = CONFIDENCE_REQUIREMENTS.high;
  return {
    customers,
    repeatCustomers,
    nextLevel,
    missing: { customers: Math.max(0, target.customers - customers), repeatCustomers: Math.max(0, target.repeatCustomers - repeatCustomers) },
    progressToHigh: Math.min(1, customers / high.customers, repeatCustomers / high.repeatCustomers),
  };
}
