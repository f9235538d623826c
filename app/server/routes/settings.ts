import { Router } from "express";
import { surveyReport } from "../../domain/offers/survey";
import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import type { SurveyRepository } from "../../infra/offers/survey-repository";
import { apiContext } from "../middleware/authenticate-api";
import { requireShop } from "../require-shop";
import { parseInput, surveyInputSchema } from "./offers-input";

/** /api/settings/survey: the thank-you survey (GET/PUT) and its answers (GET /survey/results). */
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
    res.json(surveyReport(settings, await deps.surveys.answerCounts(shop.id, settings.question)));
  });

  return router;
}
