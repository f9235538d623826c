import type pg from "pg";
import { timeOrderedId } from "../db/time-ordered-ids";

type Queryable = Pick<pg.ClientBase, "query">;

/** Full scoring runs whose scores stay in a customer's history (beside the current score). */
export const SCORE_HISTORY_RUNS = 12;

/**
 * Before a full run replaces a shop's scores: copies the current scores into CustomerScoreSnapshot (one
 * statement, server-side) and drops snapshots older than the newest SCORE_HISTORY_RUNS runs. A small shop's run
 * does this inside the replacing transaction, so history and scores change together; a large shop's run does it
 * on another connection while the new set is built (see dropSnapshotsOfLiveScores for why that stays consistent).
 */
export async function snapshotShopScores(db: Queryable, shopId: string): Promise<void> {
  // Time-ordered ids (one random UUIDv7 prefix per run, then the row's number) append to the right edge of the
  // primary key, where random ids dirty a random leaf of a many-million-row index per row; the rows go in
  // customerId order to walk the (customerId, scoredAt) index once instead of at random (neither measured apart:
  // a large shop's snapshot runs beside the build, off the save's critical path).
  const prefix = timeOrderedId().slice(0, 24);
  await db.query(
    `INSERT INTO "CustomerScoreSnapshot" (id, "shopId", "customerId", "scoredAt", model, "pAlive", "pRepeat90", "predictedClv365", "rfmSegment")
     SELECT $2 || lpad(to_hex(row_number() OVER ()), 12, '0'), "shopId", "customerId", "scoredAt", model, "pAlive", "pRepeat90", "predictedClv365", "rfmSegment"
     FROM (SELECT * FROM "CustomerScore" WHERE "shopId" = $1 ORDER BY "customerId") AS current`,
    [shopId, prefix],
  );
  // Every row of one full run shares its scoredAt; a re-scored customer's own scoredAt is newer and survives
  // until the run boundary passes it.
  await db.query(
    `DELETE FROM "CustomerScoreSnapshot" WHERE "shopId" = $1 AND "scoredAt" < (
       SELECT min("scoredAt") FROM (
         SELECT DISTINCT "scoredAt" FROM "CustomerScoreSnapshot" WHERE "shopId" = $1 ORDER BY "scoredAt" DESC LIMIT $2
       ) newest)`,
    [shopId, SCORE_HISTORY_RUNS],
  );
}

/**
 * History holds earlier scores only: a snapshot row equal to the customer's live score (same scoredAt) is not
 * one. They arise when a large shop's snapshot, committed on its own connection before the swap, is followed by
 * a swap that failed or never happened (a crash), and for a re-score carried over into the new set. Deleted
 * before each such snapshot and after each such swap, failed or not; customerScoreHistory hides them meanwhile.
 * Only rows as new as the live set's oldest score can match, found by the (shopId, scoredAt) index.
 */
export async function dropSnapshotsOfLiveScores(db: Queryable, shopId: string): Promise<void> {
  await db.query(
    `DELETE FROM "CustomerScoreSnapshot" h USING "CustomerScore" s
     WHERE h."shopId" = $1 AND h."scoredAt" >= (SELECT min("scoredAt") FROM "CustomerScore" WHERE "shopId" = $1)
       AND s."shopId" = $1 AND s."customerId" = h."customerId" AND s."scoredAt" = h."scoredAt"`,
    [shopId],
  );
}

export interface ScoreHistoryPoint {
  scoredAt: Date;
  model: string;
  pAlive: number;
  pRepeat90: number;
  predictedClv365: number;
  rfmSegment: string;
}

/** A customer's earlier scores, newest first (the current score is not among them). */
export async function customerScoreHistory(db: Pick<pg.Pool, "query">, shopId: string, customerId: string): Promise<ScoreHistoryPoint[]> {
  const { rows } = await db.query(
    `SELECT "scoredAt", model, "pAlive", "pRepeat90", "predictedClv365"::text AS "predictedClv365", "rfmSegment"
     FROM "CustomerScoreSnapshot"
     WHERE "shopId" = $1 AND "customerId" = $2
       -- Earlier than the current score: a large shop's snapshot is committed just before its set is swapped in.
       AND "scoredAt" < coalesce((SELECT "scoredAt" FROM "CustomerScore" WHERE "customerId" = $2 AND "shopId" = $1), 'infinity')
     ORDER BY "scoredAt" DESC LIMIT $3`,
    [shopId, customerId, SCORE_HISTORY_RUNS],
  );
  return rows.map((row) => ({ ...row, predictedClv365: Number(row.predictedClv365) }));
}
