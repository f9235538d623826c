import DataLoader from "dataloader";
import { PgBoss, type Job, type JobResult } from "pg-boss";
import pg from "pg";
import type { Queryable } from "../db/repositories/commerce-write-repository";
import { DEAD_LETTER_QUEUE, DEAD_LETTER_QUEUE_OPTIONS, JOB_KIND_QUEUES, JOB_QUEUE_DEFAULTS, JOB_TYPES, type JobType } from "./job-kinds";

/** pg-boss's own schema in the app's database (its tables are pg-boss's, never read by Prisma). */
export const JOB_QUEUE_SCHEMA = "pgboss";

export interface EnqueueOptions {
  shopDomain: string;
  type: JobType;
  /**
   * Identifiers only: jobs outlive requests, so they must hold no customer PII. The one exception is the
   * webhook-delivery kind (the fields of Shopify's payload its handler reads), which deletes itself once
   * processed (see job-kinds.ts).
   */
  payload: Record<string, unknown>;
  /** While a job with this key waits, enqueueing again is a no-op (see JOB_KIND_QUEUES). */
  dedupeKey?: string;
  runAt?: Date;
}

export interface JobRow {
  id: string;
  shopDomain: string;
  type: JobType;
  payload: Record<string, unknown>;
  /** 1 on the first attempt. */
  attempt: number;
  /** Aborted when the worker loses its claim (stopped past its grace period, or its heartbeat was missed). */
  signal: AbortSignal;
}

export type JobHandler = (job: JobRow) => Promise<void>;

/** What webhooks and use cases need of the queue: enqueue on their own connection, inside their transaction. */
export interface JobEnqueuer {
  /**
   * Resolves once the queue can take jobs. Await it before opening a transaction that enqueues: the first
   * start reads the queue settings on another pooled connection, which on PGlite (one session for all
   * connections) would wait for the open transaction for ever.
   */
  ready(): Promise<void>;
  enqueue(db: Queryable, job: EnqueueOptions): Promise<boolean>;
  /**
   * Enqueues outside any transaction of the caller, resolving once the job is committed. Concurrent calls
   * share one multi-row insert (one round trip per batch, pg-boss's own autocommit statement).
   */
  enqueueBatched(job: EnqueueOptions): Promise<void>;
  /** Wakes this process's workers at once (after a commit) instead of at their next poll. */
  wake(): void;
}

/** How a high-volume kind is worked: several jobs per fetch, each settled on its own. */
export interface BatchWorkOptions {
  /** Jobs claimed per fetch; a full fetch is followed by the next at once (no poll delay). */
  batchSize: number;
  /** Fetch loops of this kind per process. */
  concurrency: number;
}

export interface JobLogger {
  info(context: object, message: string): void;
  error(context: object, message: string): void;
}

interface JobData {
  shopDomain: string;
  payload: Record<string, unknown>;
}

export interface DeadLetter {
  id: string;
  type: string;
  failedAt: Date;
  attempts: number;
  error: string | null;
}

/**
 * The app's durable jobs on pg-boss, in the app's own database (PostgreSQL, or embedded PGlite through the
 * same pool). pg-boss owns claiming (SKIP LOCKED), retries with backoff, expiry and heartbeats, dedupe by
 * singleton key, cron schedules (one run per tick across every instance) and dead letters. It runs on
 * the app's pg pool: on PGlite every connection shares one backend, so a second pool would only queue.
 */
export class JobQueue implements JobEnqueuer {
  private readonly boss: PgBoss;
  private started: Promise<void> | null = null;
  private readonly workerIds = new Map<JobType, string[]>();
  private readonly batchedInserts = new Map<JobType, DataLoader<EnqueueOptions, void>>();

  constructor(
    pool: pg.Pool,
    private readonly logger: JobLogger,
    options: {
      maintenance?: boolean;
      superviseSeconds?: number;
      /**
       * LISTEN on a dedicated connection, so workers start jobs of `notify` queues the moment another
       * instance commits them. PostgreSQL only: PGlite's sessions share one backend and never deliver a
       * notification to the listener.
       */
      listen?: boolean;
    } = {},
  ) {
    this.boss = new PgBoss({
      db: { ...poolExecutor(pool), ...(options.listen ? { listen: poolListener(pool, (error) => this.logger.error({ err: error.message }, "job queue listener error")) } : {}) },
      useListenNotify: options.listen ?? false,
      schema: JOB_QUEUE_SCHEMA,
      // The schema is installed with the database's migrations (installJobQueue), not at every start.
      migrate: false,
      // Maintenance (expiring, retention) and cron only where workers run.
      supervise: options.maintenance ?? false,
      schedule: options.maintenance ?? false,
      superviseIntervalSeconds: options.superviseSeconds ?? 60,
      monitorIntervalSeconds: options.superviseSeconds ?? 60,
    });
    this.boss.on("error", (error: Error) => this.logger.error({ err: error.message }, "job queue error"));
  }

  async enqueue(db: Queryable, job: EnqueueOptions): Promise<boolean> {
    await this.ready();
    const data: JobData = { shopDomain: job.shopDomain, payload: job.payload };
    const id = await this.boss.send(job.type, data as unknown as object, {
      db: clientExecutor(db),
      singletonKey: job.dedupeKey,
      startAfter: job.runAt,
    });
    return id !== null;
  }

  enqueueBatched(job: EnqueueOptions): Promise<void> {
    let loader = this.batchedInserts.get(job.type);
    if (!loader) {
      loader = new DataLoader<EnqueueOptions, void>((jobs) => this.insertBatch(job.type, jobs), {
        cache: false,
        maxBatchSize: INSERT_BATCH_MAX,
        // Gathers the deliveries that arrive within a millisecond or so: under load that is tens per insert.
        batchScheduleFn: (run) => setTimeout(run, INSERT_BATCH_WAIT_MS),
      });
      this.batchedInserts.set(job.type, loader);
    }
    return loader.load(job);
  }

  private async insertBatch(type: JobType, jobs: readonly EnqueueOptions[]): Promise<(void | Error)[]> {
    try {
      await this.ready();
      await this.boss.insert(
        type,
        jobs.map((job) => ({ data: { shopDomain: job.shopDomain, payload: job.payload } satisfies JobData, singletonKey: job.dedupeKey, startAfter: job.runAt })),
      );
      // This process's own workers (role all) start at once; other instances' wake on NOTIFY or their poll.
      for (const id of this.workerIds.get(type) ?? []) this.boss.notifyWorker(id);
      return jobs.map(() => undefined);
    } catch (error) {
      // Every caller of the batch learns the insert failed (none of its jobs is stored).
      const failure = error instanceof Error ? error : new Error(String(error));
      return jobs.map(() => failure);
    }
  }

  wake(): void {
    for (const ids of this.workerIds.values()) for (const id of ids) this.boss.notifyWorker(id);
  }

  /** Claims and runs jobs of the given kinds in this process until `stop()`. */
  async work(
    handlers: Partial<Record<JobType, JobHandler>>,
    options: { concurrency?: number; batched?: Partial<Record<JobType, BatchWorkOptions>> } = {},
  ): Promise<void> {
    await this.ready();
    for (const [type, handler] of Object.entries(handlers) as [JobType, JobHandler][]) {
      const batched = options.batched?.[type];
      const id = batched
        ? await this.boss.work<JobData>(
            type,
            {
              localConcurrency: batched.concurrency,
              batchSize: batched.batchSize,
              perJobResults: true,
              burstWhenBatchFull: true,
              pollingIntervalSeconds: 0.5,
            },
            async (jobs) => this.runBatch(type, jobs, handler),
          )
        : await this.boss.work<JobData>(
            type,
            { localConcurrency: options.concurrency ?? 1, batchSize: 1, pollingIntervalSeconds: 1 },
            async ([job]) => this.run(type, job, handler),
          );
      this.workerIds.set(type, [...(this.workerIds.get(type) ?? []), id]);
    }
  }

  /** The batch's jobs run side by side, each in its own transaction; one failing retries alone. */
  private async runBatch(type: JobType, jobs: Job<JobData>[], handler: JobHandler): Promise<JobResult[]> {
    const settled = await Promise.allSettled(jobs.map((job) => this.run(type, job, handler)));
    return settled.map((result, index) =>
      result.status === "fulfilled"
        ? { id: jobs[index].id, status: "completed" }
        : { id: jobs[index].id, status: "failed", output: { message: errorMessage(result.reason) } },
    );
  }

  /** Cron through the queue: pg-boss creates one job per tick however many instances run the schedule. */
  async schedule(type: JobType, cron: string, options: { key?: string; payload?: Record<string, unknown> } = {}): Promise<void> {
    await this.ready();
    const data: JobData = { shopDomain: "", payload: options.payload ?? {} };
    await this.boss.schedule(type, cron, data as unknown as object, { tz: "UTC", key: options.key, singletonKey: options.key ?? type });
  }

  /** Runs every due job to the end, in this process, until none is left (tests and scripts). */
  async runUntilIdle(handlers: Partial<Record<JobType, JobHandler>>): Promise<number> {
    await this.ready();
    let count = 0;
    for (let progressed = true; progressed; ) {
      progressed = false;
      for (const [type, handler] of Object.entries(handlers) as [JobType, JobHandler][]) {
        const [job] = await this.boss.fetch<JobData>(type);
        if (!job) continue;
        progressed = true;
        count++;
        try {
          await this.run(type, job, handler);
          await this.boss.complete(type, job.id);
        } catch (error) {
          await this.boss.fail(type, job.id, { message: errorMessage(error) });
        }
      }
    }
    return count;
  }

  /** Jobs of a kind still waiting to run (optionally of one shop): Settings' queue view and tests. */
  async waiting(type: JobType, shopDomain?: string): Promise<{ id: string; shopDomain: string; payload: Record<string, unknown>; key: string | null; runAt: Date }[]> {
    await this.ready();
    const jobs = await this.boss.findJobs<JobData>(type, { queued: true, data: shopDomain === undefined ? undefined : { shopDomain }, limit: 10_000 });
    return jobs.map((job) => ({ id: job.id, shopDomain: job.data.shopDomain, payload: job.data.payload ?? {}, key: job.singletonKey, runAt: job.startAfter }));
  }

  /** The recurring schedules registered by workers (one row per kind, whatever the number of instances). */
  async schedules(): Promise<{ type: string; cron: string }[]> {
    await this.ready();
    return (await this.boss.getSchedules()).map((row) => ({ type: row.name, cron: row.cron }));
  }

  /** The shop's failed jobs (retries spent), newest first. */
  async deadLetters(shopDomain: string, limit = 50): Promise<DeadLetter[]> {
    await this.ready();
    const jobs = await this.boss.findJobs<JobData>(DEAD_LETTER_QUEUE, { data: { shopDomain }, limit: 1000 });
    const letters: DeadLetter[] = [];
    for (const job of jobs) {
      // The copy carries no error: it stays on the original (kept in state failed) until retention.
      const source = job.sourceName && job.sourceId ? (await this.boss.findJobs(job.sourceName, { id: job.sourceId }))[0] : undefined;
      letters.push({
        id: job.id,
        type: job.sourceName ?? "unknown",
        failedAt: source?.completedOn ?? job.createdOn,
        attempts: (job.sourceRetryCount ?? 0) + 1,
        error: outputMessage(source?.output),
      });
    }
    return letters
      .sort((a, b) => b.failedAt.getTime() - a.failedAt.getTime())
      .slice(0, limit);
  }

  /** Moves the shop's dead letters back to their queues (after a fix, or once Shopify answers again). */
  async redriveDeadLetters(shopDomain: string): Promise<number> {
    await this.ready();
    return this.boss.redrive(DEAD_LETTER_QUEUE, { data: { shopDomain } } as Parameters<PgBoss["redrive"]>[1]);
  }

  /** Removes every stored job of the shop but running ones (shop/redact); those find the shop gone. */
  async deleteShopJobs(shopDomain: string, options: { except?: JobType[] } = {}): Promise<number> {
    await this.ready();
    let deleted = 0;
    for (const name of [...Object.values(JOB_TYPES), DEAD_LETTER_QUEUE]) {
      if (options.except?.includes(name as JobType)) continue;
      const jobs = (await this.boss.findJobs(name, { data: { shopDomain }, limit: 100_000 })).filter((job) => job.state !== "active");
      if (jobs.length === 0) continue;
      await this.boss.deleteJob(name, jobs.map((job) => job.id));
      deleted += jobs.length;
    }
    return deleted;
  }

  /**
   * Stops claiming, lets running jobs finish for up to `graceMs`, then aborts them (their signal fires and
   * pg-boss hands them back for another worker). The pool stays open: its owner closes it.
   */
  async stop(graceMs = 8_000): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => {});
    await this.boss.stop({ graceful: true, close: false, timeout: graceMs });
  }

  ready(): Promise<void> {
    this.started ??= this.boss.start().then(() => undefined);
    return this.started;
  }

  private async run(type: JobType, job: Job<JobData>, handler: JobHandler): Promise<void> {
    const row: JobRow = {
      id: job.id,
      type,
      shopDomain: job.data.shopDomain,
      payload: job.data.payload ?? {},
      attempt: job.retryCount + 1,
      signal: job.signal,
    };
    const context = { jobId: row.id, type, shop: row.shopDomain || undefined, attempt: row.attempt };
    try {
      await handler(row);
      this.logger.info(context, "job succeeded");
    } catch (error) {
      this.logger.error({ ...context, err: errorMessage(error) }, "job failed");
      throw error;
    }
  }
}

/**
 * Installs or upgrades pg-boss's schema and (re)applies every kind's queue settings. Runs with the
 * database migrations, under pg-boss's advisory lock, so concurrent starts of several instances agree.
 */
export async function installJobQueue(pool: pg.Pool): Promise<void> {
  const boss = new PgBoss({ db: poolExecutor(pool), schema: JOB_QUEUE_SCHEMA, migrate: true, supervise: false, schedule: false });
  await boss.start();
  try {
    await ensureQueue(boss, DEAD_LETTER_QUEUE, DEAD_LETTER_QUEUE_OPTIONS);
    for (const type of Object.values(JOB_TYPES)) await ensureQueue(boss, type, { ...JOB_QUEUE_DEFAULTS, ...JOB_KIND_QUEUES[type] });
  } finally {
    await boss.stop({ graceful: false, close: false });
  }
}

async function ensureQueue(boss: PgBoss, name: string, options: Omit<Parameters<PgBoss["createQueue"]>[1] & object, never>): Promise<void> {
  const existing = await boss.getQueue(name);
  if (!existing) return boss.createQueue(name, options);
  // Policy, dead letter and heartbeat are fixed at creation; the rest follows the code.
  const { policy: _policy, deadLetter: _deadLetter, heartbeatSeconds: _heartbeat, retryDelayMax: _max, ...updatable } = options as Record<string, unknown>;
  await boss.updateQueue(name, updatable);
}

/** Concurrent batched enqueues: at most this many rows per insert, gathered for at most this long. */
const INSERT_BATCH_MAX = 200;
const INSERT_BATCH_WAIT_MS = 1;

function poolExecutor(pool: pg.Pool) {
  return { executeSql: (text: string, values?: unknown[]) => pool.query(text, values as unknown[]) };
}

/**
 * pg-boss's LISTEN capability over our pool: one connection held for listening, re-subscribed after it
 * breaks (pg-boss then polls once for what it missed).
 */
function poolListener(pool: pg.Pool, onError: (error: Error) => void) {
  return async (channel: string, onNotification: (payload: string) => void, onReconnect: () => void) => {
    let client: { connection: pg.PoolClient; release: (error?: Error) => void } | null = null;
    let closed = false;
    let retry: NodeJS.Timeout | undefined;
    const resubscribe = () => {
      if (closed) return;
      retry = setTimeout(() => subscribe().catch((error: Error) => (onError(error), resubscribe())), 1_000);
    };
    const subscribe = async (): Promise<void> => {
      const connection = await pool.connect();
      const onMessage = (message: pg.Notification) => {
        if (message.channel === channel) onNotification(message.payload ?? "");
      };
      let released = false;
      /** Back to the pool exactly once (with the error, the pool discards the connection). */
      const release = (error?: Error) => {
        if (released) return;
        released = true;
        connection.off("notification", onMessage);
        connection.release(error);
      };
      const onConnectionError = (error: Error) => {
        // After our release the connection is the pool's, which handles its errors itself.
        if (released) return;
        onError(error);
        release(error);
        if (client?.connection === connection) client = null;
        resubscribe();
      };
      connection.on("notification", onMessage).on("error", onConnectionError);
      try {
        await connection.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (error) {
        release(error as Error);
        throw error;
      }
      client = { connection, release };
      onReconnect();
    };
    await subscribe();
    return {
      async close() {
        closed = true;
        clearTimeout(retry);
        const listening = client;
        client = null;
        if (!listening) return;
        await listening.connection.query("UNLISTEN *").catch(() => {});
        listening.release();
      },
    };
  };
}

function clientExecutor(db: Queryable) {
  return { executeSql: (text: string, values?: unknown[]) => db.query(text, values as unknown[]) };
}

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000);
}

function outputMessage(output: unknown): string | null {
  if (output && typeof output === "object" && "message" in output) return String((output as { message: unknown }).message).slice(0, 500);
  return null;
}
