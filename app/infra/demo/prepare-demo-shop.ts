import type { Logger } from "pino";
import type { Database } from "../db/database";
import { refreshBoughtTogether } from "../offers/bought-together-repository";
import { scoreShop } from "../scoring/score-shop";
import { seedDemoOffers } from "./seed-demo-offers";
import { seedDemoShop } from "./seed-demo-shop";
import { seedDemoSurvey } from "./seed-demo-survey";
import { detectActivationTransitions } from "../activation/detect-transitions";
import { DEMO_ACTIVATION_LOOKBACK_DAYS, seedDemoActivation } from "./seed-demo-activation";

/**
 * Demo mode's first start: seed the shop's history, score it (a month ago, then now), then backfill the demo
 * offers' coupons (targeting reads the scores), answer its thank-you survey, and put the scores to work in
 * "Shopify" (metafields, Flow triggers, win-back and birthday codes). Each step runs once; a restart finds its
 * results and skips it.
 */
export async function prepareDemoShop(db: Database, options: { shopDomain: string; seed: number; now: Date; log: Logger }): Promise<void> {
  const { shopDomain, seed, now, log } = options;
  const seeded = await seedDemoShop(db, { shopDomain, seed, now });
  if (seeded.seeded) log.info({ customers: seeded.customers, orders: seeded.orders, ms: Math.round(seeded.ms) }, "demo shop seeded");

  const shop = await db.prisma.shop.findUnique({ where: { domain: shopDomain }, select: { id: true, scoringModel: { select: { id: true } } } });
  if (shop && !shop.scoringModel) {
    // Scored a month ago first: the statuses Encore saw then, against which today's scores are transitions.
    const monthAgo = new Date(now.getTime() - DEMO_ACTIVATION_LOOKBACK_DAYS * 86_400_000);
    await scoreShop(db, { shopDomain, now: monthAgo, trigger: "seed" });
    await detectActivationTransitions({ db, shopId: shop.id, now: monthAgo });
    const report = await scoreShop(db, { shopDomain, now, trigger: "seed" });
    const ms = Object.values(report.timings).reduce((sum, value) => sum + value, 0);
    log.info({ model: report.model, customers: report.customers, orders: report.orders, ms: Math.round(ms) }, "demo shop scored");
    // The scoring runs above are direct calls, not jobs: the thank-you page's cross-sell is computed here too.
    await refreshBoughtTogether(db.pool, shop.id, now);
  }

  const offers = await seedDemoOffers(db, { shopDomain, now, seed });
  if (offers.seeded) log.info({ issued: offers.issued, control: offers.control, redeemed: offers.redeemed, ms: Math.round(offers.ms) }, "demo offers seeded");

  const survey = await seedDemoSurvey(db, { shopDomain, now, seed });
  if (survey.seeded) log.info({ answers: survey.answers }, "demo survey answers seeded");

  const activation = await seedDemoActivation(db, { shopDomain, now });
  if (activation.seeded) {
    const { seeded: _seeded, ms, ...counts } = activation;
    log.info({ ...counts, ms: Math.round(ms) }, "demo activation seeded (metafields, Flow triggers, win-back codes)");
  }
}
