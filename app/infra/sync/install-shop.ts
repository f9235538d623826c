import type pg from "pg";
import type { PrismaClient } from "../db/database";
import { SHOP_DETAILS } from "../../domain/sync/bulk-queries";
import type { ShopRepository } from "../db/repositories/shop-repository";
import { backfillJob } from "../jobs/job-handlers";
import type { JobEnqueuer } from "../jobs/job-queue";
import type { AdminGraphqlClient } from "../shopify/admin-graphql";
import { ensureMetafieldDefinitions } from "../activation/metafield-definitions";

interface ShopDetailsResponse {
  shop: { name: string; currencyCode: string; plan: { displayName: string } | null };
}

/**
 * After OAuth (the offline session is already stored): record the shop with its currency and plan, and request
 * the history backfill as a durable job (one per shop at a time: a reinstall while it runs adds nothing), and
 * create Encore's customer metafield definitions (the first metafield sync creates them if this failed).
 * A re-install forgets which metafield values were written: what Shopify kept through the uninstall is not
 * known, so the next sync writes every customer's values again.
 */
export async function installShop(options: {
  shopDomain: string;
  admin: AdminGraphqlClient;
  shops: ShopRepository;
  pool: pg.Pool;
  jobs: JobEnqueuer;
  prisma: Pick<PrismaClient, "shop">;
  now: Date;
  logger?: { warn(context: object, message: string): void };
}): Promise<void> {
  const { shop } = await options.admin.request<ShopDetailsResponse>(SHOP_DETAILS);
  const before = await options.shops.findByDomain(options.shopDomain);
  const installed = await options.shops.upsertInstalled(
    { domain: options.shopDomain, name: shop.name, currency: shop.currencyCode, plan: shop.plan?.displayName ?? null },
    options.now,
  );
  if (before?.uninstalledAt) {
    await options.pool.query(`UPDATE "CustomerActivation" SET metafields = NULL, "metafieldsAt" = NULL WHERE "shopId" = $1`, [installed.id]);
    await options.pool.query(`UPDATE "Shop" SET "metafieldDefinitionsAt" = NULL WHERE id = $1`, [installed.id]);
  }
  await options.jobs.enqueue(options.pool, backfillJob(options.shopDomain));
  try {
    await ensureMetafieldDefinitions({ prisma: options.prisma, admin: options.admin, shopId: installed.id, now: options.now });
  } catch (error) {
    options.logger?.warn({ shop: options.shopDomain, err: (error as Error).message }, "creating the customer metafield definitions failed; the first sync retries");
  }
}
