import type { Database } from "../db/database";
import { deleteShopData } from "../db/repositories/privacy-repository";
import { withTransaction } from "../db/transaction";
import { importWritersFor } from "../sync/jsonl-importer";
import { SyncRunRepository } from "../db/repositories/sync-run-repository";
import type { AdminClientFactory } from "../shopify/admin-graphql";
import { backfillShop } from "../sync/backfill-shop";
import type { ImportLogger } from "../sync/jsonl-importer";
import { pruneOperationalRows } from "../db/repositories/operational-retention";
import type { OrderOfferHooks } from "../offers/order-offer-hooks";
import { shopsDueForRescoring, unfinishedSyncShops } from "../scoring/rescoring-schedule-repository";
import type { ScoringHooks, ScoringTrigger } from "./scoring-hooks";
import { JOB_TYPES, type JobType } from "./job-kinds";
import type { JobEnqueuer, JobHandler, JobQueue } from "./job-queue";

export { JOB_TYPES } from "./job-kinds";

export interface JobHandlerDeps {
  db: Database;
  jobs: JobEnqueuer & Pick<JobQueue, "deleteShopJobs">;
  scoring: ScoringHooks;
  /** Coupon redemption and issuing for a new order (the thank-you page may have issued already: idempotent). */
  orderOffers?: OrderOfferHooks;
  /** Absent in demo mode, which has no Admin API (its history is imported from generated JSONL). */
  adminClients?: AdminClientFactory;
  logger?: ImportLogger;
  now?: () => Date;
}

/** Cron expressions (UTC) of the recurring work; pg-boss creates one job per tick across all instances. */
export const JOB_SCHEDULES: { type: JobType; cron: string }[] = [
  // A quiet hour for most shops.
  { type: JOB_TYPES.pruneOperationalRows, cron: "0 3 * * *" },
  // Hourly: each shop is re-scored at its own hour (ShopSettings), so the load spreads over the day.
  { type: JOB_TYPES.scheduleRescoring, cron: "5 * * * *" },
  { type: JOB_TYPES.checkStaleSyncs, cron: "*/15 * * * *" },
];

/** A sync run that has not moved for this long lost its worker: its backfill is requested again (it resumes). */
export const STALE_SYNC_MS = 30 * 60_000;

export function createJobHandlers(deps: JobHandlerDeps): Record<JobType, JobHandler> {
  const syncRuns = new SyncRunRepository(deps.db.prisma);
  const now = deps.now ?? (() => new Date());
  return {
    [JOB_TYPES.backfill]: async (job) => {
      if (!deps.adminClients) throw new Error("backfill needs the Admin API, which demo mode does not have");
      const shop = await deps.db.prisma.shop.findUnique({ where: { domain: job.shopDomain } });
      if (!shop || shop.uninstalledAt) return;
      const admin = await deps.adminClients(job.shopDomain);
      await backfillShop({ pool: deps.db.pool, importWriters: importWritersFor(deps.db), syncRuns, admin, scoring: deps.scoring, shop, logger: deps.logger });
    },
    [JOB_TYPES.rescoreCustomer]: async (job) => {
      const customer = await deps.db.prisma.customer.findFirst({
        where: { ...customerReference(job.payload), shop: { domain: job.shopDomain }, redactedAt: null },
        select: { id: true },
      });
      // Gone (shop redacted) or anonymised (customer redacted): nothing to score.
      if (customer) await deps.scoring.rescoreCustomer(job.shopDomain, customer.id);
    },
    [JOB_TYPES.orderOffers]: async (job) => {
      const { orderGid } = job.payload as { orderGid: string };
      await deps.orderOffers?.afterOrderCreated(job.shopDomain, orderGid);
    },
    [JOB_TYPES.scoreShop]: async (job) => {
      const shop = await deps.db.prisma.shop.findUnique({ where: { domain: job.shopDomain }, select: { uninstalledAt: true } });
      if (!shop || shop.uninstalledAt) return;
      await deps.scoring.scoreShop(job.shopDomain, (job.payload.trigger as ScoringTrigger | undefined) ?? "schedule");
    },
    [JOB_TYPES.scheduleRescoring]: async () => {
      for (const shopDomain of await shopsDueForRescoring(deps.db.pool, now())) {
        await deps.jobs.enqueue(deps.db.pool, scoreShopJob(shopDomain, "schedule"));
      }
    },
    [JOB_TYPES.checkStaleSyncs]: async () => {
      for (const shopDomain of await unfinishedSyncShops(deps.db.pool, new Date(now().getTime() - STALE_SYNC_MS))) {
        await deps.jobs.enqueue(deps.db.pool, backfillJob(shopDomain));
      }
    },
    [JOB_TYPES.pruneOperationalRows]: async () => {
      await pruneOperationalRows(deps.db.pool, now());
    },
    [JOB_TYPES.shopRedact]: async (job) => {
      // One transaction: a crash between deleting the shop and its orders must not leave orders behind.
      await withTransaction(deps.db.pool, (tx) => deleteShopData(tx, job.shopDomain));
      await deps.jobs.deleteShopJobs(job.shopDomain, { except: [JOB_TYPES.shopRedact] });
    },
  };
}

/** Legacy rows and old queued jobs name the customer by GID; new ones carry only Encore's own id. */
function customerReference(payload: Record<string, unknown>): { id: string } | { shopifyGid: string } {
  if (typeof payload.customerId === "string") return { id: payload.customerId };
  return { shopifyGid: String(payload.customerGid) };
}

export function scoreShopJob(shopDomain: string, trigger: ScoringTrigger) {
  return { shopDomain, type: JOB_TYPES.scoreShop, payload: { trigger }, dedupeKey: `score-shop:${shopDomain}` } as const;
}

export function backfillJob(shopDomain: string) {
  return { shopDomain, type: JOB_TYPES.backfill, payload: {}, dedupeKey: `backfill:${shopDomain}` } as const;
}
