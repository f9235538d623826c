import type { Queryable } from "../db/repositories/commerce-write-repository";

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

/** Installed shops with a history import that started before `before` and never finished. */
export async function unfinishedSyncShops(db: Queryable, before: Date): Promise<string[]> {
  const { rows } = await db.query<{ domain: string }>(
    `SELECT DISTINCT s.domain FROM "SyncRun" r JOIN "Shop" s ON s.id = r."shopId"
     WHERE s."uninstalledAt" IS NULL AND r.status NOT IN ('succeeded', 'failed') AND r."startedAt" < $1
     ORDER BY s.domain`,
    [before],
  );
  return rows.map((row) => row.domain);
}
