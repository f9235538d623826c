import type { Queryable } from "../db/repositories/commerce-write-repository";
import { JOB_TYPES } from "../jobs/job-kinds";
import { JOB_QUEUE_SCHEMA } from "../jobs/job-queue";

export const RESCORE_SCHEDULES = ["nightly", "weekly", "off"] as const;
export type RescoreSchedule = (typeof RESCORE_SCHEDULES)[number];

/** Installed shops whose scheduled re-scoring starts in `now`'s UTC hour ("weekly" runs on Sundays). */
export async function shopsDueForRescoring(db: Queryable, now: Date): Promise<string[]> {
  const { rows } = await db.query<{ domain: string }>(
    `SELECT domain FROM "Shop"
     WHERE "uninstalledAt" IS NULL AND "rescoreHourUtc" = $1
       AND ("rescoreSchedule" = 'nightly' OR ("rescoreSchedule" = 'weekly' AND $2::int = 0))
     ORDER BY domain`,
    [now.getUTCHours(), now.getUTCDay()],
  );
  return rows.map((row) => row.domain);
}

/**
 * Installed shops whose history import has stalled: a SyncRun unfinished since before `before`, and no
 * backfill job of the shop waiting, or running on a live worker. Age alone is no sign of a stall (a
 * 1M-order shop's bulk operation and import can take longer than half an hour, and queueing a second
 * backfill behind a live one made it start over once the first had finished). SyncRun has no column that
 * moves with progress at every stage (committedLine does not move while Shopify prepares the file), so the
 * import's progress is judged from its worker: pg-boss refreshes `heartbeat_on` of a running job every few
 * seconds while the worker lives, and a dead worker's claim lapses after the kind's `heartbeatSeconds`
 * (what pg-boss's own supervisor checks), or after `expireInSeconds` for a kind without a heartbeat.
 */
export async function unfinishedSyncShops(db: Queryable, before: Date): Promise<string[]> {
  const { rows } = await db.query<{ domain: string }>(
    `SELECT DISTINCT s.domain FROM "SyncRun" r JOIN "Shop" s ON s.id = r."shopId"
     WHERE s."uninstalledAt" IS NULL AND r.status NOT IN ('succeeded', 'failed') AND r."startedAt" < $1
       AND NOT EXISTS (
         SELECT 1 FROM ${JOB_QUEUE_SCHEMA}.job j
         WHERE j.name = $2 AND j.data->>'shopDomain' = s.domain
           AND (j.state IN ('created', 'retry')
                OR (j.state = 'active'
                    AND (j.heartbeat_seconds IS NULL OR j.heartbeat_on + j.heartbeat_seconds * interval '1 second' >= now())
                    AND j.started_on + j.expire_seconds * interval '1 second' >= now())))
     ORDER BY s.domain`,
    [before, JOB_TYPES.backfill],
  );
  return rows.map((row) => row.domain);
}
