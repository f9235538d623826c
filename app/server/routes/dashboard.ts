import { Router } from "express";
import { z } from "zod";
import { cohortRetentionMatrix } from "../../domain/metrics/cohort-retention";
import { dashboardMetrics } from "../../domain/metrics/dashboard-metrics";
import { overviewFromAggregates } from "../../domain/metrics/overview";
import { periodEndingAt, previousWindow } from "../../domain/metrics/period-aggregates";
import { repeatProbabilityDistribution } from "../../domain/metrics/repeat-probability-distribution";
import { segmentSizes } from "../../domain/metrics/segment-sizes";
import { RFM_GROUPS, VALUE_LADDER } from "../../domain/scoring";
import type { OverviewRepository } from "../../infra/db/repositories/overview-repository";
import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import type { DashboardRepository } from "../../infra/metrics/dashboard-repository";
import type { ShopUsageRepository } from "../../infra/metrics/shop-usage-repository";
import { apiContext } from "../middleware/authenticate-api";
import { parseInput } from "../validation";
import { requireShop } from "../require-shop";

export const DASHBOARD_PERIODS = ["30", "90", "365"] as const;

const dashboardQuery = z.object({ period: z.enum(DASHBOARD_PERIODS).default("30") }).strict();

/** The app embed block merchants activate in the theme editor (extensions/encore-storefront/blocks/). */
export const STOREFRONT_EMBED_HANDLE = "returning-banner";

export interface DashboardRouterDependencies {
  shops: ShopRepository;
  dashboard: DashboardRepository;
  usage: ShopUsageRepository;
  /** the all-time totals (the same figures as /api/overview) */
  overview: OverviewRepository;
  apiKey: string;
  now?: () => Date;
}

/**
 * GET /api/dashboard?period=30|90|365: period metrics with their change against the previous period, all-time
 * totals (customers, orders, AOV, historic CLV), the
 * monthly cohort retention matrix, the P(repeat in 90 days) distribution and segment sizes with revenue share.
 * GET /api/dashboard/usage: plan, usage counts and the storefront app-embed activation link (Settings page).
 */
export function dashboardRouter(deps: DashboardRouterDependencies): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  router.get("/", async (req, res) => {
    const { period } = parseInput(dashboardQuery, req.query);
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    const asOf = now();
    const window = periodEndingAt(asOf.getTime(), Number(period));
    const [current, previous, cohorts, bins, segments, totals] = await Promise.all([
      deps.dashboard.periodAggregates(shop.id, window),
      deps.dashboard.periodAggregates(shop.id, previousWindow(window)),
      deps.dashboard.cohortActivity(shop.id, asOf),
      deps.dashboard.repeatProbabilityBins(shop.id),
      deps.dashboard.segmentTotals(shop.id),
      deps.overview.aggregates(shop.domain),
    ]);
    const distribution = repeatProbabilityDistribution(bins);
    res.json({
      shop: shop.domain,
      currency: shop.currency,
      period: Number(period),
      window: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() },
      hasHistory: current.customersToDate > 0 || current.orders > 0,
      scoredCustomers: distribution.reduce((sum, bin) => sum + bin.customers, 0),
      metrics: dashboardMetrics(current, previous),
      // To-date figures, independent of the period (no "vs previous"): customers, orders, all-time AOV, historic CLV.
      totals: overviewFromAggregates(totals),
      cohorts: cohortRetentionMatrix(cohorts, { asOf: asOf.getTime() }),
      repeatDistribution: distribution,
      segments: { rfm: segmentSizes(segments.rfm, RFM_GROUPS), ladder: segmentSizes(segments.ladder, VALUE_LADDER) },
    });
  });

  router.get("/usage", async (_req, res) => {
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    const usage = await deps.usage.usage(shop.id, now());
    const activationUrl = `https://${shop.domain}/admin/themes/current/editor?context=apps&activateAppId=${encodeURIComponent(deps.apiKey)}/${STOREFRONT_EMBED_HANDLE}`;
    res.json({
      shop: shop.domain,
      plan: shop.plan,
      installedAt: shop.installedAt.toISOString(),
      usage,
      // Whether the embed is switched on lives in the theme's settings_data.json, which Encore does not read
      // (no read_themes scope): the page links to the activation instead of claiming a state.
      storefront: { embedHandle: STOREFRONT_EMBED_HANDLE, activationUrl, status: "unverified" as const },
    });
  });

  return router;
}
