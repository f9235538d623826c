/**
 * The shop-relative segments of a score table (RFM quintile scores and group,
 * value ladder) computed over disjoint customer ranges, so that each range can
 * run on its own thread and only a few small arrays cross between threads:
 *
 *  1. countSegmentKeys, per range: a histogram of each ranked key
 *     (recency, frequency, monetary, ladder value) over buckets of the key's
 *     bit pattern (monotone in the value, logarithmic in spacing);
 *  2. planSegmentCutoffs, once: summed histograms give the bucket holding
 *     each wanted rank (the quintile boundaries, the lover and liker counts)
 *     and the next non-empty bucket after it;
 *  3. collectCutoffCandidates, per range: the values lying in those buckets;
 *  4. segmentCutoffs, once: the candidates sorted give the exact order
 *     statistics, hence the quintile thresholds, and each range's position
 *     among the customers tied at a ladder threshold;
 *  5. assignSegments, per range: scores, group and rung for every customer.
 *
 * The result is exactly that of quintileScores, rfmScores and valueLadder on
 * whole columns (the same rank blocks, the same floating-point test, ties
 * admitted to a rung in input order), whatever the split: the cut-offs are
 * order statistics, which no bucketing changes, only how many candidates are
 * sorted. scoreCustomers runs the same steps with a single range.
 */
import type { CustomerSummaries } from "./customer-summary";
import { quintileThresholds } from "./quintile-scores";
import { rfmGroupIndex } from "./rfm-segments";
import { daysPerUnit } from "./time-unit";

/** What the passes read: summary columns and two prediction columns. */
export interface SegmentInputs {
  readonly summaries: Pick<CustomerSummaries, "x" | "tx" | "T" | "totalSpend" | "timeUnit">;
  readonly pRepeat90: Float64Array;
  readonly expectedOrderValue: Float64Array;
}

/** Output columns (indexed like the summaries). */
export interface SegmentColumns {
  readonly recency: Uint8Array;
  readonly frequency: Uint8Array;
  readonly monetary: Uint8Array;
  /** index into RFM_GROUPS */
  readonly group: Uint8Array;
  /** index into VALUE_LADDER */
  readonly ladder: Uint8Array;
}

const RECENCY = 0;
const FREQUENCY = 1;
const MONETARY = 2;
const LADDER = 3;
const KEYS = 4;

/**
 * log2 of the bucket count per key: 2^18 buckets are 64 per octave, so even
 * a dense octave holds a few hundred customers per bucket among a million,
 * and a range's histograms (4 MB) stay cheap to clear and to sum.
 */
const MAX_BUCKET_BITS = 18;
const MIN_BUCKET_BITS = 10;

/** Bucket bits for a shop of n customers (fewer for small shops: fewer buckets to clear and walk). */
export function segmentBucketBits(n: number): number {
  return Math.min(MAX_BUCKET_BITS, Math.max(MIN_BUCKET_BITS, Math.ceil(Math.log2(Math.max(1, n)))));
}

/** Buckets per block of the coarse histograms (the plan skips whole empty or rank-free blocks). */
const BLOCK_BITS = 8;

/** Length of a range's histogram array: KEYS histograms, KEYS coarse ones (per block), then the NaN count of each key. */
export function segmentCountsLength(bits: number): number {
  return (KEYS << bits) + (KEYS << (bits - BLOCK_BITS)) + KEYS;
}

// The high word of a double, read through a one-element view.
const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
const HIGH_WORD = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f ? 1 : 0;

/** Monotone 32-bit key of a non-NaN value (order-statistics.ts), shifted to its bucket; −0 and 0 share one. */
function bucketOf(value: number, shift: number): number {
  scratch[0] = value;
  const high = scratchWords[HIGH_WORD];
  const key = high < 0x80000000 ? (high | 0x80000000) >>> 0 : value === 0 ? 0x80000000 : ~high >>> 0;
  return key >>> shift;
}

/** Pass 1 for customers [start, end): adds each key's bucket counts into `counts` (segmentCountsLength(bits), zeroed). */
export function countSegmentKeys(inputs: SegmentInputs, start: number, end: number, bits: number, counts: Int32Array): void {
  const { x, tx, T, totalSpend } = inputs.summaries;
  const { pRepeat90, expectedOrderValue } = inputs;
  const unitDays = daysPerUnit(inputs.summaries.timeUnit);
  const shift = 32 - bits;
  const size = 1 << bits;
  const nanAt = (KEYS << bits) + (KEYS << (bits - BLOCK_BITS));
  for (let i = start; i < end; i++) {
    const recency = (T[i] - tx[i]) * unitDays;
    const frequency = x[i] + 1;
    const monetary = totalSpend[i];
    const ladder = ladderKey(pRepeat90[i] * expectedOrderValue[i]);
    if (recency === recency) counts[bucketOf(recency, shift)]++;
    else counts[nanAt + RECENCY]++;
    if (frequency === frequency) counts[size + bucketOf(frequency, shift)]++;
    else counts[nanAt + FREQUENCY]++;
    if (monetary === monetary) counts[2 * size + bucketOf(monetary, shift)]++;
    else counts[nanAt + MONETARY]++;
    counts[3 * size + bucketOf(ladder, shift)]++;
  }
  const blocksAt = KEYS << bits;
  for (let block = 0; block < KEYS << (bits - BLOCK_BITS); block++) {
    let sum = 0;
    for (let bucket = block << BLOCK_BITS; bucket < (block + 1) << BLOCK_BITS; bucket++) sum += counts[bucket];
    counts[blocksAt + block] = sum;
  }
}

/** The ladder ranks NaN last (valueLadder). */
function ladderKey(value: number): number {
  return value === value ? value : -Infinity;
}

/** One wanted order statistic: sorted position `rank` lies in `bucket`, after `before` values of earlier buckets. */
interface WantedRank {
  readonly rank: number;
  readonly bucket: number;
  readonly before: number;
}

/** A bucket whose values are candidates; `candidatesBefore` = candidates of its key in earlier slots. */
interface CandidateSlot {
  readonly key: number;
  readonly bucket: number;
  readonly candidatesBefore: number;
}

export interface CutoffPlan {
  readonly n: number;
  readonly bits: number;
  /** per key (KEYS << bits): 1 + index into `slots` where a bucket's values are candidates, else 0 */
  readonly slotOf: Uint8Array;
  readonly slots: readonly CandidateSlot[];
  /** per key: the wanted ranks, or null when the key has NaNs (thresholds then come from the whole column) */
  readonly ranks: readonly (readonly WantedRank[] | null)[];
}

/** Step 2: from every range's counts (summed here), the buckets whose values decide the cut-offs. */
export function planSegmentCutoffs(n: number, bits: number, rangeCounts: readonly Int32Array[]): CutoffPlan {
  const size = 1 << bits;
  const blocksAt = KEYS << bits;
  const blocksPerKey = 1 << (bits - BLOCK_BITS);
  const nanAt = blocksAt + (KEYS << (bits - BLOCK_BITS));
  const slotOf = new Uint8Array(KEYS << bits);
  const slots: CandidateSlot[] = [];
  const lovers = Math.ceil(0.01 * n);
  const top = Math.ceil(0.1 * n);
  const ranks: (WantedRank[] | null)[] = [];
  const summed = (at: number) => {
    let count = 0;
    for (let k = 0; k < rangeCounts.length; k++) count += rangeCounts[k][at];
    return count;
  };
  for (let key = 0; key < KEYS; key++) {
    if (summed(nanAt + key) > 0) {
      ranks.push(null);
      continue;
    }
    const wantedRanks = n === 0 ? [] : key === LADDER ? [n - top, n - lovers] : [1, 2, 3, 4].map((k) => Math.floor((k * n) / 5));
    const found: WantedRank[] = [];
    let below = 0;
    let next = 0;
    let candidates = 0;
    let wantNext = false;
    for (let block = 0; block < blocksPerKey && (next < wantedRanks.length || wantNext); block++) {
      const blockCount = summed(blocksAt + key * blocksPerKey + block);
      // Walk a block's buckets only if it holds a wanted rank or the next non-empty bucket after one.
      if (blockCount === 0) continue;
      if (!wantNext && !(next < wantedRanks.length && wantedRanks[next] < below + blockCount)) {
        below += blockCount;
        continue;
      }
      for (let bucket = block << BLOCK_BITS; bucket < (block + 1) << BLOCK_BITS; bucket++) {
        const count = summed(key * size + bucket);
        if (count === 0) continue;
        // The bucket of each wanted rank, and the next non-empty one (it holds the next larger value).
        let take = wantNext;
        wantNext = false;
        while (next < wantedRanks.length && wantedRanks[next] < below + count) {
          found.push({ rank: wantedRanks[next++], bucket, before: below });
          take = true;
          wantNext = true;
        }
        if (take) {
          slots.push({ key, bucket, candidatesBefore: candidates });
          slotOf[key * size + bucket] = slots.length;
          candidates += count;
        }
        below += count;
      }
    }
    ranks.push(found);
  }
  return { n, bits, slotOf, slots, ranks };
}

/**
 * A range's candidates. A bucket often holds a single value (order counts, whole days: thousands of customers
 * tied), so each slot keeps its leading run of equal values as a count and lists values only once it varies.
 */
export interface CutoffCandidates {
  /** per key: values of slots that vary, from the first differing value on */
  readonly values: Float64Array[];
  /** per slot: the first value and how many equal values led before the slot varied */
  readonly leadValue: Float64Array;
  readonly leadCount: Int32Array;
}

/** Step 3 for customers [start, end): the values in candidate buckets. `counts` = this range's counts (sizes the lists). */
export function collectCutoffCandidates(inputs: SegmentInputs, start: number, end: number, plan: CutoffPlan, counts: Int32Array): CutoffCandidates {
  const { x, tx, T, totalSpend } = inputs.summaries;
  const { pRepeat90, expectedOrderValue } = inputs;
  const unitDays = daysPerUnit(inputs.summaries.timeUnit);
  const { bits, slotOf, slots } = plan;
  const shift = 32 - bits;
  const size = 1 << bits;
  const capacity = [0, 0, 0, 0];
  for (const slot of slots) capacity[slot.key] += counts[slot.key * size + slot.bucket];
  const values = capacity.map((length) => new Float64Array(length));
  const [recencies, frequencies, monetaries, ladders] = values;
  const leadValue = new Float64Array(slots.length + 1);
  const leadCount = new Int32Array(slots.length + 1);
  // varies[s]: 0 while slot s has seen one value only
  const varies = new Uint8Array(slots.length + 1);
  const filled = [0, 0, 0, 0];
  // Indexed by slot number (1-based, as in slotOf); index 0 is unused and dropped below.
  const take = (slot: number, value: number, list: Float64Array, key: number): void => {
    if (varies[slot] === 0 && (leadCount[slot] === 0 || value === leadValue[slot])) {
      leadValue[slot] = value;
      leadCount[slot]++;
    } else {
      varies[slot] = 1;
      list[filled[key]++] = value;
    }
  };
  for (let i = start; i < end; i++) {
    const recency = (T[i] - tx[i]) * unitDays;
    const frequency = x[i] + 1;
    const monetary = totalSpend[i];
    const ladder = ladderKey(pRepeat90[i] * expectedOrderValue[i]);
    // NaN keys are never candidates (a key with NaNs has no slots).
    if (recency === recency) {
      const slot = slotOf[bucketOf(recency, shift)];
      if (slot !== 0) take(slot, recency, recencies, RECENCY);
    }
    if (frequency === frequency) {
      const slot = slotOf[size + bucketOf(frequency, shift)];
      if (slot !== 0) take(slot, frequency, frequencies, FREQUENCY);
    }
    if (monetary === monetary) {
      const slot = slotOf[2 * size + bucketOf(monetary, shift)];
      if (slot !== 0) take(slot, monetary, monetaries, MONETARY);
    }
    const slot = slotOf[3 * size + bucketOf(ladder, shift)];
    if (slot !== 0) take(slot, ladder, ladders, LADDER);
  }
  return { values: values.map((list, key) => list.subarray(0, filled[key])), leadValue: leadValue.subarray(1), leadCount: leadCount.subarray(1) };
}

export interface SegmentCutoffs {
  /** per quintile key (recency, frequency, monetary): smallest values reaching scores 2..5 */
  readonly thresholds: readonly (readonly [number, number, number, number])[];
  readonly loverThreshold: number;
  readonly likerThreshold: number;
  /** customers tied at a threshold join its rung while their tie index (input order) is below these */
  readonly loverTies: number;
  readonly likerTies: number;
  /** per range: ties at the lover / liker threshold in earlier ranges */
  readonly loverTiesBefore: readonly number[];
  readonly likerTiesBefore: readonly number[];
}

/** The run of equal values holding a sorted position, as rankBlocks (order-statistics.ts) reports it. */
interface Block {
  readonly value: number;
  readonly below: number;
  readonly upTo: number;
  readonly next: number;
}

/**
 * Step 4: exact cut-offs from every range's candidates (in range order). `wholeColumn(key)` is asked only
 * for a quintile key with NaNs, whose thresholds then come from quintileThresholds on the full column.
 */
export function segmentCutoffs(plan: CutoffPlan, rangeCandidates: readonly CutoffCandidates[], wholeColumn: (key: number) => Float64Array): SegmentCutoffs {
  const { n } = plan;
  const blocks = plan.ranks.map((ranks, key) => (ranks === null ? null : keyBlocks(plan, rangeCandidates, key, ranks)));
  const thresholds = [RECENCY, FREQUENCY, MONETARY].map((key): [number, number, number, number] => {
    const found = blocks[key];
    if (found === null) return quintileThresholds(wholeColumn(key));
    const t: [number, number, number, number] = [Infinity, Infinity, Infinity, Infinity];
    // As quintileScores: the block's mid-rank position decides whether its value or the next one starts score k + 2.
    found.forEach((block, k) => {
      const position = (block.below + (block.upTo - block.below) / 2) / n;
      const score = Math.min(5, Math.floor(5 * position) + 1);
      t[k] = score >= k + 2 ? block.value : block.next;
    });
    return t;
  });
  const [liker, lover] = blocks[LADDER] ?? [];
  const tiesBefore = (threshold: number) => {
    let ties = 0;
    return rangeCandidates.map((candidates) => {
      const before = ties;
      for (const value of candidates.values[LADDER]) if (value === threshold) ties++;
      plan.slots.forEach((slot, s) => {
        if (slot.key === LADDER && candidates.leadValue[s] === threshold) ties += candidates.leadCount[s];
      });
      return before;
    });
  };
  const lovers = Math.ceil(0.01 * n);
  const top = Math.ceil(0.1 * n);
  return {
    thresholds,
    loverThreshold: lover ? lover.value : Infinity,
    likerThreshold: liker ? liker.value : Infinity,
    // valueLadder admits every value above a threshold, then ties in input order until the rung is full
    // (with equal thresholds, likers are the ties after the lovers' ones: top − lovers more).
    loverTies: lover ? lovers - (n - lover.upTo) : 0,
    likerTies: liker ? top - (n - liker.upTo) : 0,
    loverTiesBefore: lover ? tiesBefore(lover.value) : rangeCandidates.map(() => 0),
    likerTiesBefore: liker ? tiesBefore(liker.value) : rangeCandidates.map(() => 0),
  };
}

/** The blocks of one key's wanted ranks from the merged candidates: sorted values as runs (value, count). */
function keyBlocks(plan: CutoffPlan, rangeCandidates: readonly CutoffCandidates[], key: number, ranks: readonly WantedRank[]): Block[] {
  const listed = new Float64Array(rangeCandidates.reduce((sum, c) => sum + c.values[key].length, 0));
  let at = 0;
  const leads: { value: number; count: number }[] = [];
  for (const candidates of rangeCandidates) {
    listed.set(candidates.values[key], at);
    at += candidates.values[key].length;
    plan.slots.forEach((slot, s) => {
      if (slot.key === key && candidates.leadCount[s] > 0) leads.push({ value: candidates.leadValue[s], count: candidates.leadCount[s] });
    });
  }
  listed.sort();
  leads.sort((p, q) => p.value - q.value);
  // Merge listed values (count 1 each) and leads into runs of equal values.
  const runValue: number[] = [];
  const runCount: number[] = [];
  let i = 0;
  let j = 0;
  while (i < listed.length || j < leads.length) {
    const value = j >= leads.length || (i < listed.length && listed[i] < leads[j].value) ? listed[i] : leads[j].value;
    let count = 0;
    while (i < listed.length && listed[i] === value) i++, count++;
    while (j < leads.length && leads[j].value === value) count += leads[j++].count;
    if (runValue.length > 0 && runValue[runValue.length - 1] === value) runCount[runCount.length - 1] += count;
    else runValue.push(value), runCount.push(count);
  }
  const slotStart = new Map(plan.slots.filter((slot) => slot.key === key).map((slot) => [slot.bucket, slot.candidatesBefore]));
  return ranks.map(({ rank, bucket, before }) => {
    // Position among the key's candidates; equal values share a bucket, so the run lies inside this one.
    const bucketStart = slotStart.get(bucket)!;
    const index = bucketStart + (rank - before);
    let run = 0;
    let runStart = 0;
    while (runStart + runCount[run] <= index) runStart += runCount[run++];
    const lo = runStart;
    const hi = runStart + runCount[run];
    return {
      value: runValue[run],
      below: before + (lo - bucketStart),
      upTo: before + (hi - bucketStart),
      next: run + 1 < runValue.length ? runValue[run + 1] : Infinity,
    };
  });
}

/** Step 5 for customers [start, end), the range-th range: scores, group and rung. */
export function assignSegments(inputs: SegmentInputs, start: number, end: number, cutoffs: SegmentCutoffs, range: number, out: SegmentColumns): void {
  const { x, tx, T, totalSpend } = inputs.summaries;
  const { pRepeat90, expectedOrderValue } = inputs;
  const unitDays = daysPerUnit(inputs.summaries.timeUnit);
  const [[r2, r3, r4, r5], [f2, f3, f4, f5], [m2, m3, m4, m5]] = cutoffs.thresholds;
  const { loverThreshold, likerThreshold, loverTies, likerTies } = cutoffs;
  let loverTieIndex = cutoffs.loverTiesBefore[range];
  let likerTieIndex = cutoffs.likerTiesBefore[range];
  const groups = rfmGroupIndex();
  const { recency: recencyOut, frequency: frequencyOut, monetary: monetaryOut, group, ladder: ladderOut } = out;
  // Comparisons are added as numbers (+(a >= b)), which V8 compiles without branches: quintile comparisons
  // are coin flips a branch predictor cannot learn, and this is several times faster than `a >= b ? 1 : 0`.
  for (let i = start; i < end; i++) {
    const recency = (T[i] - tx[i]) * unitDays;
    const frequency = x[i] + 1;
    const monetary = totalSpend[i];
    const ladder = ladderKey(pRepeat90[i] * expectedOrderValue[i]);
    // Lower recency is better: 5 minus the thresholds reached.
    const rScore = 5 - (+(recency >= r2) + +(recency >= r3) + +(recency >= r4) + +(recency >= r5));
    const fScore = 1 + +(frequency >= f2) + +(frequency >= f3) + +(frequency >= f4) + +(frequency >= f5);
    const mScore = 1 + +(monetary >= m2) + +(monetary >= m3) + +(monetary >= m4) + +(monetary >= m5);
    recencyOut[i] = rScore;
    frequencyOut[i] = fScore;
    monetaryOut[i] = mScore;
    group[i] = groups[rScore * 36 + fScore * 6 + mScore];
    // Tie indices count every tie, lovers included: with equal thresholds the likers are the ties after them.
    const loverTie = +(ladder === loverThreshold);
    const likerTie = +(ladder === likerThreshold);
    const lover = +(ladder > loverThreshold) | (loverTie & +(loverTieIndex < loverTies));
    const liker = +(ladder > likerThreshold) | (likerTie & +(likerTieIndex < likerTies));
    loverTieIndex += loverTie;
    likerTieIndex += likerTie;
    ladderOut[i] = 2 - (lover | liker) - lover;
  }
}

/** The segment columns of n customers; `allocate` lets a caller back them with shared memory. */
export function allocateSegmentColumns(n: number, allocate: (n: number) => Uint8Array = (size) => new Uint8Array(size)): SegmentColumns {
  return { recency: allocate(n), frequency: allocate(n), monetary: allocate(n), group: allocate(n), ladder: allocate(n) };
}

/** A quintile key for all n customers (only needed when it has NaNs, which the bucket histograms leave out). */
export function segmentKeyColumn(inputs: SegmentInputs, n: number, key: number): Float64Array {
  const { x, tx, T, totalSpend } = inputs.summaries;
  const unitDays = daysPerUnit(inputs.summaries.timeUnit);
  const column = new Float64Array(n);
  for (let i = 0; i < n; i++) column[i] = key === RECENCY ? (T[i] - tx[i]) * unitDays : key === FREQUENCY ? x[i] + 1 : totalSpend[i];
  return column;
}

/** All five steps on one thread: the segments of customers [0, n). */
export function computeSegments(inputs: SegmentInputs, n: number, out: SegmentColumns = allocateSegmentColumns(n)): SegmentColumns {
  const bits = segmentBucketBits(n);
  const counts = new Int32Array(segmentCountsLength(bits));
  countSegmentKeys(inputs, 0, n, bits, counts);
  const plan = planSegmentCutoffs(n, bits, [counts]);
  const candidates = collectCutoffCandidates(inputs, 0, n, plan, counts);
  const cutoffs = segmentCutoffs(plan, [candidates], (key) => segmentKeyColumn(inputs, n, key));
  assignSegments(inputs, 0, n, cutoffs, 0, out);
  return out;
}
