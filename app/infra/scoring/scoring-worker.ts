import { parentPort } from "node:worker_threads";
import { predictCustomerRange, type CustomerSummaries, type PredictionColumns, type ScoreOptions, type ScoringModel } from "../../domain/scoring";

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
