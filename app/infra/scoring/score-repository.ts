import type pg from "pg";
import { customerConfidence, customerScoreAt, type CustomerPrediction, type CustomerSegments, type ScoreTable, type CustomerSummaries, type ScoringModel } from "../../domain/scoring";
import type { ModelSelection } from "./model-selection";
import type { Database } from "../db/database";
import { textArrayLiteral } from "../db/repositories/commerce-rows";
import { REPLACE_SCORE_ON_CONFLICT } from "./score-columns";
import { dropSnapshotsOfLiveScores, snapshotShopScores } from "./score-history";
import { createStagingTable, prepareStagingTable, swapInStagingTable, validateDefaultExclusion } from "./score-partition";

type Queryable = Pick<pg.ClientBase, "query">;

const INSERT_BATCH = 5_000;

/**
 * From this many customers a full run builds its set beside the live one and swaps it in (score-partition.ts);
 * below it, replacing rows in place is faster than building and indexing a table.
 */
export const BULK_SAVE_FROM_CUSTOMERS = 50_000;

export interface SaveScoreSetOptions {
  shopId: string;
  summaries: CustomerSummaries;
  table: ScoreTable;
  scoredAt: Date;
  onProgress?: (done: number) => void;
  /** Written in the transaction that makes the new set visible (the fitted model that scored it). */
  inSameTransaction?: (client: Queryable) => Promise<void>;
  /** Overrides BULK_SAVE_FROM_CUSTOMERS (tests). */
  bulkFromCustomers?: number;
  /** Each step of a bulk save and its duration (benchmarks). */
  onStep?: (step: string, ms: number) => void;
}

/**
 * Replaces all of a shop's score rows and snapshots the old ones into history. Readers see the whole old set
 * until one commit and the whole new set after it; on failure the old set (and history) stay as they were.
 */
export async function saveScoreSet(db: Pick<Database, "pool" | "kind">, options: SaveScoreSetOptions): Promise<void> {
  const bulk = options.table.size >= (options.bulkFromCustomers ?? BULK_SAVE_FROM_CUSTOMERS);
  // PGlite is one backend behind every pooled connection: a second connection is no second worker there.
  const historyBeside = bulk && db.kind === "postgres" ? snapshotBeside(db.pool, options.shopId) : null;
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    if (bulk) {
      await buildAndSwapScoreSet(client, db.kind, options, historyBeside);
    } else {
      await snapshotShopScores(client, options.shopId);
      await client.query(`DELETE FROM "CustomerScore" WHERE "shopId" = $1`, [options.shopId]);
      await writeScoreRows(client, upsertScoreRowsSql, options);
    }
    await options.inSameTransaction?.(client);
    await client.query("COMMIT");
    if (bulk) {
      // The set is in: neither failure undoes it. The next run retries both (until then a swap scans the
      // default partition, and history hides the duplicate of a carried-over re-score).
      await validateDefaultExclusion(client, options.shopId).catch(() => {});
      if (historyBeside) await dropSnapshotsOfLiveScores(client, options.shopId).catch(() => {});
    }
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    // The history written beside a swap that did not happen describes the set still live.
    await historyBeside?.done.catch(() => {});
    if (historyBeside) await dropSnapshotsOfLiveScores(db.pool, options.shopId).catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The old set's snapshot on a connection of its own, committed before the swap (its read lock would block it). */
function snapshotBeside(pool: pg.Pool, shopId: string): { done: Promise<void> } {
  const done = (async () => {
    const client = await pool.connect();
    try {
      await dropSnapshotsOfLiveScores(client, shopId);
      await client.query("BEGIN");
      await snapshotShopScores(client, shopId);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  })();
  // Awaited before the swap; until then a failure must not surface as an unhandled rejection.
  done.catch(() => {});
  return { done };
}

async function buildAndSwapScoreSet(
  client: Queryable,
  kind: Database["kind"],
  options: SaveScoreSetOptions,
  historyBeside: { done: Promise<void> } | null,
): Promise<void> {
  const step = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    options.onStep?.(label, performance.now() - started);
    return result;
  };
  const staging = await createStagingTable(client, options.shopId);
  await step("write rows", () => writeScoreRows(client, insertScoreRowsSql(staging), options));
  // A million rows' sort keys fit in memory: the default 64 MB made each index build sort on disk (measured
  // 6.1 s → 1.8 s for one index). PGlite keeps its default: its memory is the app process's.
  if (kind === "postgres") await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  await step("index", () => prepareStagingTable(client, staging, options.shopId, options.onStep));
  if (historyBeside) await step("wait for history", () => historyBeside.done);
  else await step("history", () => snapshotShopScores(client, options.shopId));
  await step("swap", () => swapInStagingTable(client, staging, options.shopId, options.scoredAt));
}

/** Batches of rows; the next batch's parameters are built while the server inserts the one before. */
async function writeScoreRows(client: Queryable, sql: string, options: SaveScoreSetOptions): Promise<void> {
  const { summaries, table } = options;
  let inserting: Promise<unknown> | null = null;
  for (let start = 0; start < table.size; start += INSERT_BATCH) {
    const end = Math.min(table.size, start + INSERT_BATCH);
    const rows = Array.from({ length: end - start }, (_, offset) => scoreRow(summaries, table, start + offset));
    const parameters = scoreRowsParameters(options.shopId, options.scoredAt, rows);
    if (inserting) await inserting;
    inserting = client.query(sql, parameters).then(() => options.onProgress?.(end));
  }
  if (inserting) await inserting;
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
  await db.query(upsertScoreRowsSql, scoreRowsParameters(shopId, scoredAt, rows));
}

const upsertScoreRowsSql = `${insertScoreRowsSql(`"CustomerScore"`)}
     ${REPLACE_SCORE_ON_CONFLICT}`;

/**
 * INSERT … SELECT FROM unnest of one array per column: one statement (and one parse) per batch of rows. The
 * arrays travel as array literals written here and instants as epoch milliseconds: pg's own serialization of
 * JS arrays (Dates formatted in local time, element by element) cost ~21 s of Node CPU per million rows, more
 * than the server's whole insert.
 */
export function insertScoreRowsSql(table: string): string {
  return `INSERT INTO ${table} ("shopId", "scoredAt", "customerId", model, confidence, "orderCount", "repeatPurchases",
       "firstOrderAt", "lastOrderAt", "totalSpent", "averageOrderValue", "pAlive", "pRepeat90", "expectedOrders90",
       "expectedOrders365", "expectedNextOrderAt", "predictedClv365", "rfmRecency", "rfmFrequency", "rfmMonetary",
       "rfmSegment", "loyaltySegment")
     SELECT $1, $2, u.customer, u.model, u.confidence, u.orders, u.repeats, to_timestamp(u.first / 1000), to_timestamp(u.last / 1000),
            u.spent, u.aov, u.alive, u.repeat90, u.orders90, u.orders365, to_timestamp(u.next / 1000), u.clv, u.r, u.f, u.m,
            u.rfm, u.ladder
     FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::float8[], $9::float8[],
                 $10::numeric[], $11::numeric[], $12::float8[], $13::float8[], $14::float8[], $15::float8[],
                 $16::float8[], $17::numeric[], $18::int[], $19::int[], $20::int[], $21::text[], $22::text[])
       AS u(customer, model, confidence, orders, repeats, first, last, spent, aov, alive, repeat90, orders90, orders365,
            next, clv, r, f, m, rfm, ladder)`;
}

export function scoreRowsParameters(shopId: string, scoredAt: Date, rows: ScoreRow[]): unknown[] {
  // join() turns numbers into float8in's input: JS's shortest round-trip form (and NaN, Infinity) reads back
  // as the same double.
  const literal = (values: unknown[]) => `{${values.join(",")}}`;
  const number = (key: NumberKeys) => literal(rows.map((row) => row[key]));
  const money = (key: "totalSpent" | "averageOrderValue" | "predictedClv365") => literal(rows.map((row) => row[key].toFixed(2)));
  const instant = (key: "firstOrderAt" | "lastOrderAt") => literal(rows.map((row) => row[key].getTime()));
  return [
    shopId,
    scoredAt,
    textArrayLiteral(rows.map((row) => row.customerId)),
    textArrayLiteral(rows.map((row) => row.model)),
    textArrayLiteral(rows.map((row) => row.confidence)),
    number("orderCount"),
    number("repeatPurchases"),
    instant("firstOrderAt"),
    instant("lastOrderAt"),
    money("totalSpent"),
    money("averageOrderValue"),
    number("pAlive"),
    number("pRepeat90"),
    number("expectedOrders90"),
    number("expectedOrders365"),
    literal(rows.map((row) => (row.expectedNextOrderAt === null ? "NULL" : row.expectedNextOrderAt.getTime()))),
    money("predictedClv365"),
    number("rfmRecency"),
    number("rfmFrequency"),
    number("rfmMonetary"),
    textArrayLiteral(rows.map((row) => row.rfmSegment)),
    textArrayLiteral(rows.map((row) => row.loyaltySegment)),
  ];
}

type NumberKeys = { [K in keyof ScoreRow]: ScoreRow[K] extends number ? K : never }[keyof ScoreRow];

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
  oneOrderPRepeat90: number | null,
): Promise<void> {
  const fits: StoredScoringModel = { model, selection: { model: selection.model, reason: selection.reason } };
  const backtests = Object.keys(selection.backtests).length > 0 ? selection.backtests : null;
  await db.query(
    `INSERT INTO "ScoringModel" (id, "shopId", "selectedModel", "timeUnit", fits, backtest, confidence, customers,
                                 "repeatCustomers", "observationEnd", "fittedAt", "oneOrderPRepeat90")
     VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT ("shopId") DO UPDATE SET "selectedModel" = excluded."selectedModel", "timeUnit" = excluded."timeUnit",
       fits = excluded.fits, backtest = excluded.backtest, confidence = excluded.confidence,
       customers = excluded.customers, "repeatCustomers" = excluded."repeatCustomers",
       "observationEnd" = excluded."observationEnd", "fittedAt" = excluded."fittedAt",
       "oneOrderPRepeat90" = excluded."oneOrderPRepeat90"`,
    [shopId, model.name, model.timeUnit, JSON.stringify(fits), backtests && JSON.stringify(backtests), model.confidence,
      model.customers, model.repeatCustomers, observationEnd, fittedAt, oneOrderPRepeat90],
  );
}
