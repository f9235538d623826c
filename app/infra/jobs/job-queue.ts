import type pg from "pg";
import type { Queryable } from "../db/repositories/commerce-write-repository";

export interface JobRow {
  id: string;
  shopDomain: string;
  type: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export interface EnqueueOptions {
  shopDomain: string;
  type: string;
  /** Identifiers only: job rows outlive requests, so they must hold no customer PII. */
  payload: Record<string, unknown>;
  /** While a job with this key is pending or running, enqueueing again is a no-op. */
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/** A lock older than this belongs to a crashed worker; its job is claimed again. */
const STALE_LOCK_MS = 10 * 60_000;

/**
 * The durable job table (model Job). Enqueue inside the caller's transaction (a webhook's effects and its
 * deferred work commit together); workers claim with FOR UPDATE SKIP LOCKED, so several processes can share it.
 */
export async function enqueueJob(db: Queryable, job: EnqueueOptions): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO "Job" (id, "shopDomain", type, payload, status, attempts, "maxAttempts", "runAt", "dedupeKey", "createdAt", "updatedAt")
     VALUES (gen_random_uuid()::text, $1, $2, $3::jsonb, 'pending', 0, $4, coalesce($5, now()), $6, now(), now())
     ON CONFLICT ("dedupeKey") DO NOTHING`,
    [job.shopDomain, job.type, JSON.stringify(job.payload), job.maxAttempts ?? 5, job.runAt ?? null, job.dedupeKey ?? null],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function claimJob(pool: pg.Pool, workerId: string, types: string[]): Promise<JobRow | null> {
  const { rows } = await pool.query<JobRow>(
    `UPDATE "Job" SET status = 'running', "lockedAt" = now(), "lockedBy" = $1, attempts = attempts + 1, "updatedAt" = now()
     WHERE id = (
       SELECT id FROM "Job"
       WHERE type = ANY($2::text[])
         AND ((status = 'pending' AND "runAt" <= now())
              OR (status = 'running' AND "lockedAt" < now() - make_interval(secs => $3)))
       ORDER BY "runAt" LIMIT 1 FOR UPDATE SKIP LOCKED
     )
     RETURNING id, "shopDomain", type, payload, attempts, "maxAttempts"`,
    [workerId, types, STALE_LOCK_MS / 1000],
  );
  return rows[0] ?? null;
}

/** Finished jobs release their dedupe key, so the same work can be requested again later. */
export async function completeJob(pool: pg.Pool, id: string): Promise<void> {
  await pool.query(
    `UPDATE "Job" SET status = 'succeeded', "lockedAt" = NULL, "lockedBy" = NULL, "dedupeKey" = NULL, "updatedAt" = now() WHERE id = $1`,
    [id],
  );
}

/** Retries with exponential backoff until maxAttempts, then marks the job failed. */
export async function failJob(pool: pg.Pool, job: JobRow, error: unknown): Promise<"retry" | "failed"> {
  const finalAttempt = job.attempts >= job.maxAttempts;
  const message = error instanceof Error ? error.message : String(error);
  await pool.query(
    `UPDATE "Job" SET status = $2, "lastError" = $3, "lockedAt" = NULL, "lockedBy" = NULL,
            "runAt" = now() + make_interval(secs => $4), "dedupeKey" = CASE WHEN $2 = 'failed' THEN NULL ELSE "dedupeKey" END,
            "updatedAt" = now()
     WHERE id = $1`,
    [job.id, finalAttempt ? "failed" : "pending", message.slice(0, 2000), Math.min(2 ** job.attempts, 600)],
  );
  return finalAttempt ? "failed" : "retry";
}
