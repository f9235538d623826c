import type { Database } from "../db/database";
import type { ScoringHooks } from "../jobs/scoring-hooks";
import { rescoreCustomer } from "./rescore-customer";
import { scoreShop } from "./score-shop";

/** The data pipeline's scoring hooks, backed by the scoring job. */
export function createScoringHooks(db: Database, clock: () => Date = () => new Date()): ScoringHooks {
  return {
    async scoreShop(shopDomain, trigger) {
      await scoreShop(db, { shopDomain, now: clock(), trigger });
    },
    async rescoreCustomer(shopDomain, customerId) {
      const shop = await db.prisma.shop.findUnique({ where: { domain: shopDomain }, select: { id: true } });
      if (shop) await rescoreCustomer(db, { shopId: shop.id, customerId, now: clock() });
    },
  };
}
