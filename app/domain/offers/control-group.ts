/**
 * Control-group assignment: a pure function of (offer, customer), so the same customer always lands on the
 * same side of an offer's split — across requests, processes and the webhook/thank-you race — and different
 * offers split the base independently.
 */
import { hash32 } from "../random/hash32";

/** A uniform number in [0, 1) for this offer and customer (or order, for guests). */
export function assignmentBucket(offerId: string, subjectKey: string): number {
  return hash32(`${offerId}\u0000${subjectKey}`) / 4294967296;
}

export function isInControlGroup(offerId: string, subjectKey: string, controlShare: number): boolean {
  return assignmentBucket(offerId, subjectKey) < controlShare;
}
