import { randomFillSync } from "node:crypto";
import { v7 } from "uuid";

const POOL_IDS = 4_096;
const pool = new Uint8Array(16 * POOL_IDS);
let next = POOL_IDS;

/**
 * UUIDv7 primary keys for bulk writes: time-ordered keys append to the right edge of the primary-key index
 * (and of indexes that lead with the key), where random v4 keys dirty a random leaf page per row. The random
 * bytes come from a pooled buffer: `v7()` fetching 16 fresh bytes per call cost ~6 µs an id here.
 */
export function timeOrderedId(): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const offset = 16 * next++;
  return v7({ random: pool.subarray(offset, offset + 16) });
}
