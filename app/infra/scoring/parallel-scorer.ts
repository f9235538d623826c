import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import {
  allocatePredictionColumns,
  completeScoreTable,
  predictCustomerRange,
  scoreCustomers,
  type CustomerSummaries,
  type ScoreOptions,
  type ScoreTable,
  type ScoringModel,
} from "../../domain/scoring";
import type { ScoringWorkerTask } from "./scoring-worker";

// Node 20 does not apply `--import tsx` to a worker's own entry module, so the worker registers tsx's loader
// itself before importing the TypeScript worker module.
const WORKER_BOOTSTRAP = `import(${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href)})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL("./scoring-worker.ts", import.meta.url).href)}); })`;

/** Below this many customers a second thread costs more than it saves. */
const MIN_CUSTOMERS_PER_THREAD = 100_000;

/**
 * Scores a large shop on every core: the per-customer predictions (independent per customer) are split into
 * ranges computed by worker threads over shared memory, the calling thread taking one range itself; the
 * shop-relative segments are then computed once. Equal to `scoreCustomers` up to floating-point rounding
 * (each range picks its own series/Taylor evaluation per x; tested to 1e-10 relative, segments identical).
 * Workers are started once and kept: a server scores many shops, and start-up is not free.
 */
export class ParallelScorer {
  private readonly workers: Worker[] = [];

  constructor(private readonly threads = Math.max(1, availableParallelism())) {}

  /** Starts the worker threads ahead of the first large shop (optional; score() starts them when needed). */
  async warmUp(): Promise<void> {
    while (this.workers.length < this.threads - 1) {
      const worker = new Worker(WORKER_BOOTSTRAP, { eval: true });
      await new Promise<void>((resolve, reject) => {
        worker.once("message", () => resolve()); // the worker's "ready", once its modules are loaded
        worker.once("error", reject);
      });
      worker.on("error", () => {
        // A crashed worker is dropped; the next score() starts a new one.
        this.workers.splice(this.workers.indexOf(worker), 1);
      });
      // Idle workers must not keep the process alive; each task refs its worker until the reply.
      worker.unref();
      this.workers.push(worker);
    }
  }

  async score(summaries: CustomerSummaries, model: ScoringModel, options: ScoreOptions = {}): Promise<ScoreTable> {
    const n = summaries.size;
    const parts = Math.min(this.threads, Math.floor(n / MIN_CUSTOMERS_PER_THREAD));
    if (parts < 2) return scoreCustomers(summaries, model, options);
    await this.warmUp();
    const shared = (source: ArrayLike<number>) => {
      const copy = new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
      copy.set(source);
      return copy;
    };
    const inputs = {
      size: n,
      x: shared(summaries.x),
      tx: shared(summaries.tx),
      T: shared(summaries.T),
      meanRepeatValue: shared(summaries.meanRepeatValue),
      meanOrderValue: shared(summaries.meanOrderValue),
      observationEnd: summaries.observationEnd,
      timeUnit: summaries.timeUnit,
    };
    const columns = allocatePredictionColumns(n, (size) => new Float64Array(new SharedArrayBuffer(size * Float64Array.BYTES_PER_ELEMENT)));
    const bounds = Array.from({ length: parts + 1 }, (_, k) => Math.round((k * n) / parts));
    const done = this.workers.slice(0, parts - 1).map(
      (worker, k) =>
        new Promise<void>((resolve, reject) => {
          worker.ref();
          worker.once("message", (reply: { ok: boolean; message?: string }) => {
            worker.unref();
            if (reply.ok) resolve();
            else reject(new Error(reply.message));
          });
          worker.postMessage({ inputs, columns, model, options, start: bounds[k], end: bounds[k + 1] } satisfies ScoringWorkerTask);
        }),
    );
    predictCustomerRange(summaries, model, options, bounds[parts - 1], n, columns);
    await Promise.all(done);
    return completeScoreTable(summaries, model, columns);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }
}
