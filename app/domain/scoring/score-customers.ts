/**
 * Scores every customer of a shop: the numbers stored per customer.
 *
 * Definitions (all conditional on the customer's own history):
 *  - pAlive: P(still an active customer at the observation end), from the shop's activity model
 *    (activity-model.ts), so one-time buyers get a real probability rather than the BG/NBD's 1.
 *  - pRepeat90: P(at least one order in the next 90 days).
 *  - expectedOrders90 / expectedOrders365: expected orders (transaction days)
 *    in the next 90 / 365 days.
 *  - expectedNextOrderAt: observation end + the median time to the next
 *    order, i.e. the date by which an order is more likely than not. null when
 *    that never happens within `nextOrderHorizonDays` (default 730) — which
 *    includes every customer with P(alive) ≤ ½.
 *  - predictedClv365: expected revenue over the next 365 days, optionally
 *    discounted monthly (clv.ts).
 *  - segments: RFM quintiles + named group, and the value ladder ranked by
 *    pRepeat90 × expected order value (segment-cutoffs.ts).
 * Output is column-oriented (typed arrays): no per-customer allocation.
 */
import { bgNbdPredictColumns } from "./bgnbd-batch";
import type { ConfidenceLevel } from "./confidence";
import { customerSummaryAt, type CustomerSummaries } from "./customer-summary";
import { discountedValue } from "./clv";
import { RFM_GROUPS, type RfmGroup, type RfmScores } from "./rfm-segments";
import { computeSegments, type SegmentColumns } from "./segment-cutoffs";
import { expectedOrderValue, orderValueFunction, type ScoringModel, type ScoringModelName } from "./scoring-model";
import { daysPerUnit, MS_PER_DAY } from "./time-unit";
import { expectedPurchases, newTransactionPrediction, predictTransactions, probabilityAlive, type TransactionParams } from "./transaction-model";
import { VALUE_LADDER, type ValueLadderRung } from "./value-ladder";

export interface ScoreOptions {
  /** monthly discount rate for the CLV (default 0) */
  readonly monthlyDiscountRate?: number;
  /** expectedNextOrderAt is null beyond this many days (default 730) */
  readonly nextOrderHorizonDays?: number;
}

export interface ScoreTable {
  readonly size: number;
  readonly customerIds: readonly string[];
  readonly model: ScoringModelName;
  readonly confidence: ConfidenceLevel;
  readonly params: TransactionParams;
  readonly pAlive: Float64Array;
  readonly pRepeat90: Float64Array;
  readonly expectedOrders90: Float64Array;
  readonly expectedOrders365: Float64Array;
  /** epoch ms, NaN = none */
  readonly expectedNextOrderAt: Float64Array;
  readonly expectedOrderValue: Float64Array;
  readonly predictedClv365: Float64Array;
  readonly rfm: RfmScores;
  /** index into VALUE_LADDER */
  readonly ladder: Uint8Array;
}

export interface CustomerSegments {
  /** quintile scores, 5 = best */
  readonly rfm: { readonly recency: number; readonly frequency: number; readonly monetary: number };
  readonly rfmGroup: RfmGroup;
  readonly ladder: ValueLadderRung;
}

/** Model-only predictions for one customer (no population-relative segments). */
export interface CustomerPrediction {
  readonly customerId: string;
  readonly model: ScoringModelName;
  readonly confidence: ConfidenceLevel;
  readonly pAlive: number;
  readonly pRepeat90: number;
  readonly expectedOrders90: number;
  readonly expectedOrders365: number;
  /** epoch ms or null */
  readonly expectedNextOrderAt: number | null;
  readonly expectedOrderValue: number;
  readonly predictedClv365: number;
}

export interface CustomerScore extends CustomerPrediction {
  readonly segments: CustomerSegments;
}

export function scoreCustomers(summaries: CustomerSummaries, model: ScoringModel, options: ScoreOptions = {}): ScoreTable {
  const columns = allocatePredictionColumns(summaries.size);
  predictCustomerRange(summaries, model, options, 0, summaries.size, columns);
  return completeScoreTable(summaries, model, columns);
}

/** The per-customer columns of a score table; `allocate` lets a caller back them with shared memory. */
export function allocatePredictionColumns(n: number, allocate: (n: number) => Float64Array = (size) => new Float64Array(size)): PredictionColumns {
  return {
    pAlive: allocate(n),
    pRepeat90: allocate(n),
    expectedOrders90: allocate(n),
    expectedOrders365: allocate(n),
    expectedNextOrderAt: allocate(n),
    expectedOrderValue: allocate(n),
    predictedClv365: allocate(n),
  };
}

/**
 * Model predictions for customers [start, end) into `columns` (indexed like `summaries`). Customers are
 * independent here, so disjoint ranges may be computed concurrently (app/infra splits large shops across cores).
 */
export function predictCustomerRange(
  summaries: CustomerSummaries,
  model: ScoringModel,
  options: ScoreOptions,
  start: number,
  end: number,
  columns: PredictionColumns,
): void {
  const params = model.transactions;
  if (params.model !== "bgnbd") {
    const scratch = newTransactionPrediction();
    for (let i = start; i < end; i++) predictInto(summaries, model, options, i, scratch, columns);
    return;
  }
  // Column-at-a-time path (bgnbd-batch.ts): same numbers as predictInto, shared terms computed once.
  const unitDays = daysPerUnit(params.timeUnit);
  const horizonDays = options.nextOrderHorizonDays ?? 730;
  const waits = columns.expectedNextOrderAt;
  const slice = (array: ArrayLike<number>) => (array as Float64Array).subarray(start, end);
  bgNbdPredictColumns(params, slice(summaries.x), slice(summaries.tx), slice(summaries.T), 90 / unitDays, 365 / unitDays, horizonDays / unitDays, {
    pAlive: columns.pAlive.subarray(start, end),
    pRepeatShort: columns.pRepeat90.subarray(start, end),
    expectedShort: columns.expectedOrders90.subarray(start, end),
    expectedLong: columns.expectedOrders365.subarray(start, end),
    medianWait: waits.subarray(start, end),
  });
  const msPerUnit = unitDays * MS_PER_DAY;
  const observationEnd = summaries.observationEnd;
  const rate = options.monthlyDiscountRate ?? 0;
  // Columns and the value function hoisted out of the loop: one shape check per range, not per customer.
  const { x: xs, tx: txs, T: Ts, meanRepeatValue, meanOrderValue } = summaries;
  const { expectedOrderValue: values, expectedOrders365, predictedClv365 } = columns;
  const valueOf = orderValueFunction(model);
  const activity = model.activity && model.activity.model !== params.model ? model.activity : null;
  const pAlive = columns.pAlive;
  for (let i = start; i < end; i++) {
    if (activity) pAlive[i] = probabilityAlive(activity, xs[i], txs[i], Ts[i]);
    const wait = waits[i];
    waits[i] = wait === Infinity ? NaN : observationEnd + wait * msPerUnit;
    const x = xs[i];
    const value = valueOf(x, meanRepeatValue[i], meanOrderValue[i]);
    values[i] = value;
    if (rate === 0) predictedClv365[i] = expectedOrders365[i] * value;
    else predictedClv365[i] = discountedValue((days) => expectedPurchases(params, x, txs[i], Ts[i], days / unitDays), value, 365, rate);
  }
}

/** Adds the shop-relative segments (RFM quintiles and groups, the value ladder) to complete predictions. */
export function completeScoreTable(summaries: CustomerSummaries, model: ScoringModel, columns: PredictionColumns, segments?: SegmentColumns): ScoreTable {
  const n = summaries.size;
  const { recency, frequency, monetary, group, ladder } =
    segments ?? computeSegments({ summaries, pRepeat90: columns.pRepeat90, expectedOrderValue: columns.expectedOrderValue }, n);
  return {
    size: n,
    customerIds: summaries.customerIds,
    model: model.name,
    confidence: model.confidence,
    params: model.transactions,
    ...columns,
    rfm: { recency, frequency, monetary, group },
    ladder,
  };
}

export interface PredictionColumns {
  pAlive: Float64Array;
  pRepeat90: Float64Array;
  expectedOrders90: Float64Array;
  expectedOrders365: Float64Array;
  expectedNextOrderAt: Float64Array;
  expectedOrderValue: Float64Array;
  predictedClv365: Float64Array;
}

function predictInto(
  summaries: CustomerSummaries,
  model: ScoringModel,
  options: ScoreOptions,
  i: number,
  scratch: ReturnType<typeof newTransactionPrediction>,
  out: PredictionColumns,
  at = i,
): void {
  const params = model.transactions;
  const unitDays = daysPerUnit(params.timeUnit);
  const x = summaries.x[i];
  const tx = summaries.tx[i];
  const T = summaries.T[i];
  const horizonDays = options.nextOrderHorizonDays ?? 730;
  const p = predictTransactions(params, x, tx, T, 90 / unitDays, 365 / unitDays, horizonDays / unitDays, scratch);
  const value = expectedOrderValue(model, x, summaries.meanRepeatValue[i], summaries.meanOrderValue[i]);
  out.pAlive[at] = model.activity && model.activity.model !== params.model ? probabilityAlive(model.activity, x, tx, T) : p.pAlive;
  out.pRepeat90[at] = p.pRepeatShort;
  out.expectedOrders90[at] = p.expectedShort;
  out.expectedOrders365[at] = p.expectedLong;
  out.expectedNextOrderAt[at] = p.medianWait === Infinity ? NaN : summaries.observationEnd + p.medianWait * unitDays * MS_PER_DAY;
  out.expectedOrderValue[at] = value;
  const rate = options.monthlyDiscountRate ?? 0;
  out.predictedClv365[at] =
    rate === 0 ? p.expectedLong * value : discountedValue((days) => expectedPurchases(params, x, tx, T, days / unitDays), value, 365, rate);
}

/** Predictions for customer i of `summaries` alone (segments need the whole shop: use scoreCustomers). */
export function scoreCustomer(summaries: CustomerSummaries, i: number, model: ScoringModel, options: ScoreOptions = {}): CustomerPrediction {
  const one = {
    pAlive: new Float64Array(1),
    pRepeat90: new Float64Array(1),
    expectedOrders90: new Float64Array(1),
    expectedOrders365: new Float64Array(1),
    expectedNextOrderAt: new Float64Array(1),
    expectedOrderValue: new Float64Array(1),
    predictedClv365: new Float64Array(1),
  };
  predictInto(summaries, model, options, i, newTransactionPrediction(), one, 0);
  return {
    customerId: customerSummaryAt(summaries, i).customerId,
    model: model.name,
    confidence: model.confidence,
    pAlive: one.pAlive[0],
    pRepeat90: one.pRepeat90[0],
    expectedOrders90: one.expectedOrders90[0],
    expectedOrders365: one.expectedOrders365[0],
    expectedNextOrderAt: Number.isNaN(one.expectedNextOrderAt[0]) ? null : one.expectedNextOrderAt[0],
    expectedOrderValue: one.expectedOrderValue[0],
    predictedClv365: one.predictedClv365[0],
  };
}

/** Row view of customer i of a score table (what the job stores as one CustomerScore row). */
export function customerScoreAt(table: ScoreTable, i: number): CustomerScore {
  const next = table.expectedNextOrderAt[i];
  return {
    customerId: table.customerIds[i],
    model: table.model,
    confidence: table.confidence,
    pAlive: table.pAlive[i],
    pRepeat90: table.pRepeat90[i],
    expectedOrders90: table.expectedOrders90[i],
    expectedOrders365: table.expectedOrders365[i],
    expectedNextOrderAt: Number.isNaN(next) ? null : next,
    expectedOrderValue: table.expectedOrderValue[i],
    predictedClv365: table.predictedClv365[i],
    segments: {
      rfm: { recency: table.rfm.recency[i], frequency: table.rfm.frequency[i], monetary: table.rfm.monetary[i] },
      rfmGroup: RFM_GROUPS[table.rfm.group[i]],
      ladder: VALUE_LADDER[table.ladder[i]],
    },
  };
}

/** Segment counts of a score table (every customer in exactly one of each kind). */
export function segmentCounts(table: ScoreTable): { rfmGroup: Record<RfmGroup, number>; ladder: Record<ValueLadderRung, number> } {
  const rfmGroup = Object.fromEntries(RFM_GROUPS.map((g) => [g, 0])) as Record<RfmGroup, number>;
  const ladder = Object.fromEntries(VALUE_LADDER.map((g) => [g, 0])) as Record<ValueLadderRung, number>;
  for (let i = 0; i < table.size; i++) {
    rfmGroup[RFM_GROUPS[table.rfm.group[i]]]++;
    ladder[VALUE_LADDER[table.ladder[i]]]++;
  }
  return { rfmGroup, ladder };
}
