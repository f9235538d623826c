/**
 * Order statistics of a large numeric column without sorting it: quintile
 * cut-offs and the value-ladder thresholds need a handful of ranks, not the
 * whole order. A bucket histogram over the value's bit pattern (monotone in
 * the value, and logarithmic in spacing, so long-tailed amounts spread over
 * many buckets) finds the bucket holding each requested rank; only those
 * buckets' values are copied out and sorted. Two linear passes plus a sort
 * of a few thousand values, instead of an O(n log n) sort of n values.
 */

/** The run of equal values containing sorted position `rank`. */
export interface RankBlock {
  /** the value at sorted (ascending) position rank */
  readonly value: number;
  /** number of values < value */
  readonly below: number;
  /** number of values ≤ value */
  readonly upTo: number;
  /** smallest value > value (Infinity when none) */
  readonly next: number;
}

const BUCKET_BITS = 16;
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * For each rank in [0, n) the block of equal values holding that sorted
 * position, as an ascending sort (Float64Array.prototype.sort) would place
 * it. Values must not be NaN (−0 and 0 count as equal).
 */
export function rankBlocks(values: Float64Array, ranks: readonly number[]): RankBlock[] {
  const n = values.length;
  for (const rank of ranks) if (!(Number.isInteger(rank) && rank >= 0 && rank < n)) throw new RangeError(`rank ${rank} outside [0, ${n})`);
  if (!LITTLE_ENDIAN || n < 4096) {
    const sorted = values.slice().sort();
    return ranks.map((rank) => blockInSorted(sorted, rank, 0, Infinity));
  }

  // Monotone 32-bit key from the high word (sign, exponent, 20 mantissa bits).
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const [minKey, maxKey] = keyRange(words, values);
  const span = maxKey - minKey;
  const shift = Math.max(0, 32 - Math.clz32(span) - BUCKET_BITS);
  const bucketCount = (span >>> shift) + 1;
  const counts = bucketCounts(words, values, minKey, shift, bucketCount);

  // Bucket and start position of each rank, plus the next non-empty bucket (for `next`).
  const wanted = new Int32Array(bucketCount).fill(-1);
  const slots: { bucket: number; start: number; values: Float64Array; filled: number }[] = [];
  const slotOf = (bucket: number, start: number): number => {
    if (wanted[bucket] < 0) {
      wanted[bucket] = slots.length;
      slots.push({ bucket, start, values: new Float64Array(counts[bucket]), filled: 0 });
    }
    return wanted[bucket];
  };
  const plans = ranks.map((rank) => {
    let start = 0;
    let bucket = 0;
    while (start + counts[bucket] <= rank) start += counts[bucket++];
    const slot = slotOf(bucket, start);
    let following = bucket + 1;
    while (following < bucketCount && counts[following] === 0) following++;
    const nextSlot = following < bucketCount ? slotOf(following, start + counts[bucket]) : -1;
    return { rank, slot, nextSlot };
  });
  for (let i = 0; i < n; i++) {
    const s = wanted[(orderKey(words, values, i) - minKey) >>> shift];
    if (s >= 0) {
      const slot = slots[s];
      slot.values[slot.filled++] = values[i];
    }
  }
  for (const slot of slots) slot.values.sort();
  return plans.map(({ rank, slot, nextSlot }) => {
    const { values: sorted, start } = slots[slot];
    return blockInSorted(sorted, rank - start, start, nextSlot >= 0 ? slots[nextSlot].values[0] : Infinity);
  });
}

/** Monotone 32-bit key of values[i] from its high word (sign, exponent, 20 mantissa bits); −0 maps to 0's key. */
function orderKey(words: Uint32Array, values: Float64Array, i: number): number {
  const high = words[2 * i + 1];
  if (high < 0x80000000) return (high | 0x80000000) >>> 0;
  return values[i] === 0 ? 0x80000000 : ~high >>> 0;
}

function keyRange(words: Uint32Array, values: Float64Array): [number, number] {
  let minKey = 0xffffffff;
  let maxKey = 0;
  for (let i = 0; i < values.length; i++) {
    const k = orderKey(words, values, i);
    if (k < minKey) minKey = k;
    if (k > maxKey) maxKey = k;
  }
  return [minKey, maxKey];
}

function bucketCounts(words: Uint32Array, values: Float64Array, minKey: number, shift: number, bucketCount: number): Int32Array {
  const counts = new Int32Array(bucketCount);
  for (let i = 0; i < values.length; i++) counts[(orderKey(words, values, i) - minKey) >>> shift]++;
  return counts;
}

/** Block around sorted[index]; `offset` = number of values before `sorted`, `after` = smallest value after it. */
function blockInSorted(sorted: Float64Array, index: number, offset: number, after: number): RankBlock {
  const value = sorted[index];
  let lo = index;
  while (lo > 0 && sorted[lo - 1] === value) lo--;
  let hi = index + 1;
  while (hi < sorted.length && sorted[hi] === value) hi++;
  return { value, below: offset + lo, upTo: offset + hi, next: hi < sorted.length ? sorted[hi] : after };
}
