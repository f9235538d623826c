import {
  segmentCountsLength,
  type CustomerSummaries,
  type PredictionColumns,
  type ScoreTable,
  type SegmentColumns,
} from "../../domain/scoring";

const INPUT_COLUMNS = ["x", "tx", "T", "meanRepeatValue", "meanOrderValue", "totalSpend"] as const;
const PREDICTION_COLUMNS = ["pAlive", "pRepeat90", "expectedOrders90", "expectedOrders365", "expectedNextOrderAt", "expectedOrderValue", "predictedClv365"] as const;
const SEGMENT_COLUMNS = ["recency", "frequency", "monetary", "group", "ladder"] as const;

type InputColumns = Record<(typeof INPUT_COLUMNS)[number], Float64Array>;

/** A column over shared memory (CustomerSummaryOptions.allocateColumn): scoring threads read it in place. */
export function sharedFloat64Column(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
}

/** One run's output columns and per-range histograms, all in shared memory. */
interface Lease {
  readonly capacity: number;
  readonly columns: PredictionColumns;
  readonly segments: SegmentColumns;
  readonly counts: Int32Array[];
}

/**
 * Shared-memory columns for the parallel scorer, reused between runs: a SharedArrayBuffer is zero-filled
 * when allocated and its pages are faulted in on first write, which for a million customers costs as much
 * as a good part of the scoring itself. Output columns are lent with each table and come back through
 * release(); input copies never leave the scorer (runs are sequential), so one set is kept.
 */
export class ScoringBuffers {
  private spare: Lease | null = null;
  private readonly leased = new WeakMap<Float64Array, Lease>();
  private inputs: { capacity: number; columns: InputColumns } | null = null;

  /** The summary columns in shared memory: the caller's own when already shared, else copies. */
  sharedInputs(summaries: CustomerSummaries): InputColumns {
    const n = summaries.size;
    if (INPUT_COLUMNS.every((name) => summaries[name].buffer instanceof SharedArrayBuffer)) {
      return Object.fromEntries(INPUT_COLUMNS.map((name) => [name, summaries[name].subarray(0, n)])) as InputColumns;
    }
    if (this.inputs === null || this.inputs.capacity < n) {
      const buffer = new SharedArrayBuffer(INPUT_COLUMNS.length * n * Float64Array.BYTES_PER_ELEMENT);
      const columns = Object.fromEntries(INPUT_COLUMNS.map((name, k) => [name, new Float64Array(buffer, k * n * Float64Array.BYTES_PER_ELEMENT, n)])) as InputColumns;
      this.inputs = { capacity: n, columns };
    }
    const pooled = this.inputs.columns;
    return Object.fromEntries(
      INPUT_COLUMNS.map((name) => {
        const column = pooled[name].subarray(0, n);
        column.set(summaries[name].subarray(0, n));
        return [name, column];
      }),
    ) as InputColumns;
  }

  /** Output columns for n customers and `parts` zeroed-by-their-range histograms of segmentCountsLength(bits). */
  lease(n: number, parts: number, bits: number): { columns: PredictionColumns; segments: SegmentColumns; counts: Int32Array[] } {
    let lease = this.spare !== null && this.spare.capacity >= n ? this.spare : null;
    if (lease === null) lease = allocate(n);
    else this.spare = null;
    const countsLength = segmentCountsLength(bits);
    while (lease.counts.length < parts) lease.counts.push(new Int32Array(new SharedArrayBuffer(countsLength * Int32Array.BYTES_PER_ELEMENT)));
    for (let k = 0; k < parts; k++) {
      if (lease.counts[k].length !== countsLength) lease.counts[k] = new Int32Array(new SharedArrayBuffer(countsLength * Int32Array.BYTES_PER_ELEMENT));
    }
    const columns = Object.fromEntries(PREDICTION_COLUMNS.map((name) => [name, lease.columns[name].subarray(0, n)])) as unknown as PredictionColumns;
    const segments = Object.fromEntries(SEGMENT_COLUMNS.map((name) => [name, lease.segments[name].subarray(0, n)])) as unknown as SegmentColumns;
    this.leased.set(columns.pAlive, lease);
    return { columns, segments, counts: lease.counts.slice(0, parts) };
  }

  /** Takes a table's columns back (a no-op for tables this pool did not lend). */
  release(table: ScoreTable): void {
    const lease = this.leased.get(table.pAlive);
    if (lease === undefined) return;
    this.leased.delete(table.pAlive);
    if (this.spare === null || this.spare.capacity < lease.capacity) this.spare = lease;
  }
}

function allocate(capacity: number): Lease {
  const floats = new SharedArrayBuffer(PREDICTION_COLUMNS.length * capacity * Float64Array.BYTES_PER_ELEMENT);
  const bytes = new SharedArrayBuffer(SEGMENT_COLUMNS.length * capacity);
  return {
    capacity,
    columns: Object.fromEntries(PREDICTION_COLUMNS.map((name, k) => [name, new Float64Array(floats, k * capacity * Float64Array.BYTES_PER_ELEMENT, capacity)])) as unknown as PredictionColumns,
    segments: Object.fromEntries(SEGMENT_COLUMNS.map((name, k) => [name, new Uint8Array(bytes, k * capacity, capacity)])) as unknown as SegmentColumns,
    counts: [],
  };
}
