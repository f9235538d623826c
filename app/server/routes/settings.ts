import { Router } from "express";
import { surveyAnalytics } from "../../domain/offers/survey-analytics";
import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import type { SurveyRepository } from "../../infra/offers/survey-repository";
import { apiContext } from "../middleware/authenticate-api";
import { requireShop } from "../require-shop";
import { parseInput, surveyInputSchema } from "./offers-input";

/**
 * /api/settings/survey: the thank-you survey (GET/PUT) and its answers (GET /survey/results: per answer, per
 * month and per customer segment, for the analytics card next to the editor).
 */
export function settingsRouter(deps: { shops: ShopRepository; surveys: SurveyRepository }): Router {
  const router = Router();

  router.get("/survey", async (_req, res) => {
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    res.json({ survey: await deps.surveys.settings(shop.id) });
  });

  router.put("/survey", async (req, res) => {
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    const survey = parseInput(surveyInputSchema, req.body);
    res.json({ survey: await deps.surveys.saveSettings(shop.id, survey) });
  });

  router.get("/survey/results", async (_req, res) => {
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    const settings = await deps.surveys.settings(shop.id);
    res.json(surveyAnalytics(settings, await deps.surveys.answerCells(shop.id, settings.question)));
  });

  return router;
}
