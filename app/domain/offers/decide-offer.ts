import { autoTargeting, type AutoBandDecisions } from "./auto-targeting";
import { isInControlGroup } from "./control-group";
import type { Offer, OfferKind } from "./offer";
import { isInSeasonalWindows } from "./seasonal-windows";
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
  /** `withheld`: an auto offer's band does not pay, so this customer is not offered the code (not the control group). */
  | { outcome: "control"; offer: Offer; withheld?: true }
  | { outcome: "issue"; offer: Offer; startsAt: Date; expiresAt: Date };

/**
 * Active now: status "active", inside its schedule (startsAt inclusive, endsAt exclusive) and inside one of
 * its yearly seasonal windows (none = all year). Every kind of offer is decided through this.
 */
export function isLive(offer: Offer, now: Date): boolean {
  if (offer.status !== "active") return false;
  if (offer.startsAt && now.getTime() < offer.startsAt.getTime()) return false;
  if (offer.endsAt && now.getTime() >= offer.endsAt.getTime()) return false;
  return isInSeasonalWindows(offer.seasonalWindows, now);
}

/** The live offers of one kind, best first: a decision of one kind never considers another kind's offers. */
export function liveOffersOfKind(offers: readonly Offer[], kind: OfferKind, now: Date): Offer[] {
  return offers.filter((offer) => offer.kind === kind && isLive(offer, now)).sort(byPriority);
}

/** Higher priority first; ties go to the older offer, then the smaller id, so the order is total. */
export function byPriority(a: Offer, b: Offer): number {
  return b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The one decision for an order, among the next-purchase offers only: the highest-priority live one whose
 * scope and targeting match wins;
 * its control share then holds the customer out (recorded, nothing shown) or the coupon is issued.
 * The reason for "none" is the furthest stage any live offer reached, which is what a merchant asks about.
 */
export function decideOffer(input: {
  offers: Offer[];
  order: OrderForDecision;
  profile: CustomerProfile;
  now: Date;
  /** The auto offers' per-band decisions; an auto offer missing here treats every band as learning. */
  autoBands?: AutoBandDecisions;
}): OfferDecision {
  const { order, profile, now } = input;
  const live = liveOffersOfKind(input.offers, "next_purchase", now);
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
    const placement = placeInOffer(offer, order.customerGid ?? order.orderGid, profile, input.autoBands);
    if (placement === "no_score") {
      reason = placement;
      continue;
    }
    if (placement !== "issue") return placement === "withheld" ? { outcome: "control", offer, withheld: true } : { outcome: "control", offer };
    return { outcome: "issue", offer, startsAt: now, expiresAt: new Date(now.getTime() + offer.validityDays * MS_PER_DAY) };
  }
  return { outcome: "none", reason };
}

/**
 * The split of a matching customer (or guest order): manual offers hold out their control share; auto
 * offers follow their band's state (auto-targeting.ts), which may also withhold the code.
 */
export function placeInOffer(
  offer: Offer,
  subjectKey: string,
  profile: CustomerProfile,
  autoBands: AutoBandDecisions | undefined,
): "issue" | "control" | "withheld" | "no_score" {
  if (offer.targetingMode === "auto") {
    const auto = autoTargeting(offer, profile, subjectKey, autoBands?.get(offer.id));
    if (auto.assignment === null) return "no_score";
    return auto.assignment === "withhold" ? "withheld" : auto.assignment;
  }
  return isInControlGroup(offer.id, subjectKey, offer.controlShare) ? "control" : "issue";
}
