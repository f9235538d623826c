import { parentPort } from "node:worker_threads";
import { allocatePredictionColumns, predictCustomerRange, type CustomerSummaries, type PredictionColumns, type ScoreOptions, type ScoringModel } from "../../domain/scoring";

/** What the parallel scorer sends: shared-memory columns and the range this thread computes. */
export interface ScoringWorkerTask {
  inputs: Pick<CustomerSummaries, "x" | "tx" | "T" | "meanRepeatValue" | "meanOrderValue" | "observationEnd" | "timeUnit" | "size">;
  columns: PredictionColumns;
  model: ScoringModel;
  options: ScoreOptions;
  start: number;
  end: number;
}

// Typed arrays over SharedArrayBuffers arrive as views of the same memory: results need no copy back.
warmUp();
parentPort?.postMessage({ ready: true });
parentPort?.on("message", (task: ScoringWorkerTask) => {
  try {
    const summaries = { ...task.inputs, customerIds: [], utcOffsetMinutes: 0 } as unknown as CustomerSummaries;
    predictCustomerRange(summaries, task.model, task.options, task.start, task.end, task.columns);
    parentPort!.postMessage({ ok: true });
  } catch (error) {
    parentPort!.postMessage({ ok: false, message: (error as Error).message });
  }
});

/**
 * Runs the hot loops once on synthetic customers before reporting ready, so the first real shop is scored
 * by optimised code rather than paying the JIT's warm-up inside a merchant's scoring run.
 */
function warmUp(): void {
  const n = 50_000;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const meanRepeatValue = new Float64Array(n);
  const meanOrderValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = i % 7;
    T[i] = 1 + ((i * 37) % 700);
    tx[i] = x[i] > 0 ? (T[i] * ((i * 13) % 100)) / 100 : 0;
    meanRepeatValue[i] = x[i] > 0 ? 50 : 0;
    meanOrderValue[i] = 50;
  }
  const summaries = { size: n, x, tx, T, meanRepeatValue, meanOrderValue, observationEnd: 0, timeUnit: "days", customerIds: [], utcOffsetMinutes: 0 } as unknown as CustomerSummaries;
  const model = {
    name: "bgnbd",
    timeUnit: "days",
    transactions: { model: "bgnbd", r: 0.5, alpha: 60, a: 1, b: 3, timeUnit: "days" },
    transactionFit: null,
    spend: null,
    spendFit: null,
    shopMeanOrderValue: 50,
    confidence: "high",
    customers: n,
    repeatCustomers: n,
  } as ScoringModel;
  predictCustomerRange(summaries, model, {}, 0, n, allocatePredictionColumns(n));
}
