import type pg from "pg";
import { customerConfidence, customerScoreAt, type CustomerPrediction, type CustomerSegments, type ScoreTable, type CustomerSummaries, type ScoringModel } from "../../domain/scoring";
import type { ModelSelection } from "./model-selection";
import { snapshotShopScores } from "./score-history";

type Queryable = Pick<pg.ClientBase, "query">;

const INSERT_BATCH = 5_000;

/** Replaces all of a shop's score rows; the caller runs it inside one transaction. */
export async function replaceCustomerScores(
  db: Queryable,
  shopId: string,
  summaries: CustomerSummaries,
  table: ScoreTable,
  scoredAt: Date,
  onProgress?: (done: number) => void,
): Promise<void> {
  await snapshotShopScores(db, shopId);
  await db.query(`DELETE FROM "CustomerScore" WHERE "shopId" = $1`, [shopId]);
  for (let start = 0; start < table.size; start += INSERT_BATCH) {
    const end = Math.min(table.size, start + INSERT_BATCH);
    const rows = Array.from({ length: end - start }, (_, offset) => scoreRow(summaries, table, start + offset));
    await insertScoreRows(db, shopId, scoredAt, rows);
    onProgress?.(end);
  }
}

export interface ScoreRow {
  customerId: string;
  model: string;
  confidence: string;
  orderCount: number;
  repeatPurchases: number;
  firstOrderAt: Date;
  lastOrderAt: Date;
  totalSpent: number;
  averageOrderValue: number;
  pAlive: number;
  pRepeat90: number;
  expectedOrders90: number;
  expectedOrders365: number;
  expectedNextOrderAt: Date | null;
  predictedClv365: number;
  rfmRecency: number;
  rfmFrequency: number;
  rfmMonetary: number;
  rfmSegment: string;
  loyaltySegment: string;
}

export function scoreRow(summaries: CustomerSummaries, table: ScoreTable, i: number): ScoreRow {
  const score = customerScoreAt(table, i);
  return toScoreRow(summaries, i, score, score.segments);
}

/** One stored row from a customer's summary (index i), the model's prediction and the segments. */
export function toScoreRow(summaries: CustomerSummaries, i: number, prediction: CustomerPrediction, segments: CustomerSegments): ScoreRow {
  return {
    customerId: prediction.customerId,
    model: prediction.model,
    // The shop's confidence capped by this customer's own evidence (one order says little).
    confidence: customerConfidence(prediction.confidence, summaries.x[i]),
    orderCount: summaries.orderCount[i],
    repeatPurchases: summaries.x[i],
    firstOrderAt: new Date(summaries.firstOrderAt[i]),
    lastOrderAt: new Date(summaries.lastOrderAt[i]),
    totalSpent: summaries.totalSpend[i],
    averageOrderValue: summaries.meanOrderValue[i],
    pAlive: prediction.pAlive,
    pRepeat90: prediction.pRepeat90,
    expectedOrders90: prediction.expectedOrders90,
    expectedOrders365: prediction.expectedOrders365,
    expectedNextOrderAt: prediction.expectedNextOrderAt === null ? null : new Date(prediction.expectedNextOrderAt),
    predictedClv365: prediction.predictedClv365,
    rfmRecency: segments.rfm.recency,
    rfmFrequency: segments.rfm.frequency,
    rfmMonetary: segments.rfm.monetary,
    rfmSegment: segments.rfmGroup,
    loyaltySegment: segments.ladder,
  };
}

/** Upsert by customer, so one customer's re-score and a full replace share the statement. */
export async function insertScoreRows(db: Queryable, shopId: string, scoredAt: Date, rows: ScoreRow[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof ScoreRow>(key: K) => rows.map((row) => row[key]);
  await db.query(
    `INSERT INTO "CustomerScore" (id, "shopId", "scoredAt", "customerId", model, confidence, "orderCount", "repeatPurchases",
       "firstOrderAt", "lastOrderAt", "totalSpent", "averageOrderValue", "pAlive", "pRepeat90", "expectedOrders90",
       "expectedOrders365", "expectedNextOrderAt", "predictedClv365", "rfmRecency", "rfmFrequency", "rfmMonetary",
       "rfmSegment", "loyaltySegment")
     SELECT gen_random_uuid()::text, $1, $2, u.*
     FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::timestamptz[], $9::timestamptz[],
                 $10::numeric[], $11::numeric[], $12::float8[], $13::float8[], $14::float8[], $15::float8[],
                 $16::timestamptz[], $17::numeric[], $18::int[], $19::int[], $20::int[], $21::text[], $22::text[]) AS u
     ON CONFLICT ("customerId") DO UPDATE SET
       "scoredAt" = excluded."scoredAt", model = excluded.model, confidence = excluded.confidence,
       "orderCount" = excluded."orderCount", "repeatPurchases" = excluded."repeatPurchases",
       "firstOrderAt" = excluded."firstOrderAt", "lastOrderAt" = excluded."lastOrderAt",
       "totalSpent" = excluded."totalSpent", "averageOrderValue" = excluded."averageOrderValue",
       "pAlive" = excluded."pAlive", "pRepeat90" = excluded."pRepeat90", "expectedOrders90" = excluded."expectedOrders90",
       "expectedOrders365" = excluded."expectedOrders365", "expectedNextOrderAt" = excluded."expectedNextOrderAt",
       "predictedClv365" = excluded."predictedClv365", "rfmRecency" = excluded."rfmRecency",
       "rfmFrequency" = excluded."rfmFrequency", "rfmMonetary" = excluded."rfmMonetary",
       "rfmSegment" = excluded."rfmSegment", "loyaltySegment" = excluded."loyaltySegment"`,
    [
      shopId,
      scoredAt,
      column("customerId"),
      column("model"),
      column("confidence"),
      column("orderCount"),
      column("repeatPurchases"),
      column("firstOrderAt"),
      column("lastOrderAt"),
      rows.map((row) => row.totalSpent.toFixed(2)),
      rows.map((row) => row.averageOrderValue.toFixed(2)),
      column("pAlive"),
      column("pRepeat90"),
      column("expectedOrders90"),
      column("expectedOrders365"),
      column("expectedNextOrderAt"),
      rows.map((row) => row.predictedClv365.toFixed(2)),
      column("rfmRecency"),
      column("rfmFrequency"),
      column("rfmMonetary"),
      column("rfmSegment"),
      column("loyaltySegment"),
    ],
  );
}

/** What is stored per shop: everything needed to score one more customer later with the same fit. */
export interface StoredScoringModel {
  model: ScoringModel;
  selection: { model: string; reason: string };
}

export async function saveScoringModel(
  db: Queryable,
  shopId: string,
  model: ScoringModel,
  selection: ModelSelection,
  observationEnd: Date,
  fittedAt: Date,
): Promise<void> {
  const fits: StoredScoringModel = { model, selection: { model: selection.model, reason: selection.reason } };
  const backtests = Object.keys(selection.backtests).length > 0 ? selection.backtests : null;
  await db.query(
    `INSERT INTO "ScoringModel" (id, "shopId", "selectedModel", "timeUnit", fits, backtest, confidence, customers,
                                 "repeatCustomers", "observationEnd", "fittedAt")
     VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT ("shopId") DO UPDATE SET "selectedModel" = excluded."selectedModel", "timeUnit" = excluded."timeUnit",
       fits = excluded.fits, backtest = excluded.backtest, confidence = excluded.confidence,
       customers = excluded.customers, "repeatCustomers" = excluded."repeatCustomers",
       "observationEnd" = excluded."observationEnd", "fittedAt" = excluded."fittedAt"`,
    [shopId, model.name, model.timeUnit, JSON.stringify(fits), backtests && JSON.stringify(backtests), model.confidence,
      model.customers, model.repeatCustomers, observationEnd, fittedAt],
  );
}
