/**
 * targetingMode "auto" inside a decision: the customer's P(repeat in 90 days) band (auto-incentive.ts) and
 * that band's current state — give, withhold or learning, computed from the offer's own history by the
 * infrastructure — place the customer, by the same (offer, customer) hash as the control group, in the
 * control group, among the withheld, or among those offered the code.
 */
import { autoBandOf, autoIncentiveAssignment, decideAutoBand, type AutoAssignment, type AutoBandDecision } from "./auto-incentive";
import { assignmentBucket } from "./control-group";
import type { Offer } from "./offer";
import type { CustomerProfile } from "./targeting";

/** Each auto offer's per-band decisions, by offer id (decideAutoIncentive over its history). */
export type AutoBandDecisions = ReadonlyMap<string, readonly AutoBandDecision[]>;

export type AutoTargeting = { assignment: AutoAssignment; bandId: string } | { assignment: null; reason: "no_score" };

/**
 * Where the customer stands with an auto offer. Without a P(repeat) (unscored, and no shop baseline yet)
 * there is no band: no match, as for a band-targeted manual offer. A band without a computed decision
 * (no history handed in) is learning, with the offer's own control share as the floor.
 */
export function autoTargeting(offer: Offer, profile: CustomerProfile, subjectKey: string, bands: readonly AutoBandDecision[] | undefined): AutoTargeting {
  const pRepeat90 = profile.scored ? profile.pRepeat90 : profile.baselinePRepeat90;
  if (pRepeat90 === null) return { assignment: null, reason: "no_score" };
  const band = autoBandOf(pRepeat90);
  const decision = bands?.find((candidate) => candidate.bandId === band.id) ?? learningBand(band.id, offer.controlShare);
  return { assignment: autoIncentiveAssignment(decision, assignmentBucket(offer.id, subjectKey)), bandId: band.id };
}

function learningBand(bandId: string, controlShare: number): AutoBandDecision {
  const none = { customers: 0, repeated: 0, repeatRevenue: 0 };
  return decideAutoBand({ bandId, issued: { ...none, redeemed: 0, discountCost: 0 }, control: none }, { controlShare });
}
