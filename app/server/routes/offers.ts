import { Router } from "express";
import { LIFT_WINDOW_DAYS, offerPerformance } from "../../domain/offers/offer-performance";
import { offerVerdict } from "../../domain/offers/offer-verdict";
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
 * /api/offers: CRUD (every invalid field → 400 naming it, nothing stored), /:id/performance (issued,
 * redeemed, revenue, cost, the incremental repeat rate against the control group and a verdict) and
 * /performance (the same for every offer of the shop, for the offers list).
 */
export function offersRouter(deps: OffersRouterDependencies): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const shopOf = async (res: Parameters<typeof apiContext>[0]) => requireShop(deps.shops, apiContext(res).shopDomain);
  const found = <T>(value: T | null): T => {
    if (value === null) throw new AppError("NOT_FOUND", "Offer not found");
    return value;
  };

  const performanceOf = async (shopId: string, offerId: string) => {
    const performance = offerPerformance(await deps.decisions.performanceAggregates(shopId, offerId, now(), LIFT_WINDOW_DAYS));
    return { offerId, ...performance, verdict: offerVerdict(performance) };
  };

  router.get("/", async (_req, res) => {
    const shop = await shopOf(res);
    res.json({ offers: (await deps.offers.list(shop.id)).map(offerJson) });
  });

  // Before /:id, which would take "performance" for an id. One aggregate query per offer, one after the other:
  // a shop has a handful of offers, and on embedded PGlite queries do not run side by side anyway.
  router.get("/performance", async (_req, res) => {
    const shop = await shopOf(res);
    const offers = await deps.offers.list(shop.id);
    const rows = [];
    for (const offer of offers) rows.push(await performanceOf(shop.id, offer.id));
    res.json({ currency: shop.currency, offers: rows });
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
    const { offerId, ...performance } = await performanceOf(shop.id, offer.id);
    res.json({ offerId, currency: shop.currency, ...performance });
  });

  return router;
}
