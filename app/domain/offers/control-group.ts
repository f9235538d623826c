/**
 * Control-group assignment: a pure function of (offer, customer), so the same customer always lands on the
 * same side of an offer's split — across requests, processes and the webhook/thank-you race — and different
 * offers split the base independently.
 */

/** FNV-1a (32-bit) over the string's UTF-16 code units, finished with MurmurHash3's fmix32 avalanche so
 * that keys differing only in their last digits still spread over the whole 32-bit range. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A uniform number in [0, 1) for this offer and customer (or order, for guests). */
export function assignmentBucket(offerId: string, subjectKey: string): number {
  return hash32(`${offerId}\u0000${subjectKey}`) / 4294967296;
}

export function isInControlGroup(offerId: string, subjectKey: string, controlShare: number): boolean {
  return assignmentBucket(offerId, subjectKey) < controlShare;
}
