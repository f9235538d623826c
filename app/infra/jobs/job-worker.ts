import { randomUUID } from "node:crypto";
import type pg from "pg";
import { claimJob, completeJob, failJob, type JobRow } from "./job-queue";

export type JobHandler = (job: JobRow) => Promise<void>;

export interface JobWorkerLogger {
  info(context: object, message: string): void;
  error(context: object, message: string): void;
}

/**
 * Runs durable jobs one at a time: polls the table, and wakes at once when this process enqueued something
 * (`wake()`), so a webhook's deferred work starts right after the 200. A job interrupted by a crash is
 * claimed again once its lock is stale.
 */
export class JobWorker {
  private readonly workerId = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private wakeRequested = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly handlers: Record<string, JobHandler>,
    private readonly logger: JobWorkerLogger,
    private readonly pollIntervalMs = 2_000,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  /** Runs due jobs until none is left (tests, scripts). */
  async runUntilIdle(): Promise<number> {
    await this.running;
    let count = 0;
    while (await this.runOne()) count++;
    return count;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.drain().finally(() => {
        this.running = null;
        if (!this.stopped) this.schedule(this.wakeRequested ? 0 : this.pollIntervalMs);
        this.wakeRequested = false;
      });
    }, delayMs);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.runOne()));
    } catch (error) {
      this.logger.error({ err: error instanceof Error ? error.message : String(error) }, "job worker: polling failed");
    }
  }

  private async runOne(): Promise<boolean> {
    const job = await claimJob(this.pool, this.workerId, Object.keys(this.handlers));
    if (!job) return false;
    const context = { jobId: job.id, type: job.type, shop: job.shopDomain, attempt: job.attempts };
    try {
      await this.handlers[job.type](job);
      await completeJob(this.pool, job.id);
      this.logger.info(context, "job succeeded");
    } catch (error) {
      const outcome = await failJob(this.pool, job, error);
      this.logger.error({ ...context, outcome, err: error instanceof Error ? error.message : String(error) }, "job failed");
    }
    return true;
  }
}
