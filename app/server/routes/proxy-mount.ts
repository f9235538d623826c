import { Router } from "express";
import type { AppConfig } from "../../config/env";
import type { Database } from "../../infra/db/database";
import type { RateLimitStores } from "../middleware/rate-limit-store";
import type { AdminClientFactory } from "../../infra/shopify/admin-graphql";
import { createDemoCustomerApi, type DemoCustomerFacts } from "../../infra/shopify/demo/demo-customer-api";
import type { ShopifyApp } from "../../infra/shopify/shopify-app";
import type { SqlReader } from "../../infra/db/sql-reader";
import { StorefrontRepository } from "../../infra/storefront/storefront-repository";
import { SignupBirthDates } from "../../infra/storefront/customer-signup";
import type { Logger } from "../logger";
import { AppError } from "../errors";
import { appProxyEmulator, storefrontPreviewRouter } from "../preview/storefront-preview";
import { proxyRouter } from "./proxy";

/**
 * The storefront's routers: `proxy` (mount at /proxy, both modes; verifies its own signatures and parses its
 * own small bodies) and, in demo mode, `preview` (the sample storefront page and the app-proxy emulator at
 * /apps/encore). Demo mode answers the customer operations from local data unless a client factory is given.
 */
export function storefrontRouters(deps: {
  config: AppConfig;
  db: Database;
  /** The pool's reader, for the banner's one query per storefront page view. */
  sql: SqlReader;
  logger: Logger;
  shopify: ShopifyApp;
  adminClients?: AdminClientFactory;
  rateLimitStores?: RateLimitStores;
}): { proxy: Router; preview: Router | null } {
  const facts: DemoCustomerFacts = { emailMarketing: new Map(), metafields: new Map() };
  const demo = deps.config.demo;
  const adminClients: AdminClientFactory =
    deps.adminClients ??
    (demo
      ? async (shopDomain) => createDemoCustomerApi({ prisma: deps.db.prisma, shopDomain, facts })
      : async () => {
          throw new AppError("SHOPIFY_UNAVAILABLE", "No Admin API client is configured");
        });
  const proxy = proxyRouter({
    shopify: deps.shopify,
    storefront: new StorefrontRepository(deps.db.prisma, deps.sql),
    birthDates: new SignupBirthDates(deps.db.prisma),
    adminClients,
    logger: deps.logger,
    rateLimitStores: deps.rateLimitStores,
  });
  if (!demo) return { proxy, preview: null };
  const preview = Router();
  preview.use(appProxyEmulator({ secret: deps.config.shopify.apiSecret, shopDomain: demo.shopDomain, proxy }));
  preview.use(storefrontPreviewRouter({ prisma: deps.db.prisma, shopDomain: demo.shopDomain, facts }));
  return { proxy, preview };
}
