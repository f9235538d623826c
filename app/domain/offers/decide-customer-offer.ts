/**
 * Decisions made per customer rather than per order: win-back (when a customer crosses into at risk) and
 * birthday (leadDays before their birthday). The same policy as next-purchase offers otherwise: live offers
 * of the kind (schedule and seasonal windows), best priority first, targeting against the customer's score,
 * and the control share split by (offer id, customer GID), so a customer lands on the same side of an offer
 * every time, on every occasion.
 */
import { birthdayCodeValidity, daysUntil } from "./birthday-dates";
import type { AutoBandDecisions } from "./auto-targeting";
import { liveOffersOfKind, placeInOffer, type NoOfferReason, type OfferDecision } from "./decide-offer";
import type { CustomerOfferKind } from "./offer";
import { matchTargeting, type CustomerProfile } from "./targeting";
import type { Offer } from "./offer";

const MS_PER_DAY = 86_400_000;

export type CustomerNoOfferReason = NoOfferReason | "not_due";

export type CustomerOfferDecision = Exclude<OfferDecision, { outcome: "none" }> | { outcome: "none"; reason: CustomerNoOfferReason };

export interface DecideCustomerOfferInput {
  offers: readonly Offer[];
  kind: CustomerOfferKind;
  customerGid: string;
  profile: CustomerProfile;
  now: Date;
  /**
   * birthday only: the birthday being celebrated (midnight UTC, birthday-dates.ts nextBirthday). An offer is
   * due once the birthday is at most its leadDays away, so no code is issued earlier than the offer says.
   */
  birthday?: Date;
  /** The auto offers' per-band decisions (see decideOffer). */
  autoBands?: AutoBandDecisions;
}

export function decideCustomerOffer(input: DecideCustomerOfferInput): CustomerOfferDecision {
  const { kind, customerGid, profile, now } = input;
  if (kind === "birthday" && !input.birthday) throw new RangeError("a birthday decision needs the birthday");
  const live = liveOffersOfKind(input.offers, kind, now);
  if (live.length === 0) return { outcome: "none", reason: "no_active_offer" };
  const due = kind === "birthday" ? live.filter((offer) => isBirthdayDue(offer, input.birthday!, now)) : live;
  if (due.length === 0) return { outcome: "none", reason: "not_due" };
  let reason: CustomerNoOfferReason = "segment";
  for (const offer of due) {
    const match = matchTargeting(offer.targeting, profile);
    if (!match.matches) {
      reason = match.reason;
      continue;
    }
    const placement = placeInOffer(offer, customerGid, profile, input.autoBands);
    if (placement === "no_score") {
      reason = placement;
      continue;
    }
    if (placement !== "issue") return placement === "withheld" ? { outcome: "control", offer, withheld: true } : { outcome: "control", offer };
    const validity =
      kind === "birthday"
        ? birthdayCodeValidity(input.birthday!, now)
        : { startsAt: now, expiresAt: new Date(now.getTime() + offer.validityDays * MS_PER_DAY) };
    return { outcome: "issue", offer, ...validity };
  }
  // A birthday offer with a shorter lead may still match nearer the day: nothing is decided yet.
  if (due.length < live.length) return { outcome: "none", reason: "not_due" };
  return { outcome: "none", reason };
}

/** From leadDays before the birthday until the birthday itself (a code issued later would be mostly spent). */
function isBirthdayDue(offer: Offer, birthday: Date, now: Date): boolean {
  const days = daysUntil(birthday, now);
  return days >= 0 && days <= (offer.leadDays ?? 0);
}

/** The once-per-year subject of a birthday decision (stored in OfferDecision.orderGid). */
export function birthdaySubjectKey(customerId: string, birthday: Date): string {
  return `birthday:${customerId}:${birthday.getUTCFullYear()}`;
}

/** The once-per-transition subject of a win-back decision: the UTC day the customer became at risk. */
export function winBackSubjectKey(customerId: string, becameAtRiskAt: Date): string {
  return `win_back:${customerId}:${becameAtRiskAt.toISOString().slice(0, 10)}`;
}

/** Whether a decision subject key belongs to this kind and customer (the API checks keys it is handed). */
export function isCustomerSubjectKey(kind: CustomerOfferKind, customerId: string, subjectKey: string): boolean {
  const pattern = kind === "birthday" ? /^birthday:(.+):(\d{4})$/ : /^win_back:(.+):(\d{4}-\d{2}-\d{2})$/;
  const match = pattern.exec(subjectKey);
  return match !== null && match[1] === customerId;
}
