import express, { type Express } from "express";
import type { AppConfig } from "../config/env";
import type { Database } from "../infra/db/database";
import type { AdminClientFactory } from "../infra/shopify/admin-graphql";
import { OverviewRepository } from "../infra/db/repositories/overview-repository";
import { ShopRepository } from "../infra/db/repositories/shop-repository";
import { PrismaSessionStorage } from "../infra/db/session-storage";
import { AUTH_CALLBACK_PATH, AUTH_PATH, createShopifyApp, WEBHOOKS_PATH, type ShopifyApp } from "../infra/shopify/shopify-app";
import { adminAssets, ADMIN_DIST_DIR } from "./admin-assets";
import type { Logger } from "./logger";
import { authenticateApi, isLoopbackHost } from "./middleware/authenticate-api";
import { localOnly } from "./middleware/local-only";
import { rejectNulInUrl, requireValidShopParameter } from "./validation";
import { contentSecurityPolicy } from "./middleware/content-security-policy";
import { errorHandler, notFound } from "./middleware/error-handler";
import { requestLog } from "./middleware/request-log";
import { healthRouter } from "./routes/health";
import { overviewRouter } from "./routes/overview";
import { extensionRouter } from "./routes/extension";
import { offersRouter } from "./routes/offers";
import { thankYouPreviewRouter } from "./routes/preview-thank-you";
import { settingsRouter } from "./routes/settings";
import { createOffersModule } from "../infra/offers/offers-module";
import { defaultAdminClients } from "../infra/shopify/default-admin-clients";
import { couponIssuedTrigger, enqueueFlowTrigger } from "../infra/activation/flow-triggers";
import { sendFlowTriggersJob } from "../infra/activation/activate-shop";
import { scoresRouter } from "./routes/scores";
import { storefrontRouters } from "./routes/proxy-mount";
import { PrivacyRequestRepository } from "../infra/db/repositories/privacy-repository";
import { SyncRunRepository } from "../infra/db/repositories/sync-run-repository";
import { createJobHandlers } from "../infra/jobs/job-handlers";
import { boughtTogetherRefreshRequester } from "../infra/offers/bought-together-repository";
import { CrossSellCache } from "../infra/offers/cross-sell-cache";
import { poolSqlReader } from "../infra/db/sql-reader";
import { JobQueue } from "../infra/jobs/job-queue";
import { backgroundWorkRouter } from "./routes/background-work";
import { activityRouter } from "./routes/activity";
import { ActivityRepository } from "../infra/activation/activity-repository";
import { createRateLimitStores, type RateLimitStores } from "./middleware/rate-limit-store";
import { JobRunner } from "../infra/jobs/job-runner";
import type { ScoringHooks } from "../infra/jobs/scoring-hooks";
import { createAdminClientFactory, createShopifyAdminClient } from "../infra/shopify/shopify-admin-client";
import { installShop } from "../infra/sync/install-shop";
import { privacyRequestsRouter } from "./routes/privacy-requests";
import { syncStatusRouter } from "./routes/sync-status";
import { WEBHOOK_HANDLERS } from "./webhooks";
import { webhookDeliveryProcessor } from "./webhooks/webhook-delivery-processor";
import { webhookRouter } from "./webhooks/webhook-router";
import { CustomerDetailRepository } from "../infra/customers/customer-detail-repository";
import { CustomerListRepository } from "../infra/customers/customer-list-repository";
import { DashboardRepository } from "../infra/metrics/dashboard-repository";
import { ModelRepository } from "../infra/metrics/model-repository";
import { OfferReachRepository } from "../infra/metrics/offer-reach-repository";
import { ScoringRunRegistry } from "../infra/metrics/scoring-run-registry";
import { ShopUsageRepository } from "../infra/metrics/shop-usage-repository";
import { createScoringHooks } from "../infra/scoring/scoring-hooks";
import { createOrderOfferHooks } from "../infra/offers/order-offer-hooks";
import { customersRouter } from "./routes/customers";
import { dashboardRouter } from "./routes/dashboard";
import { modelRouter } from "./routes/model";
import { offerPreviewRouter } from "./routes/offer-preview";
import { scoringRunsRouter } from "./routes/scoring-runs";

export interface AppDependencies {
  config: AppConfig;
  db: Database;
  logger: Logger;
  /** Defaults to the official Shopify app object built from config. */
  shopify?: ShopifyApp;
  adminDistDir?: string;
  /** Admin API clients per shop; demo mode defaults to local-data demo clients. */
  adminClients?: AdminClientFactory;
  /** Rate-limit counters (tests share one between two app instances); from REDIS_URL by default. */
  rateLimitStores?: RateLimitStores;
  /** Scoring as the data pipeline calls it (after an import, after a new order); no-op until wired. */
  scoring?: ScoringHooks;
}

export interface EncoreApp {
  app: Express;
  shopify: ShopifyApp;
  /** The durable jobs (webhook follow-ups, backfills, scoring); a worker role starts them, tests run them on demand. */
  jobs: JobRunner;
  /** Releases what the app holds besides the database (shared rate-limit store connections). */
  close(): Promise<void>;
}

export function createApp(deps: AppDependencies): EncoreApp {
  const { config, db, logger } = deps;
  const sessionStorage = new PrismaSessionStorage(db.prisma);
  const shops = new ShopRepository(db.prisma);
  const shopify =
    deps.shopify ??
    createShopifyApp(config, sessionStorage, {
      afterAuth: async (session) => {
        const admin = createShopifyAdminClient(shopify.api, session, { logger });
        await installShop({ shopDomain: session.shop, admin, shops, pool: db.pool, prisma: db.prisma, jobs: queue, now: new Date(), logger });
        queue.wake();
      },
    });
  const adminClients =
    deps.adminClients ?? (config.mode === "shopify" ? createAdminClientFactory(shopify.api, sessionStorage, { logger }) : undefined);
  // Everything written to Shopify on the shop's behalf (codes, metafields, Flow triggers) goes through these.
  const writeClients = adminClients ?? defaultAdminClients(config);
  // The hot reads (thank-you page, storefront) go through the pg pool (a third of Prisma's CPU per query; see SqlReader).
  const poolSql = poolSqlReader(db.pool, { prepare: db.kind === "postgres" });
  const offers = createOffersModule({
    prisma: db.prisma,
    sql: poolSql,
    adminClient: writeClients,
    logger,
    onDiscountCreated: async (shop, decision) => {
      const trigger = couponIssuedTrigger(decision);
      if (trigger && (await enqueueFlowTrigger(db.pool, trigger))) await queue.enqueue(db.pool, sendFlowTriggersJob(shop.domain));
    },
  });
  // Maintenance (expiry, retention, cron) runs where workers run; a web-only instance only enqueues.
  const queue = new JobQueue(db.pool, logger, {
    maintenance: config.role !== "web",
    superviseSeconds: config.jobSuperviseSeconds,
    // Workers wake on other instances' commits (webhook deliveries stored by web instances); PostgreSQL only.
    listen: config.role !== "web" && db.kind === "postgres",
  });
  const scoringRuns = new ScoringRunRegistry({ db, jobs: queue });
  db.beforeClose(() => queue.stop(0));
  const handlers = createJobHandlers({
    db,
    jobs: queue,
    scoring: deps.scoring ?? createScoringHooks(db, undefined, scoringRuns.track),
    orderOffers: createOrderOfferHooks(db.prisma, offers),
    adminClients,
    offers: offers.useCases,
    activationClients: writeClients,
    logger,
    webhookDeliveries: webhookDeliveryProcessor({ pool: db.pool, handlers: WEBHOOK_HANDLERS, jobs: queue, logger, onCommitted: () => queue.wake() }),
  });
  const jobs = new JobRunner(queue, handlers, db.pool, logger);

  const app = express();
  app.disable("x-powered-by");
  // No ETag on dynamic answers: hashing every JSON body costs CPU on the hottest paths, and those answers are
  // `no-store` anyway (the admin's static assets get theirs from the static file server).
  app.set("etag", false);
  // How many proxies in front of the app append to X-Forwarded-For (load balancer, Shopify's app proxy):
  // req.ip is then the address the outermost trusted one saw, never a value the client wrote.
  app.set("trust proxy", config.trustedProxyHops);
  app.use(requestLog(logger));
  // The demo on loopback: only requests addressed to this machine, no cross-site writes, and the previews
  // (which sign their own session tokens) exist only there.
  const localDemo = config.mode === "demo" && isLoopbackHost(config.host);
  if (localDemo) app.use(localOnly());
  app.use(rejectNulInUrl());

  // Order matters:
  // 1. webhooks read the raw body for HMAC verification, so they come before any JSON parser;
  // 2. OAuth install routes (unauthenticated by nature);
  // 3. /proxy/* (Shopify app proxy) verifies the query signature before its own small body parsers run;
  // 4. /api/extension/* (checkout UI extension) verifies the checkout session token itself, with CORS; then
  //    /api/* is authenticated (admin session token, or the local demo shop) before its JSON parser runs;
  // 5. demo mode only: the storefront preview and its app-proxy emulator (/preview/storefront, /apps/encore),
  //    and the thank-you extension preview (/preview/thank-you);
  // 6. CSP headers, then the static admin for everything else.
  app.use(
    WEBHOOKS_PATH,
    webhookRouter({ secret: config.shopify.apiSecret, logger, jobs: queue, handlers: WEBHOOK_HANDLERS }),
  );
  const validShop = (shop: string) => shopify.api.utils.sanitizeShop(shop);
  app.get(AUTH_PATH, requireValidShopParameter(validShop, { required: true }), shopify.auth.begin());
  app.get(AUTH_CALLBACK_PATH, shopify.auth.callback(), shopify.redirectToShopifyOrAppRoot());
  app.use("/healthz", healthRouter({ db, mode: config.mode }));
  const rateLimitStores = deps.rateLimitStores ?? createRateLimitStores({ redisUrl: config.redisUrl, logger });
  const storefront = storefrontRouters({ config, db, sql: poolSql, logger, shopify, adminClients, rateLimitStores });
  app.use("/proxy", storefront.proxy);
  // A shop never computed (installed before cross-sell was precomputed) gets its pairs on its first visit.
  const requestCrossSellRefresh = boughtTogetherRefreshRequester(queue, db.pool, { logger });
  const crossSells = new CrossSellCache(poolSql);
  app.use(
    "/api/extension",
    extensionRouter({
      ...offers,
      requestCrossSellRefresh,
      crossSells,
      shopify,
      shops,
      limitPerMinute: config.extensionRateLimitPerMinute,
      rateLimitStore: rateLimitStores.create("extension"),
    }),
  );

  const api = express.Router();
  api.use(...authenticateApi(config, shopify));
  api.use(express.json({ limit: "1mb" }));
  api.use("/overview", overviewRouter({ overview: new OverviewRepository(db.prisma), shops }));
  api.use(scoresRouter({ db, shops }));
  // Before the offers CRUD router: its GET /:id would take "preview" for an offer id.
  api.use("/offers", offerPreviewRouter({ shops, reach: new OfferReachRepository(db.pool) }));
  api.use("/offers", offersRouter({ ...offers, shops }));
  api.use("/settings", settingsRouter({ ...offers, shops }));
  api.use("/settings", backgroundWorkRouter({ shops, prisma: db.prisma, jobs: queue }));
  api.use("/settings", activityRouter({ shops, activity: new ActivityRepository(db.prisma) }));
  api.use("/sync", syncStatusRouter({ syncRuns: new SyncRunRepository(db.prisma) }));
  api.use("/privacy", privacyRequestsRouter({ privacyRequests: new PrivacyRequestRepository(db.prisma) }));
  const models = new ModelRepository(db.pool);
  api.use("/dashboard", dashboardRouter({ shops, dashboard: new DashboardRepository(db.pool), usage: new ShopUsageRepository(db.pool), overview: new OverviewRepository(db.prisma), apiKey: config.shopify.apiKey }));
  api.use("/customers", customersRouter({ shops, list: new CustomerListRepository(db.pool), detail: new CustomerDetailRepository(db.pool) }));
  api.use("/model", modelRouter({ shops, models, runs: scoringRuns }));
  api.use("/scoring/runs", scoringRunsRouter({ shops, models, runs: scoringRuns }));
  api.use(notFound());
  app.use("/api", api);
  if (localDemo && storefront.preview) app.use(storefront.preview);
  if (localDemo) app.use("/preview/thank-you", thankYouPreviewRouter({ config, db, content: { ...offers, requestCrossSellRefresh, crossSells } }));

  app.use(contentSecurityPolicy(config, shopify));
  if (config.mode === "shopify") {
    const validHost = (host: string) => shopify.api.utils.sanitizeHost(host);
    app.use(/^\/(?!assets\/)[^.]*$/, requireValidShopParameter(validShop, { required: false, sanitizeHost: validHost }), shopify.ensureInstalledOnShop());
  }
  app.use(adminAssets(config, deps.adminDistDir ?? ADMIN_DIST_DIR));
  app.use(notFound());
  app.use(errorHandler(logger));
  return { app, shopify, jobs, close: () => rateLimitStores.close() };
}
