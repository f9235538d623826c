import type pg from "pg";
import { JOB_SCHEDULES } from "./job-handlers";
import { JOB_TYPES, type JobType } from "./job-kinds";
import type { BatchWorkOptions, JobHandler, JobLogger, JobQueue } from "./job-queue";
import { migrateLegacyJobs } from "./legacy-jobs";

/**
 * Kinds that arrive by the thousand per second: claimed several per fetch and fetched again at once while
 * fetches come back full, so the drain is not capped by the poll interval (one job per slot per poll drained
 * an order burst's follow-ups at ~4 jobs/s). Webhook deliveries and their per-order follow-ups are short
 * transactions bound by database round trips, so many run side by side (the pool queues the excess).
 */
export const BATCHED_KINDS: Partial<Record<JobType, BatchWorkOptions>> = {
  [JOB_TYPES.webhookDelivery]: { batchSize: 25, concurrency: 2 },
  [JOB_TYPES.orderOffers]: { batchSize: 10, concurrency: 2 },
  [JOB_TYPES.rescoreCustomer]: { batchSize: 10, concurrency: 2 },
};

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
    await this.queue.work(this.handlers, { ...options, batched: BATCHED_KINDS });
  }

  /** Stops claiming; running jobs get `graceMs` to finish, then are handed back to the queue. */
  stop(graceMs?: number): Promise<void> {
    return this.queue.stop(graceMs);
  }

  /**
   * Runs every due job in this process until none is left (tests and scripts, without workers); only the
   * given kinds when named (e.g. webhook deliveries, leaving their follow-up jobs waiting).
   */
  runUntilIdle(kinds?: JobType[]): Promise<number> {
    const handlers = kinds ? Object.fromEntries(kinds.map((kind) => [kind, this.handlers[kind]])) : this.handlers;
    return this.queue.runUntilIdle(handlers);
  }
}
