import type { Database } from "../db/database";
import type { ScoringHooks } from "../jobs/scoring-hooks";
import { rescoreCustomer } from "./rescore-customer";
import { scoreShop, type ScoringProgress } from "./score-shop";

/** The data pipeline's scoring hooks, backed by the scoring job. */
export function createScoringHooks(
  db: Database,
  clock: () => Date = () => new Date(),
  /** Live progress of the runs this process executes (the scoring-run registry's local answer). */
  onProgress?: (shopDomain: string, progress: ScoringProgress | null) => void,
): ScoringHooks {
  return {
    async scoreShop(shopDomain, trigger) {
      try {
        await scoreShop(db, { shopDomain, now: clock(), trigger, onProgress: (progress) => onProgress?.(shopDomain, progress) });
      } finally {
        onProgress?.(shopDomain, null);
      }
    },
    async rescoreCustomer(shopDomain, customerId) {
      const shop = await db.prisma.shop.findUnique({ where: { domain: shopDomain }, select: { id: true } });
      if (shop) await rescoreCustomer(db, { shopId: shop.id, customerId, now: clock() });
    },
  };
}
