/**
 * Backtest on a shop's own history: split orders at a cutoff, fit on the
 * calibration period and compare predicted with actual repeat transactions
 * in the holdout period — the check in FHL 2005 §4 (figures 2–4).
 *
 *  - Calibration customers: first order at or before the cutoff; later
 *    customers are not in the calibration data and are excluded.
 *  - Actual holdout transactions: distinct order days in (cutoff, end] after
 *    the customer's last calibration day (same-day orders merged, as in
 *    customer-summary.ts).
 *  - Predicted: E[Y(t) | x, t_x, T] for each calibration customer.
 *  - weekly: cumulative predicted vs actual over holdout weeks 1..W (the last
 *    week may be partial).
 *  - byFrequency: mean predicted vs actual by calibration x = 0, 1, …, 6, "7+".
 *  - correlation: Pearson correlation of predicted and actual per customer.
 *  - activity: how well the model tells who will buy again at all — P(at least one purchase in the holdout)
 *    per customer against whether they did, as a Brier score (mean squared error of the probability; lower
 *    is better, 0.25 is a coin flip). This is the check for the churn-risk reading (activity-model.ts).
 *  - Large shops: the model is fitted on a sample of the calibration customers (fit-sample.ts) and its
 *    predictions are compared with what happened for every calibration customer; `fittedOn` says how many.
 *  - The calibration summaries and holdout counts do not depend on the model: prepareBacktest builds them
 *    once for all the candidates a shop is backtested with (backtestModel).
 */
import { buildIndexedCustomerSummaries, CustomerSummaryBuilder, type CustomerSummaries, type IndexedOrders, type OrderRecord } from "./customer-summary";
import { DEFAULT_FIT_SAMPLING, fitSampleIndices, takeRows, type FitSample, type FitSampling } from "./fit-sample";
import type { FitReport } from "./log-parameter-fit";
import { daysPerUnit, MS_PER_DAY, type TimeUnit } from "./time-unit";
import {
  expectedPurchasesIfAlive,
  fitTransactionModel,
  probabilityAlive,
  probabilityOfPurchase,
  type TransactionModelName,
  type TransactionParams,
} from "./transaction-model";
import { compressRecencyFrequency, distinctTriples, type RecencyFrequencyRows } from "./weighted-rows";

export interface BacktestPeriod {
  /** epoch ms: calibration is orders at or before it */
  readonly cutoff: number;
  /** epoch ms: holdout is orders in (cutoff, end] */
  readonly end: number;
  readonly timeUnit: TimeUnit;
  readonly utcOffsetMinutes?: number;
}

export interface BacktestSamplingOptions {
  /** default DEFAULT_FIT_SAMPLING: calibration periods of more customers are fitted on a sample */
  readonly sampling?: FitSampling;
}

export interface BacktestFitOptions {
  /** default "population" (as in production scoring); "none" for plain MLE */
  readonly prior?: "population" | "none";
}

export interface BacktestOptions extends BacktestPeriod, BacktestSamplingOptions, BacktestFitOptions {
  readonly model: TransactionModelName;
}

export interface BacktestResult {
  readonly model: TransactionModelName;
  readonly params: TransactionParams;
  readonly fit: FitReport;
  readonly calibrationCustomers: number;
  /** the parameters were fitted on `customers` of the `of` calibration customers; everything else is over all of them */
  readonly fittedOn: FitSample;
  /** holdout length in timeUnit */
  readonly holdoutLength: number;
  readonly totals: { readonly predicted: number; readonly actual: number };
  readonly weekly: ReadonlyArray<{ readonly week: number; readonly predictedCumulative: number; readonly actualCumulative: number }>;
  readonly byFrequency: ReadonlyArray<{ readonly x: string; readonly customers: number; readonly predictedMean: number; readonly actualMean: number }>;
  readonly correlation: number;
  readonly activity: { readonly brierScore: number; readonly predictedBuyers: number; readonly actualBuyers: number };
}

/** What every candidate model is backtested against: the calibration summaries and what happened in the holdout. */
export interface BacktestData {
  readonly period: BacktestPeriod;
  readonly calibration: CustomerSummaries;
  /** holdout length in days and in timeUnit */
  readonly holdoutDays: number;
  readonly holdoutLength: number;
  /** repeat transactions in the holdout, per calibration customer */
  readonly actualPerCustomer: Float64Array;
  /** per holdout week 1..W (the last may be partial) */
  readonly actualWeekly: Float64Array;
  /** distinct (x, t_x, T) calibration rows: predictions are computed once per row */
  readonly rows: { readonly size: number; readonly first: Int32Array; readonly count: Float64Array; readonly of: Int32Array };
  /** distinct (x, T) among the rows (E[Y(t) | alive] depends on these only) and each row's pair */
  readonly pairs: { readonly size: number; readonly first: Int32Array; readonly of: Int32Array };
  /** the calibration customers every candidate is fitted on (null: all of them), compressed once for all fits */
  readonly sample: Int32Array | null;
  readonly fitRows: RecencyFrequencyRows;
}

const FREQUENCY_BUCKETS = 8; // 0..6 and 7+

/** Fits `options.model` on the calibration period of `orders` and compares its predictions with the holdout. */
export function backtest(orders: Iterable<OrderRecord>, options: BacktestOptions): BacktestResult {
  if (!(options.end > options.cutoff)) throw new RangeError("backtest: end must be after cutoff");
  const indexed = buildIndexedCustomerSummaries(orders, { observationEnd: options.end, timeUnit: options.timeUnit, utcOffsetMinutes: options.utcOffsetMinutes });
  return backtestModel(prepareBacktest(indexed.orders, options), options.model, options);
}

/** One pass over the orders: calibration summaries (keyed by the orders' customer index, no id lookups) and holdout counts. */
export function prepareBacktest(orders: IndexedOrders, period: BacktestPeriod & BacktestSamplingOptions): BacktestData {
  if (!(period.end > period.cutoff)) throw new RangeError("backtest: end must be after cutoff");
  const builder = new CustomerSummaryBuilder({
    observationEnd: period.cutoff,
    timeUnit: period.timeUnit,
    utcOffsetMinutes: period.utcOffsetMinutes,
    keySpace: orders.customerIds.length,
  });
  const holdoutCustomers: number[] = [];
  const holdoutOrderDays: number[] = [];
  const offsetMs = (period.utcOffsetMinutes ?? 0) * 60_000;
  const dayOf = (ms: number) => Math.floor((ms + offsetMs) / MS_PER_DAY);
  for (let k = 0; k < orders.length; k++) {
    const timestamp = orders.timestamp[k];
    const customer = orders.customer[k];
    if (timestamp <= period.cutoff) builder.addByKey(customer, orders.customerIds[customer], timestamp, orders.amount[k]);
    else if (timestamp <= period.end) {
      holdoutCustomers.push(customer);
      holdoutOrderDays.push(dayOf(timestamp));
    }
  }
  const calibration = builder.finish();
  const cutoffDay = dayOf(period.cutoff);
  const holdoutDays = dayOf(period.end) - cutoffDay;
  const holdoutLength = holdoutDays / daysPerUnit(period.timeUnit);
  const calibrationIndex = (customer: number) => builder.indexOfKey(customer);
  const actual = countHoldoutTransactions(calibration, calibrationIndex, holdoutCustomers, holdoutOrderDays, cutoffDay);
  const actualWeekly = new Float64Array(Math.ceil(holdoutDays / 7));
  for (const week of actual.weekOfTransaction) actualWeekly[week - 1]++;
  const rows = distinctTriples(calibration.x, calibration.tx, calibration.T);
  const rowX = takeRows(calibration.x, rows.first);
  const rowT = takeRows(calibration.T, rows.first);
  const pairs = distinctTriples(rowX, rowT, new Float64Array(rows.size));
  const sample = fitSampleIndices(calibration.customerIds, period.sampling ?? DEFAULT_FIT_SAMPLING);
  const fitRows = compressRecencyFrequency(takeRows(calibration.x, sample), takeRows(calibration.tx, sample), takeRows(calibration.T, sample));
  return { period, calibration, holdoutDays, holdoutLength, actualPerCustomer: actual.perCustomer, actualWeekly, rows, pairs, sample, fitRows };
}

/** Fits `model` on the calibration customers (a sample of them in large shops) and scores its holdout predictions for all of them. */
export function backtestModel(data: BacktestData, model: TransactionModelName, options: BacktestFitOptions = {}): BacktestResult {
  const { calibration, rows, pairs, sample } = data;
  const timeUnit = data.period.timeUnit;
  const fit = fitTransactionModel(data.fitRows, model, timeUnit, options.prior ?? "population");
  const params = fit.params;
  const n = calibration.size;
  const unitDays = daysPerUnit(timeUnit);
  const weeks = data.actualWeekly.length;

  // Customers with the same (x, t_x, T) get the same predictions, so each is computed once per distinct row, and
  // E[Y(t)] = P(alive | x, t_x, T) · E[Y(t) | alive, x, T]: the weekly curve (the backtest's whole cost) is
  // evaluated once per distinct (x, T), weighted by the customers' summed P(alive).
  const rowPredicted = new Float64Array(rows.size);
  const rowBuys = new Float64Array(rows.size);
  const rowAlive = new Float64Array(rows.size);
  const pairAliveCustomers = new Float64Array(pairs.size);
  for (let k = 0; k < rows.size; k++) {
    const i = rows.first[k];
    rowAlive[k] = probabilityAlive(params, calibration.x[i], calibration.tx[i], calibration.T[i]);
    pairAliveCustomers[pairs.of[k]] += rows.count[k] * rowAlive[k];
    rowBuys[k] = probabilityOfPurchase(params, calibration.x[i], calibration.tx[i], calibration.T[i], data.holdoutLength);
  }
  const predictedWeekly = new Float64Array(weeks);
  const pairWholeHoldout = new Float64Array(pairs.size);
  for (let g = 0; g < pairs.size; g++) {
    const i = rows.first[pairs.first[g]];
    for (let w = 1; w <= weeks; w++) {
      const e = expectedPurchasesIfAlive(params, calibration.x[i], calibration.T[i], Math.min(7 * w, data.holdoutDays) / unitDays);
      predictedWeekly[w - 1] += pairAliveCustomers[g] * e;
      if (w === weeks) pairWholeHoldout[g] = e;
    }
  }
  for (let k = 0; k < rows.size; k++) rowPredicted[k] = rowAlive[k] * pairWholeHoldout[pairs.of[k]];
  const predicted = new Float64Array(n);
  for (let i = 0; i < n; i++) predicted[i] = rowPredicted[rows.of[i]];
  const actual = data.actualPerCustomer;
  const weekly = [];
  let actualCumulative = 0;
  for (let w = 0; w < weeks; w++) {
    actualCumulative += data.actualWeekly[w];
    weekly.push({ week: w + 1, predictedCumulative: predictedWeekly[w], actualCumulative });
  }

  const bucketCustomers = new Float64Array(FREQUENCY_BUCKETS);
  const bucketPredicted = new Float64Array(FREQUENCY_BUCKETS);
  const bucketActual = new Float64Array(FREQUENCY_BUCKETS);
  let totalPredicted = 0;
  let totalActual = 0;
  for (let i = 0; i < n; i++) {
    const bucket = Math.min(calibration.x[i], FREQUENCY_BUCKETS - 1);
    bucketCustomers[bucket]++;
    bucketPredicted[bucket] += predicted[i];
    bucketActual[bucket] += actual[i];
    totalPredicted += predicted[i];
    totalActual += actual[i];
  }
  let brier = 0;
  let predictedBuyers = 0;
  let actualBuyers = 0;
  for (let i = 0; i < n; i++) {
    const p = rowBuys[rows.of[i]];
    const bought = actual[i] > 0 ? 1 : 0;
    brier += (p - bought) ** 2;
    predictedBuyers += p;
    actualBuyers += bought;
  }
  const byFrequency = [];
  for (let k = 0; k < FREQUENCY_BUCKETS; k++) {
    byFrequency.push({
      x: k === FREQUENCY_BUCKETS - 1 ? `${k}+` : String(k),
      customers: bucketCustomers[k],
      predictedMean: bucketCustomers[k] > 0 ? bucketPredicted[k] / bucketCustomers[k] : 0,
      actualMean: bucketCustomers[k] > 0 ? bucketActual[k] / bucketCustomers[k] : 0,
    });
  }
  return {
    model,
    params,
    fit: fit.report,
    calibrationCustomers: n,
    fittedOn: { customers: sample === null ? n : sample.length, of: n },
    holdoutLength: data.holdoutLength,
    totals: { predicted: totalPredicted, actual: totalActual },
    weekly,
    byFrequency,
    correlation: pearson(predicted, actual),
    activity: { brierScore: n > 0 ? brier / n : NaN, predictedBuyers, actualBuyers },
  };
}

function countHoldoutTransactions(
  calibration: CustomerSummaries,
  calibrationIndex: (customer: number) => number,
  customers: number[],
  days: number[],
  cutoffDay: number,
): { perCustomer: Float64Array; weekOfTransaction: number[] } {
  const unitDays = daysPerUnit(calibration.timeUnit);
  const keys: number[] = [];
  for (let k = 0; k < customers.length; k++) {
    const i = calibrationIndex(customers[k]);
    if (i < 0) continue; // first order in the holdout: not a calibration customer
    const lastCalibrationDay = cutoffDay - Math.round((calibration.T[i] - calibration.tx[i]) * unitDays);
    if (days[k] <= lastCalibrationDay) continue; // merged into a calibration transaction
    keys.push(i * 4_194_304 + (days[k] - cutoffDay));
  }
  const sorted = Float64Array.from(keys).sort();
  const perCustomer = new Float64Array(calibration.size);
  const weekOfTransaction: number[] = [];
  for (let k = 0; k < sorted.length; k++) {
    if (k > 0 && sorted[k] === sorted[k - 1]) continue;
    const i = Math.floor(sorted[k] / 4_194_304);
    perCustomer[i]++;
    weekOfTransaction.push(Math.max(1, Math.ceil((sorted[k] - i * 4_194_304) / 7)));
  }
  return { perCustomer, weekOfTransaction };
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}
