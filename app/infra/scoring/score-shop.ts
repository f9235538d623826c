import {
  buildIndexedCustomerSummaries,
  fitScoringModel,
  oneOrderBaselinePRepeat90,
  segmentCounts,
  type ScoringModelName,
} from "../../domain/scoring";
import { scoringRunProgressWriter } from "./scoring-run-progress";
import { AppError } from "../../server/errors";
import type { Database } from "../db/database";
import { selectTransactionModel } from "./model-selection";
import { ParallelScorer, sharedFloat64Column } from "./parallel-scorer";
import type { ScoringTrigger } from "../jobs/scoring-hooks";
import { readOrderHistory } from "./order-history-reader";
import { saveScoreSet, saveScoringModel } from "./score-repository";

/** One pool of scoring threads per process (only used for shops of 200,000+ customers). */
const sharedScorer = new ParallelScorer();

export type { ScoringTrigger } from "../jobs/scoring-hooks";

export interface ScoringProgress {
  phase: "reading" | "fitting" | "scoring" | "saving" | "done";
  done: number;
  total: number;
}

export interface ScoreShopOptions {
  shopDomain: string;
  /** The observation end: scores are as of this instant. */
  now: Date;
  trigger: ScoringTrigger;
  onProgress?: (progress: ScoringProgress) => void;
  /** From how many customers the set is built beside the live one and swapped in (score-repository.ts's default). */
  bulkSaveFromCustomers?: number;
}

export interface ScoreShopReport {
  runId: string;
  model: ScoringModelName;
  customers: number;
  orders: number;
  segments: ReturnType<typeof segmentCounts>;
  timings: { readMs: number; fitMs: number; scoreMs: number; saveMs: number };
}

/**
 * Scores every customer of a shop: reads its orders once, fits (and if possible backtests) the models, scores,
 * and replaces the shop's score rows and fitted model in one transaction (a large shop's set built beside the live
 * one and swapped in), so readers never see a half-written score set. A ScoringRun row records the attempt either way.
 */
export async function scoreShop(db: Database, options: ScoreShopOptions): Promise<ScoreShopReport> {
  const shop = await db.prisma.shop.findUnique({ where: { domain: options.shopDomain }, select: { id: true } });
  if (!shop) throw new AppError("NOT_FOUND", `Unknown shop ${options.shopDomain}`);
  const run = await db.prisma.scoringRun.create({
    data: { shopId: shop.id, status: "running", trigger: options.trigger, startedAt: options.now, phase: "reading", heartbeatAt: new Date() },
  });
  const live = scoringRunProgressWriter(db.pool, run.id);
  const progress = (phase: ScoringProgress["phase"], done: number, total: number) => {
    live.update({ phase, done, total });
    options.onProgress?.({ phase, done, total });
  };
  try {
    let mark = performance.now();
    progress("reading", 0, 0);
    const history = await readOrderHistory(db.pool, shop.id, options.now);
    const readMs = performance.now() - mark;

    mark = performance.now();
    // Columns in shared memory: the scoring threads read them in place.
    // The orders are kept indexed by customer so that the backtest's pass over them looks up no ids.
    const { summaries, orders } = buildIndexedCustomerSummaries(history.records(), {
      observationEnd: options.now.getTime(),
      timeUnit: "days",
      allocateColumn: sharedFloat64Column,
      expectedOrders: history.size,
    });
    progress("fitting", 0, summaries.size);
    const first = history.size > 0 ? history.timestamps[0] : options.now.getTime();
    const selection = selectTransactionModel(orders, { first, end: options.now.getTime() });
    const model = fitScoringModel(summaries, { model: selection.model, activityModel: selection.activityModel });
    const fitMs = performance.now() - mark;

    mark = performance.now();
    progress("scoring", 0, summaries.size);
    const table = await sharedScorer.score(summaries, model);
    // Every customer scored: the admin reads "x of N customers" per stage, so the count must reach N here.
    progress("scoring", summaries.size, summaries.size);
    const scoreMs = performance.now() - mark;

    mark = performance.now();
    progress("saving", 0, summaries.size);
    const segments = segmentCounts(table);
    const oneOrderPRepeat90 = oneOrderBaselinePRepeat90({ orderCount: summaries.orderCount, pRepeat90: table.pRepeat90 }, summaries.size);
    try {
      await saveScoreSet(db, {
        shopId: shop.id,
        summaries,
        table,
        scoredAt: options.now,
        onProgress: (done) => progress("saving", done, summaries.size),
        inSameTransaction: (client) => saveScoringModel(client, shop.id, model, selection, options.now, options.now, oneOrderPRepeat90),
        bulkFromCustomers: options.bulkSaveFromCustomers,
      });
    } finally {
      // The table's columns go back to the scorer's pool for the next shop.
      sharedScorer.release(table);
    }
    const saveMs = performance.now() - mark;

    live.stop();
    await db.prisma.scoringRun.update({
      where: { id: run.id },
      data: { status: "succeeded", customersTotal: summaries.size, customersScored: summaries.size, finishedAt: new Date(), phase: "done" },
    });
    progress("done", summaries.size, summaries.size);
    return {
      runId: run.id,
      model: model.name,
      customers: summaries.size,
      orders: history.size,
      segments,
      timings: { readMs, fitMs, scoreMs, saveMs },
    };
  } catch (error) {
    live.stop();
    await db.prisma.scoringRun.update({
      where: { id: run.id },
      data: { status: "failed", error: (error as Error).message.slice(0, 500), finishedAt: new Date() },
    });
    throw error;
  }
}
