/**
 * Per-customer recency/frequency/monetary summary (x, t_x, T, m̄) built in one
 * streaming pass over a shop's orders.
 *
 * Conventions (those of the CDNOW data sets the models were published on):
 *  - Orders are bucketed into calendar days (UTC shifted by utcOffsetMinutes,
 *    i.e. the shop's time zone); all orders of one customer on one day form a
 *    single *transaction* whose value is their sum.
 *  - x = number of transactions after the first one (repeat transactions),
 *    i.e. distinct purchase days − 1.
 *  - t_x = (day of last transaction − day of first), T = (day of
 *    observationEnd − day of first), converted to timeUnit. So t_x ≤ T and a
 *    customer whose first order is on the last day has T = 0.
 *  - meanRepeatValue = mean value of the repeat transactions (first excluded,
 *    0 when x = 0): the Gamma-Gamma input. meanOrderValue includes the first.
 *  - Orders after observationEnd are skipped and counted in ignoredOrders.
 *    Amounts should be net of refunds; cancelled and guest orders must be
 *    filtered out by the caller.
 * Input order does not matter; when each customer's orders arrive in time
 * order (ORDER BY created_at), no sorting is needed at all.
 */
import { daysPerUnit, MS_PER_DAY, type TimeUnit } from "./time-unit";

export interface OrderRecord {
  readonly customerId: string;
  /** epoch milliseconds */
  readonly timestamp: number;
  /** order value in the shop currency */
  readonly amount: number;
}

export interface CustomerSummaryOptions {
  /** epoch ms; orders after it are ignored and T is measured up to its day */
  readonly observationEnd: number;
  readonly timeUnit: TimeUnit;
  /** shop time zone offset for day boundaries (default 0 = UTC) */
  readonly utcOffsetMinutes?: number;
  /**
   * Allocates the model-input columns (x, t_x, T, mean values, total spend); e.g. over a SharedArrayBuffer so
   * that scoring threads read them in place instead of copying them (default: a plain Float64Array).
   */
  readonly allocateColumn?: (n: number) => Float64Array;
}

/** Column-oriented summaries: index i describes customerIds[i]. */
export interface CustomerSummaries {
  readonly size: number;
  readonly timeUnit: TimeUnit;
  readonly observationEnd: number;
  readonly utcOffsetMinutes: number;
  readonly customerIds: readonly string[];
  /** repeat transactions */
  readonly x: Float64Array;
  /** time of last transaction since the first, in timeUnit */
  readonly tx: Float64Array;
  /** age: observation end since the first transaction, in timeUnit */
  readonly T: Float64Array;
  readonly meanRepeatValue: Float64Array;
  readonly meanOrderValue: Float64Array;
  readonly totalSpend: Float64Array;
  /** epoch ms of the first and last order */
  readonly firstOrderAt: Float64Array;
  readonly lastOrderAt: Float64Array;
  /** orders (before same-day merging) */
  readonly orderCount: Int32Array;
  readonly ignoredOrders: number;
}

const DAY_KEY_SPAN = 1 << 20; // day numbers must stay in [0, 2^20): years 1970–4840

/** Streaming builder: call add() per order (any order), then finish(). */
export class CustomerSummaryBuilder {
  private readonly index = new Map<string, number>();
  private readonly ids: string[] = [];
  private capacity = 1024;
  private firstDay = new Int32Array(this.capacity);
  private lastDay = new Int32Array(this.capacity);
  private firstDayAmount = new Float64Array(this.capacity);
  private total = new Float64Array(this.capacity);
  private firstAt = new Float64Array(this.capacity);
  private lastAt = new Float64Array(this.capacity);
  private orders = new Int32Array(this.capacity);
  private distinctDays = new Int32Array(this.capacity);
  private outOfOrder = new Uint8Array(this.capacity);
  private anyOutOfOrder = false;
  private keys = new Float64Array(4096);
  private keyCount = 0;
  private ignored = 0;
  private readonly offsetMs: number;
  private readonly endDay: number;

  constructor(private readonly options: CustomerSummaryOptions) {
    this.offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
    this.endDay = this.dayOf(options.observationEnd);
  }

  private dayOf(timestamp: number): number {
    return Math.floor((timestamp + this.offsetMs) / MS_PER_DAY);
  }

  add(customerId: string, timestamp: number, amount: number): void {
    if (!Number.isFinite(timestamp) || !Number.isFinite(amount)) {
      throw new RangeError(`order of customer ${customerId}: timestamp and amount must be finite numbers`);
    }
    if (timestamp > this.options.observationEnd) {
      this.ignored++;
      return;
    }
    const day = this.dayOf(timestamp);
    if (day < 0 || day >= DAY_KEY_SPAN) throw new RangeError(`order of customer ${customerId}: timestamp ${timestamp} out of range`);
    let i = this.index.get(customerId);
    if (i === undefined) {
      i = this.ids.length;
      if (i === this.capacity) this.grow();
      this.index.set(customerId, i);
      this.ids.push(customerId);
      this.firstDay[i] = day;
      this.lastDay[i] = day;
      this.firstDayAmount[i] = amount;
      this.total[i] = amount;
      this.firstAt[i] = timestamp;
      this.lastAt[i] = timestamp;
      this.orders[i] = 1;
      this.distinctDays[i] = 1;
    } else {
      if (day > this.lastDay[i]) {
        this.distinctDays[i]++;
        this.lastDay[i] = day;
      } else if (day < this.lastDay[i]) {
        // Out of order: recount this customer's days from the stored keys at the end.
        this.outOfOrder[i] = 1;
        this.anyOutOfOrder = true;
      }
      if (day < this.firstDay[i]) {
        this.firstDay[i] = day;
        this.firstDayAmount[i] = amount;
      } else if (day === this.firstDay[i]) {
        this.firstDayAmount[i] += amount;
      }
      this.total[i] += amount;
      if (timestamp < this.firstAt[i]) this.firstAt[i] = timestamp;
      if (timestamp > this.lastAt[i]) this.lastAt[i] = timestamp;
      this.orders[i]++;
    }
    if (this.keyCount === this.keys.length) {
      const bigger = new Float64Array(this.keys.length * 2);
      bigger.set(this.keys);
      this.keys = bigger;
    }
    this.keys[this.keyCount++] = i * DAY_KEY_SPAN + day;
  }

  private grow(): void {
    this.capacity *= 2;
    const grow = <A extends Int32Array | Float64Array | Uint8Array>(a: A): A => {
      const b = new (a.constructor as new (n: number) => A)(this.capacity);
      b.set(a);
      return b;
    };
    this.firstDay = grow(this.firstDay);
    this.lastDay = grow(this.lastDay);
    this.firstDayAmount = grow(this.firstDayAmount);
    this.total = grow(this.total);
    this.firstAt = grow(this.firstAt);
    this.lastAt = grow(this.lastAt);
    this.orders = grow(this.orders);
    this.distinctDays = grow(this.distinctDays);
    this.outOfOrder = grow(this.outOfOrder);
  }

  finish(): CustomerSummaries {
    const n = this.ids.length;
    if (this.anyOutOfOrder) this.recountOutOfOrder();
    const unitDays = daysPerUnit(this.options.timeUnit);
    const allocate = this.options.allocateColumn ?? ((size: number) => new Float64Array(size));
    const x = allocate(n);
    const tx = allocate(n);
    const T = allocate(n);
    const meanRepeatValue = allocate(n);
    const meanOrderValue = allocate(n);
    const totalSpend = allocate(n);
    totalSpend.set(this.total.subarray(0, n));
    for (let i = 0; i < n; i++) {
      const repeats = this.distinctDays[i] - 1;
      x[i] = repeats;
      tx[i] = (this.lastDay[i] - this.firstDay[i]) / unitDays;
      T[i] = (this.endDay - this.firstDay[i]) / unitDays;
      meanRepeatValue[i] = repeats > 0 ? (this.total[i] - this.firstDayAmount[i]) / repeats : 0;
      meanOrderValue[i] = this.total[i] / this.distinctDays[i];
    }
    return {
      size: n,
      timeUnit: this.options.timeUnit,
      observationEnd: this.options.observationEnd,
      utcOffsetMinutes: this.options.utcOffsetMinutes ?? 0,
      customerIds: this.ids,
      x,
      tx,
      T,
      meanRepeatValue,
      meanOrderValue,
      totalSpend,
      firstOrderAt: this.firstAt.slice(0, n),
      lastOrderAt: this.lastAt.slice(0, n),
      orderCount: this.orders.slice(0, n),
      ignoredOrders: this.ignored,
    };
  }

  /** Sorts the day keys of out-of-order customers and recounts their distinct days and last day. */
  private recountOutOfOrder(): void {
    let count = 0;
    for (let k = 0; k < this.keyCount; k++) if (this.outOfOrder[Math.floor(this.keys[k] / DAY_KEY_SPAN)]) count++;
    const keys = new Float64Array(count);
    count = 0;
    for (let k = 0; k < this.keyCount; k++) if (this.outOfOrder[Math.floor(this.keys[k] / DAY_KEY_SPAN)]) keys[count++] = this.keys[k];
    keys.sort();
    for (let k = 0; k < keys.length; k++) {
      const i = Math.floor(keys[k] / DAY_KEY_SPAN);
      const day = keys[k] - i * DAY_KEY_SPAN;
      if (k === 0 || Math.floor(keys[k - 1] / DAY_KEY_SPAN) !== i) {
        this.distinctDays[i] = 1;
      } else if (keys[k] !== keys[k - 1]) {
        this.distinctDays[i]++;
      }
      this.lastDay[i] = day;
    }
  }
}

/** Builds summaries from an iterable of orders (sorted or not) in one pass. */
export function buildCustomerSummaries(orders: Iterable<OrderRecord>, options: CustomerSummaryOptions): CustomerSummaries {
  const builder = new CustomerSummaryBuilder(options);
  for (const order of orders) builder.add(order.customerId, order.timestamp, order.amount);
  return builder.finish();
}

/** Row view of one customer's summary. */
export interface CustomerSummary {
  readonly customerId: string;
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly meanRepeatValue: number;
  readonly meanOrderValue: number;
  readonly totalSpend: number;
}

export function customerSummaryAt(summaries: CustomerSummaries, i: number): CustomerSummary {
  return {
    customerId: summaries.customerIds[i],
    x: summaries.x[i],
    tx: summaries.tx[i],
    T: summaries.T[i],
    meanRepeatValue: summaries.meanRepeatValue[i],
    meanOrderValue: summaries.meanOrderValue[i],
    totalSpend: summaries.totalSpend[i],
  };
}
