import { isInControlGroup } from "./control-group";
import type { Offer } from "./offer";
import { matchTargeting, type CustomerProfile } from "./targeting";

const MS_PER_DAY = 86_400_000;

export interface OrderForDecision {
  orderGid: string;
  /** The customer's GID, or null for a guest checkout. */
  customerGid: string | null;
  /** No earlier order by this customer is known (guests count as first orders). */
  isFirstOrder: boolean;
}

export type NoOfferReason = "no_active_offer" | "not_first_order" | "outside_band" | "no_score" | "segment";

export type OfferDecision =
  | { outcome: "none"; reason: NoOfferReason }
  | { outcome: "control"; offer: Offer }
  | { outcome: "issue"; offer: Offer; startsAt: Date; expiresAt: Date };

/** Active now: status "active" and inside its schedule (startsAt inclusive, endsAt exclusive). */
export function isLive(offer: Offer, now: Date): boolean {
  if (offer.status !== "active") return false;
  if (offer.startsAt && now.getTime() < offer.startsAt.getTime()) return false;
  if (offer.endsAt && now.getTime() >= offer.endsAt.getTime()) return false;
  return true;
}

/** Higher priority first; ties go to the older offer, then the smaller id, so the order is total. */
export function byPriority(a: Offer, b: Offer): number {
  return b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The one decision for an order: the highest-priority live offer whose scope and targeting match wins;
 * its control share then holds the customer out (recorded, nothing shown) or the coupon is issued.
 * The reason for "none" is the furthest stage any live offer reached, which is what a merchant asks about.
 */
export function decideOffer(input: { offers: Offer[]; order: OrderForDecision; profile: CustomerProfile; now: Date }): OfferDecision {
  const { order, profile, now } = input;
  const live = input.offers.filter((offer) => isLive(offer, now)).sort(byPriority);
  if (live.length === 0) return { outcome: "none", reason: "no_active_offer" };
  const inScope = live.filter((offer) => offer.orderScope === "any_order" || order.isFirstOrder);
  if (inScope.length === 0) return { outcome: "none", reason: "not_first_order" };
  let reason: NoOfferReason = "segment";
  for (const offer of inScope) {
    const match = matchTargeting(offer.targeting, profile);
    if (!match.matches) {
      reason = match.reason;
      continue;
    }
    // Guests have no stable identity beyond the order, so their split is by order.
    const subjectKey = order.customerGid ?? order.orderGid;
    if (isInControlGroup(offer.id, subjectKey, offer.controlShare)) return { outcome: "control", offer };
    return { outcome: "issue", offer, startsAt: now, expiresAt: new Date(now.getTime() + offer.validityDays * MS_PER_DAY) };
  }
  return { outcome: "none", reason };
}
