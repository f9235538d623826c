import type { OfferTargeting } from "./offer";

/**
 * What targeting knows about the customer behind an order.
 *
 * Default for customers without a score (documented in README "Offers"): a customer the scoring job has not
 * scored yet — typically one whose first order this is — or a guest is treated as a first-time buyer:
 * - band limits are checked against `baselinePRepeat90`, the shop's mean P(repeat in 90 days) of one-order
 *   customers as of its last scoring run (one-order-baseline.ts); with no baseline (nothing scored yet) a
 *   band-targeted offer does not match;
 * - they belong to no segment: `includeSegments` never matches them, `excludeSegments` never excludes them.
 */
export type CustomerProfile =
  | { scored: true; pRepeat90: number; segments: string[] }
  | { scored: false; baselinePRepeat90: number | null };

export type TargetingResult = { matches: true } | { matches: false; reason: "outside_band" | "no_score" | "segment" };

export function matchTargeting(targeting: OfferTargeting, profile: CustomerProfile): TargetingResult {
  const { minPRepeat90, maxPRepeat90, includeSegments = [], excludeSegments = [] } = targeting;
  const hasBand = minPRepeat90 !== undefined || maxPRepeat90 !== undefined;
  const pRepeat90 = profile.scored ? profile.pRepeat90 : profile.baselinePRepeat90;
  if (hasBand) {
    if (pRepeat90 === null) return { matches: false, reason: "no_score" };
    if (minPRepeat90 !== undefined && pRepeat90 < minPRepeat90) return { matches: false, reason: "outside_band" };
    if (maxPRepeat90 !== undefined && pRepeat90 >= maxPRepeat90) return { matches: false, reason: "outside_band" };
  }
  const segments = profile.scored ? profile.segments : [];
  if (includeSegments.length > 0 && !segments.some((segment) => includeSegments.includes(segment))) {
    return { matches: false, reason: "segment" };
  }
  if (segments.some((segment) => excludeSegments.includes(segment))) return { matches: false, reason: "segment" };
  return { matches: true };
}
