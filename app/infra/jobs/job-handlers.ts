import type { Database } from "../db/database";
import { deleteShopData } from "../db/repositories/privacy-repository";
import { withTransaction } from "../db/transaction";
import { importWritersFor } from "../sync/jsonl-importer";
import { SyncRunRepository } from "../db/repositories/sync-run-repository";
import type { AdminClientFactory } from "../shopify/admin-graphql";
import { backfillShop } from "../sync/backfill-shop";
import type { ImportLogger } from "../sync/jsonl-importer";
import type { JobHandler } from "./job-worker";
import { enqueueJob } from "./job-queue";
import { pruneOperationalRows } from "../db/repositories/operational-retention";
import type { Queryable } from "../db/repositories/commerce-write-repository";
import type { OrderOfferHooks } from "../offers/order-offer-hooks";
import type { ScoringHooks } from "./scoring-hooks";

export const JOB_TYPES = {
  backfill: "backfill",
  rescoreCustomer: "rescore-customer",
  orderOffers: "order-offers",
  shopRedact: "shop-redact",
  pruneOperationalRows: "prune-operational-rows",
} as const;

export interface JobHandlerDeps {
  db: Database;
  scoring: ScoringHooks;
  /** Coupon redemption and issuing for a new order (the thank-you page may have issued already: idempotent). */
  orderOffers?: OrderOfferHooks;
  /** Absent in demo mode, which has no Admin API (its history is imported from generated JSONL). */
  adminClients?: AdminClientFactory;
  logger?: ImportLogger;
}

export function createJobHandlers(deps: JobHandlerDeps): Record<string, JobHandler> {
  const syncRuns = new SyncRunRepository(deps.db.prisma);
  return {
    [JOB_TYPES.backfill]: async (job) => {
      if (!deps.adminClients) throw new Error("backfill needs the Admin API, which demo mode does not have");
      const shop = await deps.db.prisma.shop.findUnique({ where: { domain: job.shopDomain } });
      if (!shop || shop.uninstalledAt) return;
      const admin = await deps.adminClients(job.shopDomain);
      await backfillShop({ pool: deps.db.pool, importWriters: importWritersFor(deps.db), syncRuns, admin, scoring: deps.scoring, shop, logger: deps.logger });
    },
    [JOB_TYPES.rescoreCustomer]: async (job) => {
      const { customerGid } = job.payload as { customerGid: string };
      const customer = await deps.db.prisma.customer.findFirst({
        where: { shopifyGid: customerGid, shop: { domain: job.shopDomain } },
        select: { id: true },
      });
      // Gone (shop redacted) or anonymised (customer redacted): nothing to score.
      if (customer) await deps.scoring.rescoreCustomer(job.shopDomain, customer.id);
    },
    [JOB_TYPES.orderOffers]: async (job) => {
      const { orderGid } = job.payload as { orderGid: string };
      await deps.orderOffers?.afterOrderCreated(job.shopDomain, orderGid);
    },
    [JOB_TYPES.pruneOperationalRows]: async () => {
      const now = new Date();
      await pruneOperationalRows(deps.db.pool, now);
      await schedulePruning(deps.db.pool, nextPruningRun(now));
    },
    [JOB_TYPES.shopRedact]: async (job) => {
      // One transaction: a crash between deleting the shop and its orders must not leave orders behind.
      await withTransaction(deps.db.pool, (tx) => deleteShopData(tx, job.shopDomain));
    },
  };
}

/** Pruning runs daily at 03:00 UTC (a quiet hour for most shops); each run schedules the next. */
export function nextPruningRun(now: Date): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 3));
  if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/** Idempotent (one job per day's run, whatever the number of processes calling it at start). */
export function schedulePruning(db: Queryable, runAt: Date): Promise<boolean> {
  return enqueueJob(db, { shopDomain: "", type: JOB_TYPES.pruneOperationalRows, payload: {}, runAt, dedupeKey: `prune-operational-rows:${runAt.toISOString()}` });
}
