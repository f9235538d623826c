import { Router } from "express";
import { z } from "zod";
import type { Database } from "../../infra/db/database";
import { readScoreSummary } from "../../infra/scoring/score-summary";
import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import { AppError } from "../errors";
import { requireShop } from "../require-shop";
import { apiContext } from "../middleware/authenticate-api";
import { parseInput } from "../validation";

const customerParams = z.object({ id: z.string().trim().min(1).max(200) });

/** GET /api/scores/summary and GET /api/customers/:id/score. */
export function scoresRouter(deps: { db: Database; shops: ShopRepository }): Router {
  const router = Router();
  router.get("/scores/summary", async (_req, res) => {
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    res.json(await readScoreSummary(deps.db.prisma, shop.id));
  });
  router.get("/customers/:id/score", async (req, res) => {
    const { id } = parseInput(customerParams, req.params);
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    // The id may be Encore's customer id or the Shopify GID / numeric id the merchant knows.
    const gid = /^\d+$/.test(id) ? `gid://shopify/Customer/${id}` : id;
    const customer = await deps.db.prisma.customer.findFirst({
      where: { shopId: shop.id, OR: [{ id }, { shopifyGid: gid }] },
      select: { id: true, shopifyGid: true, scores: true },
    });
    if (!customer) throw new AppError("NOT_FOUND", `No customer ${id}`);
    const score = customer.scores[0];
    if (!score) throw new AppError("NOT_FOUND", `Customer ${id} has no score yet (no orders, or scoring has not run)`);
    res.json({ customerId: customer.id, shopifyGid: customer.shopifyGid, ...serializeScore(score) });
  });
  return router;
}

function serializeScore(score: Record<string, unknown>) {
  const { id: _id, shopId: _shopId, customerId: _customerId, ...rest } = score;
  return Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, typeof value === "object" && value !== null && "toFixed" in value ? Number(value) : value]),
  );
}
