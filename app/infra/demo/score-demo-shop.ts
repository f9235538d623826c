import type { Logger } from "pino";
import type { Database } from "../db/database";
import { scoreShop } from "../scoring/score-shop";

/** After the demo seed: score the demo shop once (a restart keeps the stored scores). */
export async function scoreDemoShopOnce(db: Database, shopDomain: string, log: Logger): Promise<void> {
  const shop = await db.prisma.shop.findUnique({ where: { domain: shopDomain }, select: { scoringModel: { select: { id: true } } } });
  if (!shop || shop.scoringModel) return;
  const report = await scoreShop(db, { shopDomain, now: new Date(), trigger: "seed" });
  log.info(
    { model: report.model, customers: report.customers, orders: report.orders, ms: Math.round(Object.values(report.timings).reduce((a, b) => a + b, 0)) },
    "demo shop scored",
  );
}
