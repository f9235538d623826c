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
 */
import { CustomerSummaryBuilder, type CustomerSummaries, type OrderRecord } from "./customer-summary";
import type { FitReport } from "./log-parameter-fit";
import { daysPerUnit, MS_PER_DAY, type TimeUnit } from "./time-unit";
import { expectedPurchases, fitTransactionModel, probabilityOfPurchase, type TransactionModelName, type TransactionParams } from "./transaction-model";

export interface BacktestOptions {
  /** epoch ms: calibration is orders at or before it */
  readonly cutoff: number;
  /** epoch ms: holdout is orders in (cutoff, end] */
  readonly end: number;
  readonly timeUnit: TimeUnit;
  readonly model: TransactionModelName;
  /** default "population" (as in production scoring); "none" for plain MLE */
  readonly prior?: "population" | "none";
  readonly utcOffsetMinutes?: number;
}

export interface BacktestResult {
  readonly model: TransactionModelName;
  readonly params: TransactionParams;
  readonly fit: FitReport;
  readonly calibrationCustomers: number;
  /** holdout length in timeUnit */
  readonly holdoutLength: number;
  readonly totals: { readonly predicted: number; readonly actual: number };
  readonly weekly: ReadonlyArray<{ readonly week: number; readonly predictedCumulative: number; readonly actualCumulative: number }>;
  readonly byFrequency: ReadonlyArray<{ readonly x: string; readonly customers: number; readonly predictedMean: number; readonly actualMean: number }>;
  readonly correlation: number;
  readonly activity: { readonly brierScore: number; readonly predictedBuyers: number; readonly actualBuyers: number };
}

const FREQUENCY_BUCKETS = 8; // 0..6 and 7+

export function backtest(orders: Iterable<OrderRecord>, options: BacktestOptions): BacktestResult {
  if (!(options.end > options.cutoff)) throw new RangeError("backtest: end must be after cutoff");
  const builder = new CustomerSummaryBuilder({ observationEnd: options.cutoff, timeUnit: options.timeUnit, utcOffsetMinutes: options.utcOffsetMinutes });
  const holdoutIds: string[] = [];
  const holdoutDays: number[] = [];
  const offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
  const dayOf = (ms: number) => Math.floor((ms + offsetMs) / MS_PER_DAY);
  for (const order of orders) {
    if (order.timestamp <= options.cutoff) builder.add(order.customerId, order.timestamp, order.amount);
    else if (order.timestamp <= options.end) {
      holdoutIds.push(order.customerId);
      holdoutDays.push(dayOf(order.timestamp));
    }
  }
  const calibration = builder.finish();
  const cutoffDay = dayOf(options.cutoff);
  const holdoutDaysCount = dayOf(options.end) - cutoffDay;
  const unitDays = daysPerUnit(options.timeUnit);
  const holdoutLength = holdoutDaysCount / unitDays;

  const actual = countHoldoutTransactions(calibration, holdoutIds, holdoutDays, cutoffDay);
  const fit = fitTransactionModel({ x: calibration.x, tx: calibration.tx, T: calibration.T }, options.model, options.timeUnit, options.prior ?? "population");
  const params = fit.params;
  const n = calibration.size;

  const weeks = Math.ceil(holdoutDaysCount / 7);
  const predictedWeekly = new Float64Array(weeks);
  const actualWeekly = new Float64Array(weeks);
  for (const week of actual.weekOfTransaction) actualWeekly[week - 1]++;
  // Customers with the same (x, t_x, T) get the same predictions: each is computed once per distinct row
  // (weeks × the model's conditional expectation, the backtest's whole cost; a 1M-customer shop measured in
  // whole days has ~3× fewer rows than customers).
  const rows = distinctRows(calibration);
  const rowPredicted = new Float64Array(rows.size);
  const rowBuys = new Float64Array(rows.size);
  for (let k = 0; k < rows.size; k++) {
    const i = rows.first[k];
    for (let w = 1; w <= weeks; w++) {
      const e = expectedPurchases(params, calibration.x[i], calibration.tx[i], calibration.T[i], Math.min(7 * w, holdoutDaysCount) / unitDays);
      predictedWeekly[w - 1] += rows.weight[k] * e;
      if (w === weeks) rowPredicted[k] = e;
    }
    rowBuys[k] = probabilityOfPurchase(params, calibration.x[i], calibration.tx[i], calibration.T[i], holdoutLength);
  }
  const predicted = new Float64Array(n);
  for (let i = 0; i < n; i++) predicted[i] = rowPredicted[rows.of[i]];
  const weekly = [];
  let actualCumulative = 0;
  for (let w = 0; w < weeks; w++) {
    actualCumulative += actualWeekly[w];
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
    bucketActual[bucket] += actual.perCustomer[i];
    totalPredicted += predicted[i];
    totalActual += actual.perCustomer[i];
  }
  let brier = 0;
  let predictedBuyers = 0;
  let actualBuyers = 0;
  for (let i = 0; i < n; i++) {
    const p = rowBuys[rows.of[i]];
    const bought = actual.perCustomer[i] > 0 ? 1 : 0;
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
    model: options.model,
    params,
    fit: fit.report,
    calibrationCustomers: n,
    holdoutLength,
    totals: { predicted: totalPredicted, actual: totalActual },
    weekly,
    byFrequency,
    correlation: pearson(predicted, actual.perCustomer),
    activity: { brierScore: n > 0 ? brier / n : NaN, predictedBuyers, actualBuyers },
  };
}

/** The distinct (x, t_x, T) rows of the calibration customers: each row's first customer and count, each customer's row. */
function distinctRows(calibration: CustomerSummaries): { size: number; first: Int32Array; weight: Float64Array; of: Int32Array } {
  const n = calibration.size;
  const index = new Map<string, number>();
  const first = new Int32Array(n);
  const weight = new Float64Array(n);
  const of = new Int32Array(n);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const key = `${calibration.x[i]} ${calibration.tx[i]} ${calibration.T[i]}`;
    let k = index.get(key);
    if (k === undefined) {
      k = size++;
      index.set(key, k);
      first[k] = i;
    }
    weight[k]++;
    of[i] = k;
  }
  return { size, first: first.subarray(0, size), weight: weight.subarray(0, size), of };
}

function countHoldoutTransactions(
  calibration: CustomerSummaries,
  ids: string[],
  days: number[],
  cutoffDay: number,
): { perCustomer: Float64Array; weekOfTransaction: number[] } {
  const index = new Map<string, number>();
  calibration.customerIds.forEach((id, i) => index.set(id, i));
  const unitDays = daysPerUnit(calibration.timeUnit);
  const keys: number[] = [];
  for (let k = 0; k < ids.length; k++) {
    const i = index.get(ids[k]);
    if (i === undefined) continue;
    const lastCalibrationDay = cutoffDay - Math.round((calibration.T[i] - calibration.tx[i]) * unitDays);
    if (days[k] <= lastCalibrationDay) continue; // merged into a calibration transaction
    keys.push(i * 4_194_304 + (days[k] - cutoffDay));
  }
  keys.sort((p, q) => p - q);
  const perCustomer = new Float64Array(calibration.size);
  const weekOfTransaction: number[] = [];
  for (let k = 0; k < keys.length; k++) {
    if (k > 0 && keys[k] === keys[k - 1]) continue;
    const i = Math.floor(keys[k] / 4_194_304);
    perCustomer[i]++;
    weekOfTransaction.push(Math.max(1, Math.ceil((keys[k] - i * 4_194_304) / 7)));
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
