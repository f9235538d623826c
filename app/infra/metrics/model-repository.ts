import type pg from "pg";

type Queryable = Pick<pg.Pool, "query">;

export interface StoredModelRecord {
  selectedModel: string;
  timeUnit: string;
  /** StoredScoringModel JSON (app/infra/scoring/score-repository.ts): { model, selection } */
  fits: unknown;
  /** Record<model name, BacktestResult> or null when the history was too short to hold any out */
  backtest: unknown;
  confidence: string;
  customers: number;
  repeatCustomers: number;
  observationEnd: Date;
  fittedAt: Date;
}

export interface RunRecord {
  id: string;
  status: string;
  trigger?: string;
  resource?: string;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  customersTotal?: number | null;
  customersScored?: number;
}

/** Reads for the Model page: the stored fit, the latest scoring run and the latest data sync. */
export class ModelRepository {
  constructor(private readonly db: Queryable) {}

  async model(shopId: string): Promise<StoredModelRecord | null> {
    const { rows } = await this.db.query(
      `SELECT "selectedModel", "timeUnit", fits, backtest, confidence, customers, "repeatCustomers", "observationEnd", "fittedAt"
       FROM "ScoringModel" WHERE "shopId" = $1`,
      [shopId],
    );
    return rows[0] ?? null;
  }

  async latestScoringRun(shopId: string): Promise<RunRecord | null> {
    const { rows } = await this.db.query(
      `SELECT id, status, trigger, "startedAt", "finishedAt", error, "customersTotal", "customersScored"
       FROM "ScoringRun" WHERE "shopId" = $1 ORDER BY "startedAt" DESC LIMIT 1`,
      [shopId],
    );
    return rows[0] ?? null;
  }

  /** The latest sync run and the latest successful one (a failed run does not make data fresher). */
  async syncRuns(shopId: string): Promise<{ latest: RunRecord | null; lastSucceeded: RunRecord | null }> {
    const { rows } = await this.db.query(
      `(SELECT 'latest' AS which, id, status, resource, "startedAt", "finishedAt", error FROM "SyncRun"
        WHERE "shopId" = $1 ORDER BY "startedAt" DESC LIMIT 1)
       UNION ALL
       (SELECT 'succeeded', id, status, resource, "startedAt", "finishedAt", error FROM "SyncRun"
        WHERE "shopId" = $1 AND status = 'succeeded' ORDER BY "finishedAt" DESC LIMIT 1)`,
      [shopId],
    );
    const pick = (which: string) => {
      const row = rows.find((candidate) => candidate.which === which);
      if (!row) return null;
      const { which: _which, ...run } = row;
      return run as RunRecord;
    };
    return { latest: pick("latest"), lastSucceeded: pick("succeeded") };
  }
}
