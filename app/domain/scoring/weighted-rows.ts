/**
 * Customers with identical summaries contribute identical likelihood terms,
 * so fits work on unique rows with integer weights (a shop's one-time buyers
 * observed for the same number of days collapse into one row). Rows are then
 * ordered by x, and per-x groups let the fits evaluate the x-only terms
 * (ln Γ(r+x), ψ(b+x), …) once per distinct x instead of once per row.
 */

/** Unique (x, t_x, T) rows for the BG/NBD and Pareto/NBD fits, grouped by x. */
export interface RecencyFrequencyRows {
  readonly size: number;
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly weight: Float64Array;
  readonly groups: XGroups;
  /** Σ weight (number of customers) */
  readonly totalWeight: number;
  /**
   * Distinct values among t_x and T with each row's index into them, or null
   * when nearly all values are distinct. Real shops measure time in whole
   * days, so a million rows share a few hundred values and the fits compute
   * ln(α + t) once per value instead of once per row.
   */
  readonly times: { readonly values: Float64Array; readonly txIndex: Int32Array; readonly TIndex: Int32Array } | null;
}

/** Unique (x, m̄) rows for the Gamma-Gamma fit, grouped by x. */
export interface SpendRows {
  readonly size: number;
  readonly x: Float64Array;
  /** mean spend per repeat transaction */
  readonly m: Float64Array;
  readonly weight: Float64Array;
  /** ln(x·m̄), constant during a fit */
  readonly logTotal: Float64Array;
  readonly groups: XGroups;
  readonly totalWeight: number;
}

/** Rows [start[g], start[g+1]) all have x = value[g]. */
export interface XGroups {
  readonly count: number;
  readonly value: Float64Array;
  readonly start: Int32Array;
  /** Σ weight within the group */
  readonly weight: Float64Array;
}

export function compressRecencyFrequency(
  x: ArrayLike<number>,
  tx: ArrayLike<number>,
  T: ArrayLike<number>,
  weights?: ArrayLike<number>,
): RecencyFrequencyRows {
  const unique = dedupeTriples(x, tx, T, weights);
  const order = orderByX(x, unique.index);
  const size = unique.index.length;
  const out = { x: new Float64Array(size), tx: new Float64Array(size), T: new Float64Array(size), weight: new Float64Array(size) };
  for (let k = 0; k < size; k++) {
    const u = order.permutation[k];
    const i = unique.index[u];
    out.x[k] = x[i];
    out.tx[k] = tx[i];
    out.T[k] = T[i];
    out.weight[k] = unique.weight[u];
  }
  return { size, ...out, groups: buildGroups(out.x, out.weight), totalWeight: sum(out.weight), times: indexTimes(out.tx, out.T) };
}

/** Table of distinct time values, or null when they would not save work (> size/4 distinct). */
function indexTimes(tx: Float64Array, T: Float64Array): RecencyFrequencyRows["times"] {
  const n = tx.length;
  const limit = Math.max(64, n >> 2);
  let capacity = 16;
  while (capacity < 4 * limit) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1);
  const values: number[] = [];
  const scratch = new Float64Array(1);
  const bits = new Uint32Array(scratch.buffer);
  const lookup = (v: number): number => {
    scratch[0] = v + 0;
    let slot = (Math.imul(bits[0] ^ Math.imul(bits[1], 0x9e3779b1), 0x85ebca6b) >>> 7) & mask;
    for (;;) {
      const id = slots[slot];
      if (id === -1) {
        slots[slot] = values.length;
        values.push(scratch[0]);
        return values.length - 1;
      }
      if (values[id] === scratch[0]) return id;
      slot = (slot + 1) & mask;
    }
  };
  const txIndex = new Int32Array(n);
  const TIndex = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    txIndex[k] = lookup(tx[k]);
    TIndex[k] = lookup(T[k]);
    if (values.length > limit) return null;
  }
  return { values: Float64Array.from(values), txIndex, TIndex };
}

export function compressSpend(x: ArrayLike<number>, m: ArrayLike<number>, weights?: ArrayLike<number>): SpendRows {
  const zeros = new Float64Array(x.length);
  const unique = dedupeTriples(x, m, zeros, weights);
  const order = orderByX(x, unique.index);
  const size = unique.index.length;
  const out = { x: new Float64Array(size), m: new Float64Array(size), weight: new Float64Array(size) };
  for (let k = 0; k < size; k++) {
    const u = order.permutation[k];
    const i = unique.index[u];
    out.x[k] = x[i];
    out.m[k] = m[i];
    out.weight[k] = unique.weight[u];
  }
  const logTotal = new Float64Array(size);
  for (let k = 0; k < size; k++) logTotal[k] = Math.log(out.x[k] * out.m[k]);
  return { size, ...out, logTotal, groups: buildGroups(out.x, out.weight), totalWeight: sum(out.weight) };
}

/**
 * Open-addressing hash on the bit patterns of three doubles: O(n) and no
 * string keys, which matters at a million customers.
 */
function dedupeTriples(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  c: ArrayLike<number>,
  weights?: ArrayLike<number>,
  of?: Int32Array,
): { index: Int32Array; weight: Float64Array } {
  const n = a.length;
  let capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1); // → unique id
  const firstIndex = new Int32Array(n);
  const weight = new Float64Array(n);
  const scratch = new Float64Array(3);
  const bits = new Uint32Array(scratch.buffer);
  let uniqueCount = 0;
  for (let i = 0; i < n; i++) {
    // +0 normalises −0 so that −0 and 0 share a row.
    scratch[0] = a[i] + 0;
    scratch[1] = b[i] + 0;
    scratch[2] = c[i] + 0;
    let h = 0x811c9dc5;
    for (let k = 0; k < 6; k++) h = Math.imul(h ^ bits[k], 0x01000193);
    h ^= h >>> 15;
    let slot = h & mask;
    const w = weights === undefined ? 1 : weights[i];
    for (;;) {
      const id = slots[slot];
      if (id === -1) {
        slots[slot] = uniqueCount;
        firstIndex[uniqueCount] = i;
        weight[uniqueCount] = w;
        if (of) of[i] = uniqueCount;
        uniqueCount++;
        break;
      }
      const j = firstIndex[id];
      if (a[j] === scratch[0] && b[j] === scratch[1] && c[j] === scratch[2]) {
        weight[id] += w;
        if (of) of[i] = id;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { index: firstIndex.slice(0, uniqueCount), weight: weight.slice(0, uniqueCount) };
}

/**
 * The distinct (a, b, c) triples in order of first appearance: each one's first index and count, and each
 * input's triple. Lets a per-customer computation run once per distinct summary.
 */
export function distinctTriples(a: ArrayLike<number>, b: ArrayLike<number>, c: ArrayLike<number>): { size: number; first: Int32Array; count: Float64Array; of: Int32Array } {
  const of = new Int32Array(a.length);
  const unique = dedupeTriples(a, b, c, undefined, of);
  return { size: unique.index.length, first: unique.index, count: unique.weight, of };
}

/** Stable counting sort of the unique rows by their x value. */
function orderByX(x: ArrayLike<number>, index: Int32Array): { permutation: Int32Array } {
  const distinct = new Map<number, number>();
  for (let u = 0; u < index.length; u++) {
    const v = x[index[u]];
    if (!distinct.has(v)) distinct.set(v, 0);
  }
  const sortedValues = [...distinct.keys()].sort((p, q) => p - q);
  const offsets = new Int32Array(sortedValues.length + 1);
  sortedValues.forEach((v, g) => distinct.set(v, g));
  const groupOf = new Int32Array(index.length);
  for (let u = 0; u < index.length; u++) {
    groupOf[u] = distinct.get(x[index[u]])!;
    offsets[groupOf[u] + 1]++;
  }
  for (let g = 0; g < sortedValues.length; g++) offsets[g + 1] += offsets[g];
  const permutation = new Int32Array(index.length);
  for (let u = 0; u < index.length; u++) permutation[offsets[groupOf[u]]++] = u;
  return { permutation };
}

function buildGroups(x: Float64Array, weight: Float64Array): XGroups {
  const values: number[] = [];
  const starts: number[] = [];
  const weights: number[] = [];
  for (let k = 0; k < x.length; k++) {
    if (k === 0 || x[k] !== x[k - 1]) {
      values.push(x[k]);
      starts.push(k);
      weights.push(0);
    }
    weights[weights.length - 1] += weight[k];
  }
  starts.push(x.length);
  return { count: values.length, value: Float64Array.from(values), start: Int32Array.from(starts), weight: Float64Array.from(weights) };
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** Above this many distinct rows, fits warm-start on a strided subsample of this size. */
export const WARM_START_ROWS = 50_000;

/**
 * Every k-th row (k = ⌈size / maxRows⌉) with its weight scaled by k, for a
 * cheap warm-start fit on large shops; deterministic, no randomness.
 * Returns the rows themselves when they are already small.
 */
export function strideRecencyFrequency(rows: RecencyFrequencyRows, maxRows: number): RecencyFrequencyRows {
  if (rows.size <= maxRows) return rows;
  const k = Math.ceil(rows.size / maxRows);
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < rows.size; i += k) {
    x.push(rows.x[i]);
    tx.push(rows.tx[i]);
    T.push(rows.T[i]);
    w.push(rows.weight[i] * k);
  }
  return compressRecencyFrequency(x, tx, T, w);
}

/** Spend-row counterpart of {@link strideRecencyFrequency}. */
export function strideSpend(rows: SpendRows, maxRows: number): SpendRows {
  if (rows.size <= maxRows) return rows;
  const k = Math.ceil(rows.size / maxRows);
  const x: number[] = [];
  const m: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < rows.size; i += k) {
    x.push(rows.x[i]);
    m.push(rows.m[i]);
    w.push(rows.weight[i] * k);
  }
  return compressSpend(x, m, w);
}
