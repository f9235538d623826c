/**
 * A stable 32-bit hash of a string, for deterministic splits (control groups, fit samples): the same key lands
 * in the same place across requests, processes and runs, with no random source involved.
 *
 * FNV-1a (32-bit) over the string's UTF-16 code units, finished with MurmurHash3's fmix32 avalanche so that
 * keys differing only in their last digits still spread over the whole 32-bit range.
 */
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
