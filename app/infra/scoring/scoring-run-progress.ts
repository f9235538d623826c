import type pg from "pg";
import type { ScoringProgress } from "./score-shop";

/** Progress rows are written at most this often; the heartbeat says the run is alive between stages. */
const WRITE_EVERY_MS = 1_000;
export const SCORING_HEARTBEAT_MS = 15_000;
/** A "running" ScoringRun whose heartbeat is older than this lost its worker (crash, kill -9). */
export const SCORING_RUN_STALE_MS = 60_000;

/**
 * Keeps a running ScoringRun's live progress in its row, so any web instance can answer "how far is the
 * re-score" whichever worker runs it. Writes are throttled and never awaited by the scoring itself (on PGlite
 * they queue behind the score transaction, which is fine: the local process answers from memory meanwhile).
 */
export function scoringRunProgressWriter(pool: pg.Pool, runId: string) {
  let last = 0;
  let latest: ScoringProgress | null = null;
  const write = () => {
    last = Date.now();
    const progress = latest;
    void pool
      .query(`UPDATE "ScoringRun" SET phase = $2, "progressDone" = $3, "progressTotal" = $4, "heartbeatAt" = now() WHERE id = $1 AND status = 'running'`, [
        runId,
        progress?.phase ?? null,
        progress?.done ?? 0,
        progress?.total ?? 0,
      ])
      .catch(() => {});
  };
  const heartbeat = setInterval(write, SCORING_HEARTBEAT_MS);
  heartbeat.unref();
  return {
    update(progress: ScoringProgress) {
      const newStage = progress.phase !== latest?.phase;
      latest = progress;
      if (newStage || Date.now() - last >= WRITE_EVERY_MS) write();
    },
    stop() {
      clearInterval(heartbeat);
    },
  };
}
