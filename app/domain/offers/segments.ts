/**
 * The segment names an offer may target: Shopify's RFM group names (as the scoring job writes them to
 * CustomerScore.rfmSegment) and the value-ladder rungs (CustomerScore.loyaltySegment). The API rejects
 * any other name, so a typo cannot silently make an offer match nobody.
 */
import { RFM_GROUPS } from "../scoring/rfm-segments";
import { VALUE_LADDER } from "../scoring/value-ladder";

export const OFFER_SEGMENTS: readonly string[] = [...RFM_GROUPS, ...VALUE_LADDER];

export function isOfferSegment(name: string): boolean {
  return OFFER_SEGMENTS.includes(name);
}
