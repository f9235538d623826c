import type pg from "pg";
import { withTransaction } from "../db/transaction";
import { JOB_TYPES, type JobType } from "./job-kinds";
import type { JobEnqueuer } from "./job-queue";

/**
 * Hands the waiting jobs of the hand-written queue (set aside in encore_legacy."Job" by the migration to
 * pg-boss) to pg-boss, with their dedupe keys and due times, then drops the old table. One transaction:
 * a crash halfway leaves the table for the next start, and pg-boss's dedupe keys make the repeat harmless.
 * Running jobs were interrupted by the upgrade, so they are handed over too.
 */
export async function migrateLegacyJobs(pool: pg.Pool, jobs: JobEnqueuer): Promise<number> {
  const { rows: exists } = await pool.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'encore_legacy' AND tablename = 'Job'`);
  if (exists.length === 0) return 0;
  await jobs.ready();
  return withTransaction(pool, async (tx) => {
    // Several instances start at once: one hands the jobs over, the others then find the table gone.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('encore.legacy-jobs'))`);
    // A scan of the catalog, not to_regclass: the latter reads this session's cache, which an advisory lock
    // does not refresh, so it could still see a table the instance holding the lock before us dropped.
    const { rows: still } = await tx.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'encore_legacy' AND tablename = 'Job'`);
    if (still.length === 0) return 0;
    const { rows } = await tx.query<{ shopDomain: string; type: string; payload: Record<string, unknown>; runAt: Date; dedupeKey: string | null }>(
      `SELECT "shopDomain", type, payload, "runAt", "dedupeKey" FROM encore_legacy."Job"
       WHERE status IN ('pending', 'running') ORDER BY "runAt" FOR UPDATE`,
    );
    let moved = 0;
    for (const row of rows) {
      if (!isJobType(row.type)) continue;
      const sent = await jobs.enqueue(tx, { shopDomain: row.shopDomain, type: row.type, payload: row.payload ?? {}, runAt: row.runAt, dedupeKey: row.dedupeKey ?? undefined });
      if (sent) moved++;
    }
    await tx.query(`DROP TABLE encore_legacy."Job"`);
    await tx.query(`DROP SCHEMA IF EXISTS encore_legacy`);
    return moved;
  });
}

function isJobType(type: string): type is JobType {
  return (Object.values(JOB_TYPES) as string[]).includes(type);
}
