import type { Database } from "../db/database";
import { scoreShopJob } from "../jobs/job-handlers";
import type { JobQueue } from "../jobs/job-queue";
import type { ScoringProgress } from "../scoring/score-shop";
import { SCORING_RUN_STALE_MS } from "../scoring/scoring-run-progress";
import { JOB_TYPES } from "../jobs/job-kinds";

export interface RunningScoring {
  shopDomain: string;
  startedAt: Date;
  progress: ScoringProgress;
}

export type StartResult = { started: true; run: RunningScoring } | { started: false; run: RunningScoring };

/**
 * "Re-score now" across instances: a run is a score-shop job on the queue (one per shop: its dedupe key), run
 * by whichever worker claims it, and its live progress is its ScoringRun row (heartbeat included), so every
 * web instance gives the same answer. The process that runs the job also keeps the progress in memory and
 * answers from there: on embedded PGlite every connection shares one backend, and a progress query would
 * wait for the scoring's own transaction.
 */
export class ScoringRunRegistry {
  private readonly local = new Map<string, RunningScoring>();

  constructor(private readonly deps: { db: Database; jobs: Pick<JobQueue, "enqueue" | "waiting" | "wake">; now?: () => Date }) {}

  /** Progress sink for runs this process executes (wired into the scoring hooks). */
  readonly track = (shopDomain: string, progress: ScoringProgress | null): void => {
    if (!progress || progress.phase === "done") return void this.local.delete(shopDomain);
    const run = this.local.get(shopDomain);
    if (run) run.progress = progress;
    else this.local.set(shopDomain, { shopDomain, startedAt: this.now(), progress });
  };

  async current(shopDomain: string): Promise<RunningScoring | null> {
    const mine = this.local.get(shopDomain);
    if (mine) return mine;
    const row = await this.deps.db.prisma.scoringRun.findFirst({
      where: { shop: { domain: shopDomain }, status: "running", heartbeatAt: { gt: new Date(this.now().getTime() - SCORING_RUN_STALE_MS) } },
      orderBy: { startedAt: "desc" },
    });
    if (row) return { shopDomain, startedAt: row.startedAt, progress: { phase: (row.phase ?? "reading") as ScoringProgress["phase"], done: row.progressDone, total: row.progressTotal } };
    const [queued] = await this.deps.jobs.waiting(JOB_TYPES.scoreShop, shopDomain);
    return queued ? { shopDomain, startedAt: queued.runAt, progress: { phase: "reading", done: 0, total: 0 } } : null;
  }

  /** Requests a run unless one is queued or running for the shop. */
  async start(shopDomain: string): Promise<StartResult> {
    const existing = await this.current(shopDomain);
    if (existing) return { started: false, run: existing };
    const queued = await this.deps.jobs.enqueue(this.deps.db.pool, scoreShopJob(shopDomain, "manual"));
    if (queued) this.deps.jobs.wake();
    const run = { shopDomain, startedAt: this.now(), progress: { phase: "reading", done: 0, total: 0 } as ScoringProgress };
    return queued ? { started: true, run } : { started: false, run: (await this.current(shopDomain)) ?? run };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}
