import type pg from "pg";

type Queryable = Pick<pg.ClientBase, "query">;

/** Full scoring runs whose scores stay in a customer's history (beside the current score). */
export const SCORE_HISTORY_RUNS = 12;

/**
 * Before a full run replaces a shop's scores: copies the current scores into CustomerScoreSnapshot (one
 * statement, server-side) and drops snapshots older than the newest SCORE_HISTORY_RUNS runs. Runs inside the
 * replacing transaction, so history and scores change together.
 */
export async function snapshotShopScores(db: Queryable, shopId: string): Promise<void> {
  await db.query(
    `INSERT INTO "CustomerScoreSnapshot" (id, "shopId", "customerId", "scoredAt", model, "pAlive", "pRepeat90", "predictedClv365", "rfmSegment")
     SELECT gen_random_uuid()::text, "shopId", "customerId", "scoredAt", model, "pAlive", "pRepeat90", "predictedClv365", "rfmSegment"
     FROM "CustomerScore" WHERE "shopId" = $1`,
    [shopId],
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
     FROM "CustomerScoreSnapshot" WHERE "shopId" = $1 AND "customerId" = $2 ORDER BY "scoredAt" DESC LIMIT $3`,
    [shopId, customerId, SCORE_HISTORY_RUNS],
  );
  return rows.map((row) => ({ ...row, predictedClv365: Number(row.predictedClv365) }));
}
