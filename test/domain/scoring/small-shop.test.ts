/** Shops far below Klaviyo's 500-customer minimum still get finite, sensible scores. */
import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../../app/domain/random/seeded-random";
import {
  buildCustomerSummaries,
  customerScoreAt,
  fitScoringModel,
  MS_PER_DAY,
  scoreCustomers,
  type OrderRecord,
} from "../../../app/domain/scoring";

const END = Date.UTC(2026, 5, 30, 23, 59, 59);

/** n customers; the first `repeaters` order every ~40 days, the others once. */
function shop(n: number, repeaters: number, seed: number): OrderRecord[] {
  const random = createSeededRandom(seed);
  const orders: OrderRecord[] = [];
  for (let c = 0; c < n; c++) {
    const first = END - (30 + random.next() * 300) * MS_PER_DAY;
    orders.push({ customerId: `c${c}`, timestamp: first, amount: 20 + random.next() * 60 });
    if (c < repeaters) {
      for (let t = first + (20 + random.next() * 40) * MS_PER_DAY; t < END; t += (20 + random.next() * 40) * MS_PER_DAY) {
        orders.push({ customerId: `c${c}`, timestamp: t, amount: 20 + random.next() * 60 });
      }
    }
  }
  return orders;
}

describe("small shops", () => {
  it("a 60-customer shop gets finite scores that rank repeat buyers above one-time buyers", () => {
    const summaries = buildCustomerSummaries(shop(60, 15, 3), { observationEnd: END, timeUnit: "days" });
    const model = fitScoringModel(summaries);
    expect(model.name).toBe("bgnbd");
    expect(model.transactionFit?.estimator).toBe("map");
    expect(model.confidence).toBe("low");
    const table = scoreCustomers(summaries, model);
    let minRepeat = Infinity;
    let maxOneTime = -Infinity;
    for (let i = 0; i < table.size; i++) {
      const score = customerScoreAt(table, i);
      for (const value of [score.pAlive, score.pRepeat90, score.expectedOrders90, score.expectedOrders365, score.predictedClv365]) {
        expect(Number.isFinite(value)).toBe(true);
      }
      expect(score.pRepeat90).toBeGreaterThanOrEqual(0);
      expect(score.pRepeat90).toBeLessThanOrEqual(1);
      if (summaries.x[i] > 0) minRepeat = Math.min(minRepeat, score.expectedOrders365);
      else maxOneTime = Math.max(maxOneTime, score.expectedOrders365);
    }
    expect(minRepeat).toBeGreaterThan(maxOneTime);
  });

  it.each([
    [10, 4, "fewer than 20 customers"],
    [40, 0, "no repeat buyer"],
  ])("%d customers with %d repeaters (%s) use the RFM fallback", (n, repeaters) => {
    const summaries = buildCustomerSummaries(shop(n, repeaters, 5), { observationEnd: END, timeUnit: "days" });
    const model = fitScoringModel(summaries);
    expect(model.name).toBe("rfm-fallback");
    expect(model.confidence).toBe("low");
    const table = scoreCustomers(summaries, model);
    for (let i = 0; i < table.size; i++) {
      expect(Number.isFinite(table.pRepeat90[i])).toBe(true);
      expect(Number.isFinite(table.predictedClv365[i])).toBe(true);
      expect(table.predictedClv365[i]).toBeGreaterThan(0);
    }
  });

  it("confidence grows with the evidence", () => {
    const big = buildCustomerSummaries(shop(800, 300, 8), { observationEnd: END, timeUnit: "days" });
    expect(fitScoringModel(big).confidence).toBe("high");
    const medium = buildCustomerSummaries(shop(150, 40, 8), { observationEnd: END, timeUnit: "days" });
    expect(fitScoringModel(medium).confidence).toBe("medium");
  });

  it("a monthly discount rate lowers the CLV, and expectedNextOrderAt is after the observation end", () => {
    const summaries = buildCustomerSummaries(shop(100, 40, 2), { observationEnd: END, timeUnit: "days" });
    const model = fitScoringModel(summaries);
    const plain = scoreCustomers(summaries, model);
    const discounted = scoreCustomers(summaries, model, { monthlyDiscountRate: 0.01 });
    for (let i = 0; i < plain.size; i++) {
      expect(discounted.predictedClv365[i]).toBeLessThan(plain.predictedClv365[i]);
      expect(discounted.predictedClv365[i]).toBeGreaterThan(plain.predictedClv365[i] / 1.01 ** 12 - 1e-9);
      const next = customerScoreAt(plain, i).expectedNextOrderAt;
      if (next !== null) expect(next).toBeGreaterThan(END);
    }
  });
});
