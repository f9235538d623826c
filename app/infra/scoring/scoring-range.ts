import {
  assignSegments,
  collectCutoffCandidates,
  countSegmentKeys,
  predictCustomerRange,
  type CustomerSummaries,
  type CutoffCandidates,
  type CutoffPlan,
  type PredictionColumns,
  type ScoreOptions,
  type ScoringModel,
  type SegmentColumns,
  type SegmentCutoffs,
  type SegmentInputs,
} from "../../domain/scoring";

/** The summary columns a range reads (shared memory when run by a worker thread). */
export type RangeInputs = Pick<CustomerSummaries, "x" | "tx" | "T" | "meanRepeatValue" | "meanOrderValue" | "totalSpend" | "observationEnd" | "timeUnit" | "size">;

/** One thread's share of a parallel scoring run: customers [start, end), the range-th range. */
export interface RangeTask {
  inputs: RangeInputs;
  columns: PredictionColumns;
  segments: SegmentColumns;
  /** this range's segment-key histograms (zeroed by the range itself) */
  counts: Int32Array;
  bits: number;
  model: ScoringModel;
  options: ScoreOptions;
  start: number;
  end: number;
  range: number;
}

/** Splits a run over `inputs.size` customers into `parts` contiguous ranges sharing one set of output columns. */
export function rangeTasks(
  inputs: RangeInputs,
  output: { columns: PredictionColumns; segments: SegmentColumns; counts: Int32Array[] },
  bits: number,
  model: ScoringModel,
  options: ScoreOptions,
  parts: number,
): RangeTask[] {
  const n = inputs.size;
  return Array.from({ length: parts }, (_, k): RangeTask => ({
    inputs,
    columns: output.columns,
    segments: output.segments,
    counts: output.counts[k],
    bits,
    model,
    options,
    start: Math.round((k * n) / parts),
    end: Math.round(((k + 1) * n) / parts),
    range: k,
  }));
}

/**
 * The three steps every thread runs on its own range (segment-cutoffs.ts); between them the coordinating
 * thread merges the small per-range results. Used by the worker threads and by the calling thread alike.
 */
export function predictRange(task: RangeTask): void {
  const summaries = { ...task.inputs, customerIds: [], utcOffsetMinutes: 0 } as unknown as CustomerSummaries;
  predictCustomerRange(summaries, task.model, task.options, task.start, task.end, task.columns);
  task.counts.fill(0);
  countSegmentKeys(segmentInputs(task), task.start, task.end, task.bits, task.counts);
}

export function collectRange(task: RangeTask, plan: CutoffPlan): CutoffCandidates {
  return collectCutoffCandidates(segmentInputs(task), task.start, task.end, plan, task.counts);
}

export function assignRange(task: RangeTask, cutoffs: SegmentCutoffs): void {
  assignSegments(segmentInputs(task), task.start, task.end, cutoffs, task.range, task.segments);
}

function segmentInputs(task: RangeTask): SegmentInputs {
  return { summaries: task.inputs, pRepeat90: task.columns.pRepeat90, expectedOrderValue: task.columns.expectedOrderValue };
}
