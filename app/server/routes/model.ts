import { Router } from "express";
import { dataSufficiency } from "../../domain/metrics/data-sufficiency";
import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import type { ModelRepository } from "../../infra/metrics/model-repository";
import type { ScoringRunRegistry } from "../../infra/metrics/scoring-run-registry";
import { apiContext } from "../middleware/authenticate-api";
import { requireShop } from "../require-shop";

interface StoredFits {
  model?: {
    name?: string;
    timeUnit?: string;
    transactions?: Record<string, unknown>;
    transactionFit?: { converged?: boolean; logLikelihood?: number; iterations?: number; customers?: number } | null;
    spend?: Record<string, unknown> | null;
    shopMeanOrderValue?: number;
    /** Absent in models stored before large shops were fitted on a sample (those were fitted on everyone). */
    fittedOn?: { customers: number; of: number };
  };
  selection?: { model?: string; reason?: string };
}

interface StoredBacktest {
  holdoutLength?: number;
  calibrationCustomers?: number;
  totals?: { predicted: number; actual: number };
  weekly?: { week: number; predictedCumulative: number; actualCumulative: number }[];
  byFrequency?: { x: string; customers: number; predictedMean: number; actualMean: number }[];
  correlation?: number;
}

/**
 * GET /api/model: the shop's fitted model and its parameters, the backtest (cumulative predicted vs actual
 * repeat purchases over the holdout, per-frequency means) of every candidate, data sufficiency and
 * confidence, the last sync and the last scoring run. `model` is null until the shop has been scored.
 */
export function modelRouter(deps: { shops: ShopRepository; models: ModelRepository; runs: ScoringRunRegistry }): Router {
  const router = Router();
  router.get("/", async (_req, res) => {
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    const [stored, scoring, sync] = await Promise.all([deps.models.model(shop.id), deps.models.latestScoringRun(shop.id), deps.models.syncRuns(shop.id)]);
    const fits = (stored?.fits ?? {}) as StoredFits;
    const backtests = (stored?.backtest ?? {}) as Record<string, StoredBacktest>;
    res.json({
      currency: shop.currency,
      model: stored && {
        selected: stored.selectedModel,
        reason: fits.selection?.reason ?? null,
        timeUnit: stored.timeUnit,
        confidence: stored.confidence,
        customers: stored.customers,
        repeatCustomers: stored.repeatCustomers,
        observationEnd: stored.observationEnd,
        fittedAt: stored.fittedAt,
        parameters: {
          transactions: withoutModelTag(fits.model?.transactions),
          spend: withoutModelTag(fits.model?.spend ?? null),
          shopMeanOrderValue: fits.model?.shopMeanOrderValue ?? null,
        },
        fittedOn: fits.model?.fittedOn ?? null,
        fit: fits.model?.transactionFit
          ? {
              converged: fits.model.transactionFit.converged ?? null,
              logLikelihood: fits.model.transactionFit.logLikelihood ?? null,
              iterations: fits.model.transactionFit.iterations ?? null,
            }
          : null,
      },
      backtests: Object.entries(backtests).map(([model, result]) => ({
        model,
        holdoutLength: result.holdoutLength ?? null,
        calibrationCustomers: result.calibrationCustomers ?? null,
        totals: result.totals ?? null,
        weekly: result.weekly ?? [],
        byFrequency: result.byFrequency ?? [],
        correlation: result.correlation ?? null,
      })),
      sufficiency: stored ? dataSufficiency(stored.customers, stored.repeatCustomers) : null,
      lastScoring: scoring,
      scoringInProgress: (await deps.runs.current(shop.domain)) !== null,
      lastSync: sync.lastSucceeded,
      latestSync: sync.latest,
    });
  });
  return router;
}

function withoutModelTag(params: Record<string, unknown> | null | undefined): Record<string, number> | null {
  if (!params) return null;
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, number] => typeof entry[1] === "number"));
}
