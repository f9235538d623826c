import { Router } from "express";
import { z } from "zod";
import type { PrismaClient } from "../../infra/db/database";
import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import type { JobQueue } from "../../infra/jobs/job-queue";
import { RESCORE_SCHEDULES } from "../../infra/scoring/rescoring-schedule-repository";
import { apiContext } from "../middleware/authenticate-api";
import { requireShop } from "../require-shop";
import { parseInput } from "./offers-input";

const rescoringInput = z.object({
  schedule: z.enum(RESCORE_SCHEDULES, { error: `Choose one of: ${RESCORE_SCHEDULES.join(", ")}` }),
  hourUtc: z.number({ error: "Enter the hour as a number" }).int({ error: "Enter a whole hour" }).min(0, { error: "Enter an hour from 0 to 23" }).max(23, { error: "Enter an hour from 0 to 23" }),
});

/**
 * Settings for the shop's background work:
 * - GET/PUT /api/settings/rescoring: when the shop is re-scored (nightly, weekly on Sundays, or off; UTC hour);
 * - GET /api/settings/dead-letters: jobs that failed after all retries (kind, when, attempts, error);
 * - POST /api/settings/dead-letters/retry: sends them back to their queues.
 */
export function backgroundWorkRouter(deps: { shops: ShopRepository; prisma: PrismaClient; jobs: Pick<JobQueue, "deadLetters" | "redriveDeadLetters"> }): Router {
  const router = Router();

  router.get("/rescoring", async (_req, res) => {
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    res.json({ schedule: shop.rescoreSchedule, hourUtc: shop.rescoreHourUtc });
  });

  router.put("/rescoring", async (req, res) => {
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    const input = parseInput(rescoringInput, req.body);
    const saved = await deps.prisma.shop.update({ where: { id: shop.id }, data: { rescoreSchedule: input.schedule, rescoreHourUtc: input.hourUtc } });
    res.json({ schedule: saved.rescoreSchedule, hourUtc: saved.rescoreHourUtc });
  });

  router.get("/dead-letters", async (_req, res) => {
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    const letters = await deps.jobs.deadLetters(shop.domain);
    res.json({ deadLetters: letters.map((letter) => ({ ...letter, failedAt: letter.failedAt.toISOString() })) });
  });

  router.post("/dead-letters/retry", async (_req, res) => {
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    res.json({ retried: await deps.jobs.redriveDeadLetters(shop.domain) });
  });

  return router;
}
