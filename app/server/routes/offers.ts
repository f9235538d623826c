import { Router } from "express";
import { LIFT_WINDOW_DAYS, offerPerformance } from "../../domain/offers/offer-performance";
import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import type { OfferDecisionRepository } from "../../infra/offers/offer-decision-repository";
import type { OfferRepository } from "../../infra/offers/offer-repository";
import { AppError } from "../errors";
import { requireShop } from "../require-shop";
import { apiContext } from "../middleware/authenticate-api";
import { offerJson, parseOfferTerms } from "./offers-input";

export interface OffersRouterDependencies {
  shops: ShopRepository;
  offers: OfferRepository;
  decisions: OfferDecisionRepository;
  now?: () => Date;
}

/**
 * /api/offers: CRUD (every invalid field → 400 naming it, nothing stored) and /:id/performance (issued,
 * redeemed, revenue, cost and the incremental repeat rate against the control group).
 */
export function offersRouter(deps: OffersRouterDependencies): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const shopOf = async (res: Parameters<typeof apiContext>[0]) => requireShop(deps.shops, apiContext(res).shopDomain);
  const found = <T>(value: T | null): T => {
    if (value === null) throw new AppError("NOT_FOUND", "Offer not found");
    return value;
  };

  router.get("/", async (_req, res) => {
    const shop = await shopOf(res);
    res.json({ offers: (await deps.offers.list(shop.id)).map(offerJson) });
  });

  router.post("/", async (req, res) => {
    const shop = await shopOf(res);
    const terms = parseOfferTerms(req.body);
    res.status(201).json({ offer: offerJson(await deps.offers.create(shop.id, terms)) });
  });

  router.get("/:id", async (req, res) => {
    const shop = await shopOf(res);
    res.json({ offer: offerJson(found(await deps.offers.find(shop.id, req.params.id))) });
  });

  router.put("/:id", async (req, res) => {
    const shop = await shopOf(res);
    const terms = parseOfferTerms(req.body);
    res.json({ offer: offerJson(found(await deps.offers.update(shop.id, req.params.id, terms))) });
  });

  router.patch("/:id", async (req, res) => {
    const shop = await shopOf(res);
    const { id: _id, createdAt: _createdAt, ...stored } = offerJson(found(await deps.offers.find(shop.id, req.params.id)));
    const terms = parseOfferTerms({ ...stored, ...(typeof req.body === "object" && req.body !== null ? req.body : {}) });
    res.json({ offer: offerJson(found(await deps.offers.update(shop.id, req.params.id, terms))) });
  });

  router.delete("/:id", async (req, res) => {
    const shop = await shopOf(res);
    found((await deps.offers.delete(shop.id, req.params.id)) || null);
    res.status(204).end();
  });

  router.get("/:id/performance", async (req, res) => {
    const shop = await shopOf(res);
    const offer = found(await deps.offers.find(shop.id, req.params.id));
    const aggregates = await deps.decisions.performanceAggregates(shop.id, offer.id, now(), LIFT_WINDOW_DAYS);
    res.json({ offerId: offer.id, currency: shop.currency, ...offerPerformance(aggregates) });
  });

  return router;
}
