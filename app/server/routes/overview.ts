import { Router } from "express";
import { overviewFromAggregates } from "../../domain/metrics/overview";
import type { OverviewRepository } from "../../infra/db/repositories/overview-repository";
import { apiContext } from "../middleware/authenticate-api";

/** GET /api/overview: the shop's headline retention numbers. */
export function overviewRouter(deps: { overview: OverviewRepository }): Router {
  const router = Router();
  router.get("/", async (_req, res) => {
    const { shopDomain } = apiContext(res);
    const overview = overviewFromAggregates(await deps.overview.aggregates(shopDomain));
    res.json({ shop: shopDomain, ...overview });
  });
  return router;
}
