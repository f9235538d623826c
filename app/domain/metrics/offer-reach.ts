/**
 * Targeting preview of an offer: how many scored customers its targeting matches, and what it would cost if
 * each of them placed their next order while the code is valid.
 *
 * - reach: scored customers matching the band and segments (for "first_order" offers only one-order
 *   customers, the buyers such an offer is issued to);
 * - issued: reach × (1 − control share): the control group gets no code;
 * - expected redemptions: Σ P(repeat in 90 days) over the reached customers × (1 − control share), assuming a
 *   customer who comes back uses the code; a code valid for fewer than 90 days is credited its share of the 90
 *   days (× validity / 90), a longer one no more than the 90 days the score speaks about;
 * - discount per redemption: the percentage of the reached customers' average order value, or the fixed amount
 *   (an order below the minimum subtotal cannot use the code; ignored here);
 * - expected cost = expected redemptions × discount per redemption;
 * - windowDays: the days after issue those redemptions are expected in (the validity, at most 90), which the
 *   admin states next to the numbers: reach is a count of customers today, not codes per month.
 */
export interface OfferReachAggregates {
  reach: number;
  /** Σ pRepeat90 over the reached customers */
  pRepeat90Sum: number;
  /** mean order value of the reached customers (0 when none) */
  averageOrderValue: number;
}

export interface OfferReachTerms {
  discountType: "percentage" | "fixed_amount";
  discountValue: number;
  validityDays: number;
  controlShare: number;
}

export interface OfferReachPreview {
  reach: number;
  issued: number;
  expectedRedemptions: number;
  discountPerRedemption: number;
  expectedCost: number;
  windowDays: number;
}

export function offerReachPreview(aggregates: OfferReachAggregates, terms: OfferReachTerms): OfferReachPreview {
  const treated = 1 - terms.controlShare;
  const windowDays = Math.min(terms.validityDays, 90);
  const windowFactor = windowDays / 90;
  const expectedRedemptions = aggregates.pRepeat90Sum * treated * windowFactor;
  const discountPerRedemption =
    terms.discountType === "percentage" ? (aggregates.averageOrderValue * terms.discountValue) / 100 : terms.discountValue;
  return {
    reach: aggregates.reach,
    issued: Math.round(aggregates.reach * treated),
    expectedRedemptions,
    discountPerRedemption: roundCents(discountPerRedemption),
    expectedCost: roundCents(expectedRedemptions * discountPerRedemption),
    windowDays,
  };
}

function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
