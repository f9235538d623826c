import {
  planSegmentCutoffs,
  segmentBucketBits,
  segmentCutoffs,
  segmentKeyColumn,
  type ScoringModel,
} from "../../domain/scoring";
import { ScoringBuffers, sharedFloat64Column } from "./scoring-buffers";
import { assignRange, collectRange, predictRange, rangeTasks, type RangeInputs } from "./scoring-range";

/**
 * Runs the parallel scorer's per-range steps on synthetic customers, so the first real shop is scored by
 * optimised code rather than paying the JIT's warm-up inside a merchant's scoring run. Every thread of the
 * parallel scorer (the calling one included) runs it at start-up. It goes through the very objects a run
 * uses (shared-memory columns, range tasks, cloned plans): V8 specialises on object shapes, and code warmed
 * on other shapes is thrown away at the first real call. Whole-day and continuous ages, common and rare
 * order counts, since each takes its own path in bgnbd-batch.ts; a few rounds, because a function whose loop
 * was only compiled on-stack during one call starts its next call unoptimised again.
 */
export function warmUpScoring(n = 40_000): void {
  const buffers = new ScoringBuffers();
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    const wholeDays = round % 2 === 0;
    const columns = {
      x: sharedFloat64Column(n),
      tx: sharedFloat64Column(n),
      T: sharedFloat64Column(n),
      meanRepeatValue: sharedFloat64Column(n),
      meanOrderValue: sharedFloat64Column(n),
      totalSpend: sharedFloat64Column(n),
    };
    for (let i = 0; i < n; i++) {
      const x = i % 20 === 0 ? 7 + (i % 89) : i % 7;
      const T = 1 + ((i * 37) % 700) + (wholeDays ? 0 : (i % 3) / 7);
      columns.x[i] = x;
      columns.T[i] = T;
      columns.tx[i] = x > 0 ? (wholeDays ? Math.floor((T * ((i * 13) % 100)) / 100) : (T * ((i * 13) % 100)) / 100) : 0;
      columns.meanRepeatValue[i] = x > 0 ? 30 + (i % 41) : 0;
      columns.meanOrderValue[i] = 30 + (i % 53);
      columns.totalSpend[i] = columns.meanOrderValue[i] * (x + 1);
    }
    const inputs: RangeInputs = { ...columns, size: n, observationEnd: 0, timeUnit: "days" };
    scoreInRanges(inputs, buffers, 2);
  }
}

const WARM_UP_ROUNDS = 4;

const model: ScoringModel = {
  name: "bgnbd",
  timeUnit: "days",
  transactions: { model: "bgnbd", r: 0.5, alpha: 60, a: 0.8, b: 3, timeUnit: "days" },
  transactionFit: null,
  spend: { model: "gg", p: 6, q: 4, gamma: 25 },
  spendFit: null,
  shopMeanOrderValue: 50,
  confidence: "high",
  customers: 0,
  repeatCustomers: 0,
};

/** A parallel run's steps, one range after another on this thread. */
function scoreInRanges(inputs: RangeInputs, buffers: ScoringBuffers, parts: number): void {
  const n = inputs.size;
  const bits = segmentBucketBits(n);
  const output = buffers.lease(n, parts, bits);
  const tasks = rangeTasks(inputs, output, bits, model, {}, parts);
  for (const task of tasks) predictRange(task);
  const plan = planSegmentCutoffs(n, bits, output.counts);
  const candidates = tasks.map((task) => collectRange(task, structuredClone(plan)));
  const cutoffs = segmentCutoffs(plan, candidates.map((c) => structuredClone(c)), (key) => segmentKeyColumn({ summaries: inputs, ...output.columns }, n, key));
  for (const task of tasks) assignRange(task, structuredClone(cutoffs));
}
