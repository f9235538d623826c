import type { Database } from "../db/database";
import { AppError } from "../../server/errors";
import { deleteShopData } from "../db/repositories/privacy-repository";
import { withTransaction } from "../db/transaction";
import { importWritersFor } from "../sync/jsonl-importer";
import { SyncRunRepository } from "../db/repositories/sync-run-repository";
import type { AdminClientFactory } from "../shopify/admin-graphql";
import { backfillShop } from "../sync/backfill-shop";
import type { ImportLogger } from "../sync/jsonl-importer";
import { pruneOperationalRows } from "../db/repositories/operational-retention";
import type { OrderOfferHooks } from "../offers/order-offer-hooks";
import type { OfferUseCases } from "../offers/issue-coupon-for-order";
import { activateShop, activateShopJob, issueCustomerOfferJob, runBirthdays, sendFlowTriggersJob, type ActivationLogger } from "../activation/activate-shop";
import { sendPendingFlowTriggers } from "../activation/flow-triggers";
import { refreshBoughtTogether, refreshBoughtTogetherJob } from "../offers/bought-together-repository";
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
  /**
   * Win-back and birthday codes, and the activation jobs' Admin API (metafields, Flow triggers, discounts):
   * the real clients in production, demo mode's local ones (recorded in Settings → Activity) otherwise.
   */
  offers?: OfferUseCases;
  activationClients?: AdminClientFactory;
  logger?: ImportLogger & ActivationLogger;
  now?: () => Date;
  /** Applies a stored webhook delivery (the server's topic handlers; see webhook-delivery-processor.ts). */
  webhookDeliveries?: JobHandler;
}

/** Cron expressions (UTC) of the recurring work; pg-boss creates one job per tick across all instances. */
export const JOB_SCHEDULES: { type: JobType; cron: string }[] = [
  // A quiet hour for most shops.
  { type: JOB_TYPES.pruneOperationalRows, cron: "0 3 * * *" },
  // Hourly: each shop is re-scored at its own hour (ShopSettings), so the load spreads over the day.
  { type: JOB_TYPES.scheduleRescoring, cron: "5 * * * *" },
  { type: JOB_TYPES.checkStaleSyncs, cron: "*/15 * * * *" },
  // Birthday codes and "birthday coming up" triggers, once a day (a missed day is caught up the next).
  { type: JOB_TYPES.dailyBirthdays, cron: "0 7 * * *" },
  // Flow triggers left pending (a sender that failed, a shop whose API was down) are retried.
  { type: JOB_TYPES.sweepFlowTriggers, cron: "*/15 * * * *" },
];

/** A sync run that has not moved for this long lost its worker: its backfill is requested again (it resumes). */
export const STALE_SYNC_MS = 30 * 60_000;

export function createJobHandlers(deps: JobHandlerDeps): Record<JobType, JobHandler> {
  const syncRuns = new SyncRunRepository(deps.db.prisma);
  const now = deps.now ?? (() => new Date());
  const scoring = withActivation(deps.scoring, deps.jobs, deps.db.pool);
  const installedShop = async (domain: string) => {
    const shop = await deps.db.prisma.shop.findUnique({ where: { domain }, select: { id: true, domain: true, uninstalledAt: true } });
    return shop && !shop.uninstalledAt ? { id: shop.id, domain: shop.domain } : null;
  };
  return {
    [JOB_TYPES.backfill]: async (job) => {
      if (!deps.adminClients) throw new Error("backfill needs the Admin API, which demo mode does not have");
      const shop = await deps.db.prisma.shop.findUnique({ where: { domain: job.shopDomain } });
      if (!shop || shop.uninstalledAt) return;
      const admin = await deps.adminClients(job.shopDomain);
      await backfillShop({ pool: deps.db.pool, importWriters: importWritersFor(deps.db), syncRuns, admin, scoring, shop, logger: deps.logger });
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
      await scoring.scoreShop(job.shopDomain, (job.payload.trigger as ScoringTrigger | undefined) ?? "schedule");
    },
    [JOB_TYPES.activateShop]: async (job) => {
      const shop = await installedShop(job.shopDomain);
      if (!shop || !deps.activationClients) return;
      await activateShop({ db: deps.db, jobs: deps.jobs, admin: await deps.activationClients(shop.domain), shop, now: now(), logger: deps.logger });
    },
    [JOB_TYPES.customerOffer]: async (job) => {
      const shop = await installedShop(job.shopDomain);
      if (!shop || !deps.offers) return;
      const payload = job.payload as { kind: "win_back" | "birthday"; customerId: string; subjectKey: string };
      await issueCustomerOfferJob({ db: deps.db, offers: deps.offers, shop, payload, now: now() });
    },
    [JOB_TYPES.sendFlowTriggers]: async (job) => {
      const shop = await installedShop(job.shopDomain);
      if (!shop || !deps.activationClients) return;
      const admin = await deps.activationClients(shop.domain);
      const result = await sendPendingFlowTriggers({ db: deps.db.pool, admin, shopId: shop.id, now: now(), logger: deps.logger });
      // A run sends a bounded number; the rest go in the next (stately: one waits while this one runs).
      if (result.more) await deps.jobs.enqueue(deps.db.pool, sendFlowTriggersJob(shop.domain));
    },
    [JOB_TYPES.dailyBirthdays]: async () => {
      if (!deps.offers) return;
      let unfinished = 0;
      for (const shop of await deps.db.prisma.shop.findMany({ where: { uninstalledAt: null }, select: { id: true, domain: true } })) {
        const done = await runBirthdays({ db: deps.db, offers: deps.offers, shop, today: now() });
        if (done.triggers > 0) await deps.jobs.enqueue(deps.db.pool, sendFlowTriggersJob(shop.domain));
        unfinished += done.unfinished;
      }
      // After every shop's pass (one shop's Shopify outage must not hold up the others): the pass is idempotent,
      // so its retry only retries the codes Shopify did not create.
      if (unfinished > 0) throw new AppError("SHOPIFY_UNAVAILABLE", `${unfinished} birthday codes are not created in Shopify yet`);
    },
    [JOB_TYPES.sweepFlowTriggers]: async () => {
      const shops = await deps.db.prisma.shop.findMany({
        where: { uninstalledAt: null, flowTriggerEvents: { some: { status: "pending" } } },
        select: { domain: true },
      });
      for (const shop of shops) await deps.jobs.enqueue(deps.db.pool, sendFlowTriggersJob(shop.domain));
    },
    [JOB_TYPES.refreshBoughtTogether]: async (job) => {
      const shop = await installedShop(job.shopDomain);
      if (shop) await refreshBoughtTogether(deps.db.pool, shop.id, now());
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
    [JOB_TYPES.webhookDelivery]: async (job) => {
      if (!deps.webhookDeliveries) throw new Error("webhook deliveries are processed by the app's workers, which were not given a processor");
      await deps.webhookDeliveries(job);
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

/** Activation and the cross-sell refresh after every completed full scoring run (whoever ran it: the job, a backfill, the demo seed). */
export function withActivation(scoring: ScoringHooks, jobs: JobEnqueuer, pool: Database["pool"]): ScoringHooks {
  return {
    ...scoring,
    async scoreShop(shopDomain, trigger) {
      await scoring.scoreShop(shopDomain, trigger);
      await jobs.enqueue(pool, activateShopJob(shopDomain));
      // The cross-sell pairs follow the orders the run scored (after a sync or backfill too: it ends with a run).
      await jobs.enqueue(pool, refreshBoughtTogetherJob(shopDomain));
    },
  };
}

export function scoreShopJob(shopDomain: string, trigger: ScoringTrigger) {
  return { shopDomain, type: JOB_TYPES.scoreShop, payload: { trigger }, dedupeKey: `score-shop:${shopDomain}` } as const;
}

export function backfillJob(shopDomain: string) {
  return { shopDomain, type: JOB_TYPES.backfill, payload: {}, dedupeKey: `backfill:${shopDomain}` } as const;
}
