import { Router } from "express";
import { z } from "zod";
import { OFFER_KINDS, type Offer } from "../../domain/offers/offer";
import { AUTO_BANDS } from "../../domain/offers/auto-incentive";
import { LIFT_WINDOW_DAYS, offerPerformance } from "../../domain/offers/offer-performance";
import { offerVerdict } from "../../domain/offers/offer-verdict";
import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import { AUTO_TRAILING_DAYS, type OfferUseCases } from "../../infra/offers/issue-coupon-for-order";
import type { OfferDecisionRepository } from "../../infra/offers/offer-decision-repository";
import type { OfferRepository } from "../../infra/offers/offer-repository";
import { AppError } from "../errors";
import { requireShop } from "../require-shop";
import { apiContext } from "../middleware/authenticate-api";
import { parseInput } from "../validation";
import { offerJson, parseOfferTerms, parseOfferUpdate } from "./offers-input";

const listQuery = z.object({ kind: z.enum(OFFER_KINDS, { error: "Choose next_purchase, win_back or birthday" }).optional() });

export interface OffersRouterDependencies {
  shops: ShopRepository;
  offers: OfferRepository;
  decisions: OfferDecisionRepository;
  /** For /:id/auto-bands: the per-band decisions the issuing path uses (its computation and cache). */
  useCases: Pick<OfferUseCases, "currentAutoBands">;
  now?: () => Date;
}

/**
 * /api/offers: CRUD (every invalid field → 400 naming it, nothing stored), /:id/performance (issued,
 * redeemed, revenue, cost, the incremental repeat rate against the control group and a verdict) and
 * /performance (the same for every offer of the shop, for the offers list), /:id/auto-bands (what automatic
 * targeting decides per P(repeat) band, and why). Every kind (next purchase,
 * win-back, birthday) is listed and measured the same way; `?kind=` narrows the list and /performance.
 */
export function offersRouter(deps: OffersRouterDependencies): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const shopOf = async (res: Parameters<typeof apiContext>[0]) => requireShop(deps.shops, apiContext(res).shopDomain);
  const found = <T>(value: T | null): T => {
    if (value === null) throw new AppError("NOT_FOUND", "Offer not found");
    return value;
  };

  // Per offer, whatever its kind: a win-back or birthday decision has no order, so its repeat window starts
  // when it was decided (see OfferDecisionRepository.performanceAggregates).
  const performanceOf = async (shopId: string, offer: Offer) => {
    const performance = offerPerformance(await deps.decisions.performanceAggregates(shopId, offer.id, now(), LIFT_WINDOW_DAYS));
    return { offerId: offer.id, kind: offer.kind, ...performance, verdict: offerVerdict(performance) };
  };

  router.get("/", async (req, res) => {
    const shop = await shopOf(res);
    const { kind } = parseInput(listQuery, req.query);
    res.json({ offers: (await deps.offers.list(shop.id, kind)).map(offerJson) });
  });

  // Before /:id, which would take "performance" for an id. One aggregate query per offer, one after the other:
  // a shop has a handful of offers, and on embedded PGlite queries do not run side by side anyway.
  router.get("/performance", async (req, res) => {
    const shop = await shopOf(res);
    const { kind } = parseInput(listQuery, req.query);
    const offers = await deps.offers.list(shop.id, kind);
    const rows = [];
    for (const offer of offers) rows.push(await performanceOf(shop.id, offer));
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
    const terms = parseOfferUpdate(found(await deps.offers.find(shop.id, req.params.id)), req.body);
    res.json({ offer: offerJson(found(await deps.offers.update(shop.id, req.params.id, terms))) });
  });

  router.patch("/:id", async (req, res) => {
    const shop = await shopOf(res);
    const offer = found(await deps.offers.find(shop.id, req.params.id));
    const { id: _id, createdAt: _createdAt, ...stored } = offerJson(offer);
    const terms = parseOfferUpdate(offer, { ...stored, ...(typeof req.body === "object" && req.body !== null ? req.body : {}) });
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
    const { offerId, ...performance } = await performanceOf(shop.id, offer);
    res.json({ offerId, currency: shop.currency, ...performance });
  });

  // Any targeting mode: for a manual offer the bands say what auto targeting would do with its history.
  router.get("/:id/auto-bands", async (req, res) => {
    const shop = await shopOf(res);
    const offer = found(await deps.offers.find(shop.id, req.params.id));
    const decisions = await deps.useCases.currentAutoBands(shop.id, offer, now());
    res.json({
      offerId: offer.id,
      targetingMode: offer.targetingMode,
      currency: shop.currency,
      windowDays: LIFT_WINDOW_DAYS,
      trailingDays: AUTO_TRAILING_DAYS,
      bands: decisions.map((decision) => {
        const band = AUTO_BANDS.find((candidate) => candidate.id === decision.bandId)!;
        return {
          bandId: band.id,
          label: band.label,
          min: band.min,
          max: band.max,
          decision: decision.decision,
          reasonCode: decision.reasonCode,
          reason: decision.reason,
          split: decision.split,
          confidence: decision.confidence,
          minCustomersPerArm: decision.minCustomersPerArm,
          measured: decision.measured,
          lift: decision.lift && {
            issuedRate: decision.lift.issuedRate,
            controlRate: decision.lift.controlRate,
            difference: decision.lift.difference,
            interval: decision.lift.interval,
          },
          redemptionRate: decision.redemptionRate,
          costPerCustomer: decision.costPerIssuedCustomer,
          meanRepeatOrderValue: decision.meanRepeatOrderValue,
          breakEvenLift: decision.breakEvenLift,
          incrementalProfit: decision.incrementalProfit,
        };
      }),
    });
  });

  return router;
}
