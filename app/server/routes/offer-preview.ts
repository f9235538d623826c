import { Router } from "express";
import { z } from "zod";
import { offerReachPreview } from "../../domain/metrics/offer-reach";
import { DISCOUNT_TYPES, OFFER_LIMITS, ORDER_SCOPES, DEFAULT_CONTROL_SHARE } from "../../domain/offers/offer";
import { isOfferSegment, OFFER_SEGMENTS } from "../../domain/offers/segments";
import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import type { OfferReachRepository } from "../../infra/metrics/offer-reach-repository";
import { apiContext } from "../middleware/authenticate-api";
import { parseInput } from "../validation";
import { requireShop } from "../require-shop";

const probability = z.coerce.number().min(0).max(1);
const segments = z
  .string()
  .max(500)
  .transform((text) => text.split(",").map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.string().refine(isOfferSegment, { message: `unknown segment; expected one of ${OFFER_SEGMENTS.join(", ")}` })));

/** The targeting and terms of an offer being edited, as query parameters (segments comma-separated). */
const previewQuery = z
  .object({
    minPRepeat90: probability.optional(),
    maxPRepeat90: probability.optional(),
    includeSegments: segments.optional(),
    excludeSegments: segments.optional(),
    orderScope: z.enum(ORDER_SCOPES).default("any_order"),
    discountType: z.enum(DISCOUNT_TYPES).default("percentage"),
    discountValue: z.coerce.number().finite().positive().max(1_000_000).default(10),
    validityDays: z.coerce.number().int().min(1).max(OFFER_LIMITS.maxValidityDays).default(30),
    controlShare: z.coerce.number().min(0).max(OFFER_LIMITS.maxControlShare).default(DEFAULT_CONTROL_SHARE),
  })
  .strict();

/**
 * GET /api/offers/preview: how many scored customers the targeting reaches and the expected cost of the codes
 * (app/domain/metrics/offer-reach.ts). GET /api/offers/:id/timeline: issued vs redeemed codes per month.
 * Mounted before the offers CRUD router, whose GET /:id would otherwise take "preview" for an id.
 */
export function offerPreviewRouter(deps: { shops: ShopRepository; reach: OfferReachRepository }): Router {
  const router = Router();

  router.get("/preview", async (req, res) => {
    const query = parseInput(previewQuery, req.query);
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    const { orderScope, discountType, discountValue, validityDays, controlShare, ...targeting } = query;
    const aggregates = await deps.reach.aggregates(shop.id, targeting, orderScope);
    res.json({ currency: shop.currency, ...offerReachPreview(aggregates, { discountType, discountValue, validityDays, controlShare }) });
  });

  router.get("/:id/timeline", async (req, res) => {
    const { id } = parseInput(z.object({ id: z.string().trim().min(1).max(200) }), req.params);
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    res.json({ offerId: id, months: await deps.reach.monthlyIssuedRedeemed(shop.id, id) });
  });

  return router;
}
