import { Router } from "express";
import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import type { ActivityRepository } from "../../infra/activation/activity-repository";
import { apiContext } from "../middleware/authenticate-api";
import { requireShop } from "../require-shop";

/** GET /api/settings/activity: the metafield syncs and Flow triggers Encore sent to the shop's Shopify. */
export function activityRouter(deps: { shops: ShopRepository; activity: ActivityRepository }): Router {
  const router = Router();
  router.get("/activity", async (_req, res) => {
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    res.json(await deps.activity.forShop(shop.id));
  });
  return router;
}
