import type { Database } from "../db/database";
import type { ScoreShopOptions, ScoreShopReport, ScoringProgress } from "../scoring/score-shop";

export interface RunningScoring {
  shopDomain: string;
  startedAt: Date;
  progress: ScoringProgress;
}

export type StartResult = { started: true; run: RunningScoring } | { started: false; run: RunningScoring };

type ScoreShop = (db: Database, options: ScoreShopOptions) => Promise<ScoreShopReport>;

interface Logger {
  info(context: object, message: string): void;
  error(context: object, message: string): void;
}

/**
 * "Re-score now": runs the scoring job in the background of this process, at most one per shop, and keeps its
 * live progress in memory (the ScoringRun row only learns the outcome). Scope: one process. Several app
 * processes could each start a run for the same shop; the job replaces the score set in one transaction, so
 * that costs time, not correctness.
 */
export class ScoringRunRegistry {
  private readonly running = new Map<string, RunningScoring>();

  constructor(
    private readonly deps: { db: Database; scoreShop: ScoreShop; logger: Logger; now?: () => Date },
  ) {}

  current(shopDomain: string): RunningScoring | null {
    return this.running.get(shopDomain) ?? null;
  }

  /** Starts a run unless one is in progress for the shop; `done` settles when the run ends (tests await it). */
  start(shopDomain: string): StartResult & { done: Promise<void> } {
    const existing = this.running.get(shopDomain);
    if (existing) return { started: false, run: existing, done: Promise.resolve() };
    const now = this.deps.now?.() ?? new Date();
    const run: RunningScoring = { shopDomain, startedAt: now, progress: { phase: "reading", done: 0, total: 0 } };
    this.running.set(shopDomain, run);
    const done = this.deps
      .scoreShop(this.deps.db, { shopDomain, now, trigger: "manual", onProgress: (progress) => (run.progress = progress) })
      .then(
        (report) => this.deps.logger.info({ shop: shopDomain, runId: report.runId, customers: report.customers }, "manual scoring finished"),
        (error: Error) => this.deps.logger.error({ shop: shopDomain, err: { message: error.message } }, "manual scoring failed"),
      )
      .finally(() => this.running.delete(shopDomain));
    return { started: true, run, done };
  }
}
