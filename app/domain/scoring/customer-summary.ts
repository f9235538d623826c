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

// A customer's fields in CustomerSummaryBuilder's state (days as day numbers, times in epoch ms).
const FIRST_DAY = 0;
const LAST_DAY = 1;
const FIRST_DAY_AMOUNT = 2;
const TOTAL = 3;
const FIRST_AT = 4;
const LAST_AT = 5;
const ORDERS = 6;
const DISTINCT_DAYS = 7;
const STATE_FIELDS = 8;

/** Streaming builder: call add() per order (any order), then finish(). */
export class CustomerSummaryBuilder {
  private readonly index = new Map<string, number>();
  private readonly ids: string[] = [];
  private capacity = 1024;
  /**
   * Per customer, STATE_FIELDS numbers side by side (FIRST_DAY … DISTINCT_DAYS): orders arrive in time order,
   * so each touches a random customer, and one cache line per order instead of one per field halves the pass.
   */
  private state = new Float64Array(this.capacity * STATE_FIELDS);
  private outOfOrder = new Uint8Array(this.capacity);
  private anyOutOfOrder = false;
  private keys = new Float64Array(4096);
  private keyCount = 0;
  private ignored = 0;
  private readonly offsetMs: number;
  private readonly endDay: number;

  private readonly keySlots: Int32Array | null;

  constructor(private readonly options: CustomerSummaryOptions & { readonly keySpace?: number }) {
    this.offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
    this.keySlots = options.keySpace === undefined ? null : new Int32Array(options.keySpace).fill(-1);
    this.endDay = this.dayOf(options.observationEnd);
  }

  private dayOf(timestamp: number): number {
    return Math.floor((timestamp + this.offsetMs) / MS_PER_DAY);
  }

  /** Adds one order; returns its customer's index in the summaries, or −1 when the order is after observationEnd. */
  add(customerId: string, timestamp: number, amount: number): number {
    const day = this.orderDay(customerId, timestamp, amount);
    if (day < 0) return -1;
    const known = this.index.get(customerId);
    if (known !== undefined) return this.addTo(known, day, timestamp, amount);
    const i = this.newCustomer(customerId);
    this.index.set(customerId, i);
    return this.addTo(i, day, timestamp, amount);
  }

  /**
   * add() for a customer the caller has already numbered (0 ≤ key < keySpace, given in the constructor): a typed
   * array lookup instead of hashing the id string. A second pass over orders already indexed once (the backtest's
   * calibration period) costs a fraction of the first.
   */
  addByKey(key: number, customerId: string, timestamp: number, amount: number): number {
    const slots = this.keySlots;
    if (slots === null) throw new RangeError("addByKey needs the keySpace option");
    if (!(key >= 0 && key < slots.length)) throw new RangeError(`customer key ${key} outside [0, ${slots.length})`);
    const day = this.orderDay(customerId, timestamp, amount);
    if (day < 0) return -1;
    const known = slots[key];
    if (known >= 0) return this.addTo(known, day, timestamp, amount);
    const i = this.newCustomer(customerId);
    slots[key] = i;
    return this.addTo(i, day, timestamp, amount);
  }

  /** The index of the customer added under `key` (addByKey), or −1. */
  indexOfKey(key: number): number {
    return this.keySlots !== null && key >= 0 && key < this.keySlots.length ? this.keySlots[key] : -1;
  }

  /** The order's day, or −1 (counted as ignored) when it is after observationEnd. */
  private orderDay(customerId: string, timestamp: number, amount: number): number {
    if (!Number.isFinite(timestamp) || !Number.isFinite(amount)) {
      throw new RangeError(`order of customer ${customerId}: timestamp and amount must be finite numbers`);
    }
    if (timestamp > this.options.observationEnd) {
      this.ignored++;
      return -1;
    }
    const day = this.dayOf(timestamp);
    if (day < 0 || day >= DAY_KEY_SPAN) throw new RangeError(`order of customer ${customerId}: timestamp ${timestamp} out of range`);
    return day;
  }

  private newCustomer(customerId: string): number {
    const i = this.ids.length;
    if (i === this.capacity) this.grow();
    this.ids.push(customerId);
    this.state[i * STATE_FIELDS + ORDERS] = 0;
    return i;
  }

  private addTo(i: number, day: number, timestamp: number, amount: number): number {
    const state = this.state;
    const o = i * STATE_FIELDS;
    if (state[o + ORDERS] === 0) {
      state[o + FIRST_DAY] = day;
      state[o + LAST_DAY] = day;
      state[o + FIRST_DAY_AMOUNT] = amount;
      state[o + TOTAL] = amount;
      state[o + FIRST_AT] = timestamp;
      state[o + LAST_AT] = timestamp;
      state[o + ORDERS] = 1;
      state[o + DISTINCT_DAYS] = 1;
    } else {
      const lastDay = state[o + LAST_DAY];
      if (day > lastDay) {
        state[o + DISTINCT_DAYS]++;
        state[o + LAST_DAY] = day;
      } else if (day < lastDay) {
        // Out of order: recount this customer's days from the stored keys at the end.
        this.outOfOrder[i] = 1;
        this.anyOutOfOrder = true;
      }
      const firstDay = state[o + FIRST_DAY];
      if (day < firstDay) {
        state[o + FIRST_DAY] = day;
        state[o + FIRST_DAY_AMOUNT] = amount;
      } else if (day === firstDay) {
        state[o + FIRST_DAY_AMOUNT] += amount;
      }
      state[o + TOTAL] += amount;
      if (timestamp < state[o + FIRST_AT]) state[o + FIRST_AT] = timestamp;
      if (timestamp > state[o + LAST_AT]) state[o + LAST_AT] = timestamp;
      state[o + ORDERS]++;
    }
    if (this.keyCount === this.keys.length) {
      const bigger = new Float64Array(this.keys.length * 2);
      bigger.set(this.keys);
      this.keys = bigger;
    }
    this.keys[this.keyCount++] = i * DAY_KEY_SPAN + day;
    return i;
  }

  private grow(): void {
    this.capacity *= 2;
    const state = new Float64Array(this.capacity * STATE_FIELDS);
    state.set(this.state);
    this.state = state;
    const outOfOrder = new Uint8Array(this.capacity);
    outOfOrder.set(this.outOfOrder);
    this.outOfOrder = outOfOrder;
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
    const firstOrderAt = new Float64Array(n);
    const lastOrderAt = new Float64Array(n);
    const orderCount = new Int32Array(n);
    const state = this.state;
    for (let i = 0; i < n; i++) {
      const o = i * STATE_FIELDS;
      const distinctDays = state[o + DISTINCT_DAYS];
      const total = state[o + TOTAL];
      const repeats = distinctDays - 1;
      x[i] = repeats;
      tx[i] = (state[o + LAST_DAY] - state[o + FIRST_DAY]) / unitDays;
      T[i] = (this.endDay - state[o + FIRST_DAY]) / unitDays;
      meanRepeatValue[i] = repeats > 0 ? (total - state[o + FIRST_DAY_AMOUNT]) / repeats : 0;
      meanOrderValue[i] = total / distinctDays;
      totalSpend[i] = total;
      firstOrderAt[i] = state[o + FIRST_AT];
      lastOrderAt[i] = state[o + LAST_AT];
      orderCount[i] = state[o + ORDERS];
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
      firstOrderAt,
      lastOrderAt,
      orderCount,
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
      const o = i * STATE_FIELDS;
      if (k === 0 || Math.floor(keys[k - 1] / DAY_KEY_SPAN) !== i) {
        this.state[o + DISTINCT_DAYS] = 1;
      } else if (keys[k] !== keys[k - 1]) {
        this.state[o + DISTINCT_DAYS]++;
      }
      this.state[o + LAST_DAY] = day;
    }
  }
}

/** Builds summaries from an iterable of orders (sorted or not) in one pass. */
export function buildCustomerSummaries(orders: Iterable<OrderRecord>, options: CustomerSummaryOptions): CustomerSummaries {
  const builder = new CustomerSummaryBuilder(options);
  for (const order of orders) builder.add(order.customerId, order.timestamp, order.amount);
  return builder.finish();
}

/**
 * A shop's orders (those up to the observation end) with each customer numbered by its index in the
 * summaries, so that later passes over the same orders (the backtest) look nothing up by id string.
 */
export interface IndexedOrders {
  readonly length: number;
  /** index into customerIds */
  readonly customer: Int32Array;
  readonly timestamp: Float64Array;
  readonly amount: Float64Array;
  readonly customerIds: readonly string[];
}

/** buildCustomerSummaries that also keeps the orders it read, indexed by customer, in one pass. */
export function buildIndexedCustomerSummaries(
  orders: Iterable<OrderRecord>,
  options: CustomerSummaryOptions & { /** how many orders to expect (sizes the columns once) */ readonly expectedOrders?: number },
): { summaries: CustomerSummaries; orders: IndexedOrders } {
  const builder = new CustomerSummaryBuilder(options);
  let capacity = Math.max(1 << 10, options.expectedOrders ?? 1 << 16);
  let customer = new Int32Array(capacity);
  let timestamp = new Float64Array(capacity);
  let amount = new Float64Array(capacity);
  let length = 0;
  for (const order of orders) {
    const i = builder.add(order.customerId, order.timestamp, order.amount);
    if (i < 0) continue;
    if (length === capacity) {
      capacity *= 2;
      customer = grownTo(customer, capacity);
      timestamp = grownTo(timestamp, capacity);
      amount = grownTo(amount, capacity);
    }
    customer[length] = i;
    timestamp[length] = order.timestamp;
    amount[length] = order.amount;
    length++;
  }
  const summaries = builder.finish();
  return {
    summaries,
    orders: { length, customer: customer.subarray(0, length), timestamp: timestamp.subarray(0, length), amount: amount.subarray(0, length), customerIds: summaries.customerIds },
  };
}

function grownTo<A extends Int32Array | Float64Array>(a: A, capacity: number): A {
  const b = new (a.constructor as new (n: number) => A)(capacity);
  b.set(a);
  return b;
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
