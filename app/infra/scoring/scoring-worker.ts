import { parentPort } from "node:worker_threads";
import type { CutoffPlan, SegmentCutoffs } from "../../domain/scoring";
import { assignRange, collectRange, predictRange, type RangeTask } from "./scoring-range";
import { warmUpScoring } from "./scoring-warm-up";

/** What the parallel scorer sends, step by step; a run's task (shared-memory columns, range) comes first. */
export type ScoringWorkerMessage =
  | { step: "predict"; task: RangeTask }
  | { step: "collect"; plan: CutoffPlan }
  | { step: "assign"; cutoffs: SegmentCutoffs };

export type ScoringWorkerReply = { ok: true; result?: unknown } | { ok: false; message: string };

// Typed arrays over SharedArrayBuffers arrive as views of the same memory: results need no copy back.
let task: RangeTask | null = null;
warmUpScoring();
parentPort?.postMessage({ ready: true });
parentPort?.on("message", (message: ScoringWorkerMessage) => {
  try {
    let result: unknown;
    if (message.step === "predict") {
      task = message.task;
      predictRange(task);
    } else if (message.step === "collect") {
      result = collectRange(task!, message.plan);
    } else {
      assignRange(task!, message.cutoffs);
      task = null;
    }
    parentPort!.postMessage({ ok: true, result } satisfies ScoringWorkerReply);
  } catch (error) {
    parentPort!.postMessage({ ok: false, message: (error as Error).message } satisfies ScoringWorkerReply);
  }
});
