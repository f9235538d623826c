/** An offer as the policy sees it: plain values, money as numbers in the shop's currency. */
export const OFFER_STATUSES = ["draft", "active", "paused"] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const DISCOUNT_TYPES = ["percentage", "fixed_amount"] as const;
export type DiscountType = (typeof DISCOUNT_TYPES)[number];

export const ORDER_SCOPES = ["first_order", "any_order"] as const;
export type OrderScope = (typeof ORDER_SCOPES)[number];

export interface OfferTargeting {
  /** Inclusive lower bound of P(repeat in 90 days). */
  minPRepeat90?: number;
  /** Exclusive upper bound: "P(repeat) < 0.4" is `maxPRepeat90: 0.4`. */
  maxPRepeat90?: number;
  /** The customer must be in at least one of these segments (RFM group or value-ladder rung). */
  includeSegments?: string[];
  /** The customer must be in none of these. */
  excludeSegments?: string[];
}

export interface OfferTerms {
  name: string;
  status: OfferStatus;
  discountType: DiscountType;
  /** Percent (0–100] for "percentage", an amount in shop currency for "fixed_amount". */
  discountValue: number;
  minimumSubtotal: number | null;
  validityDays: number;
  targeting: OfferTargeting;
  orderScope: OrderScope;
  /** Share of matching customers held out as the control group, in [0, 1). */
  controlShare: number;
  startsAt: Date | null;
  endsAt: Date | null;
  priority: number;
}

export interface Offer extends OfferTerms {
  id: string;
  createdAt: Date;
}

export const DEFAULT_CONTROL_SHARE = 0.1;

export interface FieldProblem {
  field: string;
  message: string;
}

/** Limits that keep a misconfigured offer from giving the shop away. */
export const OFFER_LIMITS = {
  maxPercentage: 100,
  maxValidityDays: 365,
  maxControlShare: 0.5,
} as const;

/**
 * The rules across fields that a type check cannot express. Field names are the API's (dotted for nesting),
 * so the HTTP layer can answer 400 naming each one.
 */
export function offerRuleProblems(terms: OfferTerms): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (terms.discountType === "percentage" && terms.discountValue > OFFER_LIMITS.maxPercentage) {
    problems.push({ field: "discountValue", message: `A percentage discount can be at most ${OFFER_LIMITS.maxPercentage}%` });
  }
  if (terms.startsAt && terms.endsAt && terms.endsAt.getTime() <= terms.startsAt.getTime()) {
    problems.push({ field: "endsAt", message: "The end must be after the start" });
  }
  const { minPRepeat90, maxPRepeat90, includeSegments = [], excludeSegments = [] } = terms.targeting;
  if (minPRepeat90 !== undefined && maxPRepeat90 !== undefined && minPRepeat90 >= maxPRepeat90) {
    problems.push({ field: "targeting.maxPRepeat90", message: "The maximum must be above the minimum" });
  }
  const overlap = includeSegments.filter((segment) => excludeSegments.includes(segment));
  if (overlap.length > 0) {
    problems.push({ field: "targeting.excludeSegments", message: `A segment cannot be both included and excluded: ${overlap.join(", ")}` });
  }
  return problems;
}
