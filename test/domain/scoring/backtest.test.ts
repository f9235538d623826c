import { describe, expect, it } from "vitest";
import {
  backtest,
  CustomerSummaryBuilder,
  expectedPurchases,
  MS_PER_DAY,
  probabilityOfPurchase,
  simulateBgNbdOrders,
  type OrderRecord,
  type TransactionModelName,
} from "../../../app/domain/scoring";
import { createSeededRandom } from "../../../app/domain/random/seeded-random";

const END = Date.UTC(2026, 10, 1);
const START = END - 730 * MS_PER_DAY;
const CUTOFF = END - 243 * MS_PER_DAY;

/** A simulated shop: whole-day summaries, so many customers share their (x, t_x, T). */
function orders(): OrderRecord[] {
  const simulated = simulateBgNbdOrders({ model: "bgnbd", r: 0.75, alpha: 90, a: 0.8, b: 2.5, timeUnit: "days" }, { model: "gg", p: 6, q: 4, gamma: 25 }, 3_000, START, END, createSeededRandom(11));
  return Array.from({ length: simulated.length }, (_, i) => ({ customerId: `c${simulated.customerIndex[i]}`, timestamp: simulated.timestamp[i], amount: simulated.amount[i] }));
}

/**
 * The backtest computes each prediction once per distinct (x, t_x, T) row (the cost of a 1M-customer backtest);
 * every figure must be what one prediction per customer gives.
 */
describe("backtest", () => {
  const history = orders();
  const calibration = (() => {
    const builder = new CustomerSummaryBuilder({ observationEnd: CUTOFF, timeUnit: "days" });
    for (const order of history) if (order.timestamp <= CUTOFF) builder.add(order.customerId, order.timestamp, order.amount);
    return builder.finish();
  })();

  it("has customers sharing their summary (the case the shortcut is for)", () => {
    const distinct = new Set(Array.from({ length: calibration.size }, (_, i) => `${calibration.x[i]} ${calibration.tx[i]} ${calibration.T[i]}`));
    expect(distinct.size).toBeLessThan(calibration.size * 0.9);
  });

  it.each<TransactionModelName>(["bgnbd", "pnbd", "mbgnbd"])("%s: predictions per customer, weekly and in total, as computed customer by customer", (model) => {
    const result = backtest(history, { cutoff: CUTOFF, end: END, timeUnit: "days", model });
    const holdoutDays = Math.floor(END / MS_PER_DAY) - Math.floor(CUTOFF / MS_PER_DAY);
    const weeks = Math.ceil(holdoutDays / 7);
    const weekly = new Float64Array(weeks);
    let total = 0;
    let buyers = 0;
    for (let i = 0; i < calibration.size; i++) {
      for (let w = 1; w <= weeks; w++) weekly[w - 1] += expectedPurchases(result.params, calibration.x[i], calibration.tx[i], calibration.T[i], Math.min(7 * w, holdoutDays));
      total += expectedPurchases(result.params, calibration.x[i], calibration.tx[i], calibration.T[i], holdoutDays);
      buyers += probabilityOfPurchase(result.params, calibration.x[i], calibration.tx[i], calibration.T[i], holdoutDays);
    }
    expect(result.calibrationCustomers).toBe(calibration.size);
    expect(result.totals.predicted).toBe(total);
    expect(result.activity.predictedBuyers).toBe(buyers);
    expect(result.weekly).toHaveLength(weeks);
    result.weekly.forEach((week, w) => expect(week.predictedCumulative).toBeCloseTo(weekly[w], 8));
    expect(result.weekly[weeks - 1].predictedCumulative).toBeCloseTo(result.totals.predicted, 8);
  });
});
