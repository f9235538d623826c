import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { startTypeScriptWorker } from "../workers/typescript-worker";
import {
  completeScoreTable,
  planSegmentCutoffs,
  scoreCustomers,
  segmentBucketBits,
  segmentCutoffs,
  segmentKeyColumn,
  type CustomerSummaries,
  type CutoffCandidates,
  type ScoreOptions,
  type ScoreTable,
  type ScoringModel,
} from "../../domain/scoring";
import { assignRange, collectRange, predictRange, rangeTasks, type RangeInputs } from "./scoring-range";
import { ScoringBuffers } from "./scoring-buffers";

export { sharedFloat64Column } from "./scoring-buffers";
import type { ScoringWorkerMessage, ScoringWorkerReply } from "./scoring-worker";
import { warmUpScoring } from "./scoring-warm-up";

/** Below this many customers a second thread costs more than it saves. */
const MIN_CUSTOMERS_PER_THREAD = 100_000;

/**
 * Scores a large shop on every core. Customers are split into one range per thread (the calling thread takes
 * the last one); each thread predicts its range and histograms its segment keys, then, between short merges
 * on the calling thread, collects its cut-off candidates and assigns its customers' segments
 * (segment-cutoffs.ts). Only histograms, a few thousand candidates and the cut-offs cross threads: every
 * column lives in shared memory. Predictions equal `scoreCustomers` up to floating-point rounding (each range
 * picks its own series/Taylor evaluation per x; tested to 1e-10 relative) and segments are identical.
 *
 * Workers are started once and kept (a server scores many shops; start-up is not free). Shared columns are
 * pooled: summaries whose columns are already shared (CustomerSummaryOptions.allocateColumn) are read in
 * place, others are copied into a reused input set; a table handed back with release() lends its columns to
 * the next run instead of allocating and zero-filling ~60 MB per million customers again.
 */
export class ParallelScorer {
  private readonly workers: Worker[] = [];
  private readonly buffers = new ScoringBuffers();
  /** Runs one score() at a time: the workers hold one task each. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly threads = Math.max(1, availableParallelism())) {}

  /** Starts the worker threads and warms this thread's hot loops ahead of the first large shop (optional). */
  async warmUp(): Promise<void> {
    if (this.workers.length === 0 && this.threads > 1) warmUpScoring();
    while (this.workers.length < this.threads - 1) {
      const worker = startTypeScriptWorker(new URL("./scoring-worker.ts", import.meta.url));
      await new Promise<void>((resolve, reject) => {
        worker.once("message", () => resolve()); // the worker's "ready", once its modules are loaded and warm
        worker.once("error", reject);
      });
      worker.on("error", () => {
        // A crashed worker is dropped; the next score() starts a new one.
        this.workers.splice(this.workers.indexOf(worker), 1);
      });
      // Idle workers must not keep the process alive; each step refs its worker until the reply.
      worker.unref();
      this.workers.push(worker);
    }
  }

  score(summaries: CustomerSummaries, model: ScoringModel, options: ScoreOptions = {}): Promise<ScoreTable> {
    const run = this.queue.then(() => this.scoreNow(summaries, model, options));
    this.queue = run.catch(() => {});
    return run;
  }

  /** Hands a table's columns back for reuse by the next run; the table must not be read afterwards. */
  release(table: ScoreTable): void {
    this.buffers.release(table);
  }

  private async scoreNow(summaries: CustomerSummaries, model: ScoringModel, options: ScoreOptions): Promise<ScoreTable> {
    const n = summaries.size;
    const parts = Math.min(this.threads, Math.floor(n / MIN_CUSTOMERS_PER_THREAD));
    if (parts < 2) return scoreCustomers(summaries, model, options);
    await this.warmUp();
    const bits = segmentBucketBits(n);
    const inputs: RangeInputs = {
      ...this.buffers.sharedInputs(summaries),
      size: n,
      observationEnd: summaries.observationEnd,
      timeUnit: summaries.timeUnit,
    };
    const output = this.buffers.lease(n, parts, bits);
    const tasks = rangeTasks(inputs, output, bits, model, options, parts);
    const workers = this.workers.slice(0, parts - 1);
    const own = tasks[parts - 1];

    await everyRange(workers, (k) => ({ step: "predict", task: tasks[k] }), () => predictRange(own));
    const plan = planSegmentCutoffs(n, bits, output.counts);
    const [theirs, mine] = await everyRange(workers, () => ({ step: "collect", plan }), () => collectRange(own, plan));
    const candidates = [...(theirs as CutoffCandidates[]), mine];
    const cutoffs = segmentCutoffs(plan, candidates, (key) => segmentKeyColumn({ summaries: inputs, ...output.columns }, n, key));
    await everyRange(workers, () => ({ step: "assign", cutoffs }), () => assignRange(own, cutoffs));
    return completeScoreTable(summaries, model, output.columns, output.segments);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }
}

/** Posts one step to a worker; rejects on an error reply or if the worker dies first. */
function step(worker: Worker, message: ScoringWorkerMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onReply = (reply: ScoringWorkerReply) => {
      worker.off("error", onError);
      worker.unref();
      if (reply.ok) resolve(reply.result);
      else reject(new Error(reply.message));
    };
    const onError = (error: Error) => {
      worker.off("message", onReply);
      reject(error);
    };
    worker.ref();
    worker.once("message", onReply);
    worker.once("error", onError);
    worker.postMessage(message);
  });
}

/**
 * One step on every range: the workers' in the background, the calling thread's own meanwhile. Waits for
 * every worker to answer before failing, so no stale reply reaches the next run.
 */
async function everyRange<T>(workers: Worker[], message: (k: number) => ScoringWorkerMessage, own: () => T): Promise<[unknown[], T]> {
  const replies = workers.map((worker, k) => step(worker, message(k)));
  let mine: T;
  try {
    mine = own();
  } finally {
    await Promise.allSettled(replies);
  }
  return [await Promise.all(replies), mine];
}
