import type pg from "pg";
import { JOB_SCHEDULES } from "./job-handlers";
import type { JobType } from "./job-kinds";
import type { JobHandler, JobLogger, JobQueue } from "./job-queue";
import { migrateLegacyJobs } from "./legacy-jobs";

/** The app's workers: every kind's handler on the queue, and the recurring schedules. */
export class JobRunner {
  constructor(
    readonly queue: JobQueue,
    private readonly handlers: Record<JobType, JobHandler>,
    private readonly pool: pg.Pool,
    private readonly logger: JobLogger,
  ) {}

  /** Starts claiming jobs in this process (worker role). */
  async start(options: { concurrency?: number } = {}): Promise<void> {
    const moved = await migrateLegacyJobs(this.pool, this.queue);
    if (moved > 0) this.logger.info({ moved }, "legacy jobs handed to pg-boss");
    for (const { type, cron } of JOB_SCHEDULES) await this.queue.schedule(type, cron);
    await this.queue.work(this.handlers, options);
  }

  /** Stops claiming; running jobs get `graceMs` to finish, then are handed back to the queue. */
  stop(graceMs?: number): Promise<void> {
    return this.queue.stop(graceMs);
  }

  /** Runs every due job in this process until none is left (tests and scripts, without workers). */
  runUntilIdle(): Promise<number> {
    return this.queue.runUntilIdle(this.handlers);
  }
}
