import { Router } from "express";
import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import type { ModelRepository } from "../../infra/metrics/model-repository";
import type { ScoringRunRegistry } from "../../infra/metrics/scoring-run-registry";
import { AppError } from "../errors";
import { apiContext } from "../middleware/authenticate-api";
import { requireShop } from "../require-shop";

/**
 * POST /api/scoring/runs: "re-score now", queued for a worker (202); 409 while a run for the shop is queued or
 * running on any instance. GET /api/scoring/runs/latest: live progress of a run in progress, and the latest
 * ScoringRun row (its outcome once finished).
 */
export function scoringRunsRouter(deps: { shops: ShopRepository; models: ModelRepository; runs: ScoringRunRegistry }): Router {
  const router = Router();

  router.post("/", async (_req, res) => {
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    const result = await deps.runs.start(shop.domain);
    if (!result.started) throw new AppError("CONFLICT", "A scoring run for this shop is already in progress");
    res.status(202).json({ running: true, startedAt: result.run.startedAt.toISOString(), progress: result.run.progress });
  });

  router.get("/latest", async (_req, res) => {
    const { shopDomain } = apiContext(res);
    // While a run is live its progress is all the poller needs: answered from memory, no query competing with
    // the job's transaction (on embedded PGlite every connection shares one backend).
    const live = await deps.runs.current(shopDomain);
    if (live) return void res.json({ running: true, progress: live.progress, startedAt: live.startedAt.toISOString(), run: null });
    const shop = await requireShop(deps.shops, shopDomain);
    res.json({ running: false, progress: null, startedAt: null, run: await deps.models.latestScoringRun(shop.id) });
  });

  return router;
}
