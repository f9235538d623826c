import { Router } from "express";
import { importPercent } from "../../domain/sync/bulk-jsonl";
import type { SyncRunRepository } from "../../infra/db/repositories/sync-run-repository";
import { apiContext } from "../middleware/authenticate-api";

/** GET /api/sync/status: the latest history import of each resource, with progress. */
export function syncStatusRouter(deps: { syncRuns: SyncRunRepository }): Router {
  const router = Router();
  router.get("/status", async (_req, res) => {
    const { shopDomain } = apiContext(res);
    const runs = await deps.syncRuns.latestByResource(shopDomain);
    res.json({
      shop: shopDomain,
      runs: runs.map((run) => ({
        resource: run.resource,
        status: run.status,
        linesRead: run.linesRead,
        totalLines: run.totalLines,
        percent: run.status === "succeeded" ? 100 : importPercent(run.linesRead, run.totalLines),
        ordersImported: run.ordersImported,
        customersImported: run.customersImported,
        malformedLines: run.malformedLines,
        error: run.error,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
      })),
    });
  });
  return router;
}
