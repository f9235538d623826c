/** An offer as the policy sees it: plain values, money as numbers in the shop's currency. */
import { MAX_BIRTHDAY_LEAD_DAYS } from "./birthday-dates";
import { seasonalWindowProblems, type SeasonalWindow } from "./seasonal-windows";

export type { SeasonalWindow } from "./seasonal-windows";

export const OFFER_STATUSES = ["draft", "active", "paused"] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const DISCOUNT_TYPES = ["percentage", "fixed_amount"] as const;
export type DiscountType = (typeof DISCOUNT_TYPES)[number];

export const ORDER_SCOPES = ["first_order", "any_order"] as const;
export type OrderScope = (typeof ORDER_SCOPES)[number];

/**
 * When an offer is decided:
 * - "next_purchase": per order (orders/create webhook and thank-you page), subject = the order;
 * - "win_back": when a customer crosses into at risk, subject = (customer, the day it happened);
 * - "birthday": leadDays before the customer's birthday, subject = (customer, year).
 * A decision only ever considers offers of its own kind.
 */
export const OFFER_KINDS = ["next_purchase", "win_back", "birthday"] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];
/** The kinds decided per customer rather than per order. */
export type CustomerOfferKind = Exclude<OfferKind, "next_purchase">;

/** "manual": targeting as set; "auto": per P(repeat) band, from the offer's own measured lift (auto-incentive.ts). */
export const TARGETING_MODES = ["manual", "auto"] as const;
export type TargetingMode = (typeof TARGETING_MODES)[number];

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
  /** Days a code is valid from its issue; birthday codes instead run until BIRTHDAY_DAYS_AFTER days after the birthday. */
  validityDays: number;
  targeting: OfferTargeting;
  /** next_purchase only: which orders; the other kinds are not decided per order and keep "any_order". */
  orderScope: OrderScope;
  /** Share of matching customers held out as the control group, in [0, 1). */
  controlShare: number;
  startsAt: Date | null;
  endsAt: Date | null;
  priority: number;
  kind: OfferKind;
  /** birthday only: the code is issued this many days before the birthday (0–60); null for the other kinds. */
  leadDays: number | null;
  /** Yearly date windows the offer is live in (every kind); [] = all year. */
  seasonalWindows: SeasonalWindow[];
  targetingMode: TargetingMode;
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
  maxLeadDays: MAX_BIRTHDAY_LEAD_DAYS,
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
  problems.push(...kindProblems(terms), ...seasonalWindowProblems(terms.seasonalWindows));
  if (terms.targetingMode === "auto" && (minPRepeat90 !== undefined || maxPRepeat90 !== undefined)) {
    const field = minPRepeat90 !== undefined ? "targeting.minPRepeat90" : "targeting.maxPRepeat90";
    problems.push({ field, message: "Automatic targeting chooses the P(repeat) ranges itself; remove the range or choose manual targeting" });
  }
  return problems;
}

/** Fields that belong to one kind only: set on another kind they would be silently ignored, so they are refused. */
function kindProblems(terms: OfferTerms): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const lead = `Enter the days before the birthday as a whole number from 0 to ${OFFER_LIMITS.maxLeadDays}`;
  if (terms.kind === "birthday") {
    if (terms.leadDays === null) problems.push({ field: "leadDays", message: lead });
    else if (!Number.isInteger(terms.leadDays) || terms.leadDays < 0 || terms.leadDays > OFFER_LIMITS.maxLeadDays) {
      problems.push({ field: "leadDays", message: lead });
    }
  } else if (terms.leadDays !== null) {
    problems.push({ field: "leadDays", message: "Days before the birthday apply to birthday offers only; leave them empty" });
  }
  if (terms.kind !== "next_purchase" && terms.orderScope !== "any_order") {
    problems.push({ field: "orderScope", message: "First orders apply to next-purchase offers only; this kind is not decided per order" });
  }
  return problems;
}
