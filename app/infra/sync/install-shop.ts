import type pg from "pg";
import { SHOP_DETAILS } from "../../domain/sync/bulk-queries";
import type { ShopRepository } from "../db/repositories/shop-repository";
import { backfillJob } from "../jobs/job-handlers";
import type { JobEnqueuer } from "../jobs/job-queue";
import type { AdminGraphqlClient } from "../shopify/admin-graphql";

interface ShopDetailsResponse {
  shop: { name: string; currencyCode: string; plan: { displayName: string } | null };
}

/**
 * After OAuth (the offline session is already stored): record the shop with its currency and plan, and request
 * the history backfill as a durable job (one per shop at a time: a reinstall while it runs adds nothing).
 */
export async function installShop(options: {
  shopDomain: string;
  admin: AdminGraphqlClient;
  shops: ShopRepository;
  pool: pg.Pool;
  jobs: JobEnqueuer;
  now: Date;
}): Promise<void> {
  const { shop } = await options.admin.request<ShopDetailsResponse>(SHOP_DETAILS);
  await options.shops.upsertInstalled(
    { domain: options.shopDomain, name: shop.name, currency: shop.currencyCode, plan: shop.plan?.displayName ?? null },
    options.now,
  );
  await options.jobs.enqueue(options.pool, backfillJob(options.shopDomain));
}
