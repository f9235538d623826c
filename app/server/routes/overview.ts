import { Router } from "express";
import { overviewFromAggregates } from "../../domain/metrics/overview";
import type { OverviewRepository } from "../../infra/db/repositories/overview-repository";
import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import { apiContext } from "../middleware/authenticate-api";

/** GET /api/overview: the shop's headline retention numbers. */
export function overviewRouter(deps: { overview: OverviewRepository; shops: ShopRepository }): Router {
  const router = Router();
  router.get("/", async (_req, res) => {
    const { shopDomain } = apiContext(res);
    const [aggregates, shop] = await Promise.all([deps.overview.aggregates(shopDomain), deps.shops.findByDomain(shopDomain)]);
    res.json({ shop: shopDomain, currency: shop?.currency ?? "USD", ...overviewFromAggregates(aggregates) });
  });
  return router;
}
