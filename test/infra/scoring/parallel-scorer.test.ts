import { afterAll, describe, expect, it } from "vitest";
import { createSeededRandom } from "../../../app/domain/random/seeded-random";
import { scoreCustomers, simulateBgNbdSummaries, type CustomerSummaries, type ScoringModel } from "../../../app/domain/scoring";
import { ParallelScorer, sharedFloat64Column } from "../../../app/infra/scoring/parallel-scorer";

const n = 250_000;
const truth = { model: "bgnbd" as const, r: 0.75, alpha: 90, a: 0.8, b: 2.5, timeUnit: "days" as const };

function simulatedShop(): CustomerSummaries {
  const base = simulateBgNbdSummaries(truth, n, (random) => random.next() * 730, createSeededRandom(21));
  const meanRepeatValue = new Float64Array(n);
  const totalSpend = new Float64Array(n);
  const meanOrderValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    meanRepeatValue[i] = base.x[i] > 0 ? 40 + (i % 50) : 0;
    totalSpend[i] = 55 + meanRepeatValue[i] * base.x[i];
    meanOrderValue[i] = totalSpend[i] / (base.x[i] + 1);
  }
  return {
    size: n,
    timeUnit: "days",
    observationEnd: Date.UTC(2026, 10, 1),
    utcOffsetMinutes: 0,
    customerIds: Array.from({ length: n }, (_, i) => `c${i}`),
    x: base.x,
    tx: base.tx,
    T: base.T,
    meanRepeatValue,
    meanOrderValue,
    totalSpend,
    firstOrderAt: new Float64Array(n),
    lastOrderAt: new Float64Array(n),
    orderCount: new Int32Array(n),
    ignoredOrders: 0,
  };
}

const model: ScoringModel = {
  name: "bgnbd",
  timeUnit: "days",
  transactions: truth,
  transactionFit: null,
  spend: { model: "gg", p: 6, q: 4, gamma: 25 },
  spendFit: null,
  shopMeanOrderValue: 60,
  confidence: "high",
  customers: n,
  repeatCustomers: n / 2,
};

describe("ParallelScorer", () => {
  const scorer = new ParallelScorer(2);
  afterAll(() => scorer.close());

  it("splits a large shop across threads and matches the single-thread scores", async () => {
    const shop = simulatedShop();
    const serial = scoreCustomers(shop, model);
    const parallel = await scorer.score(shop, model);
    const columns = ["pAlive", "pRepeat90", "expectedOrders90", "expectedOrders365", "expectedNextOrderAt", "expectedOrderValue", "predictedClv365"] as const;
    for (const column of columns) {
      let worst = 0;
      for (let i = 0; i < n; i++) {
        const a = serial[column][i];
        const b = parallel[column][i];
        if (Number.isNaN(a) || Number.isNaN(b)) {
          expect(Number.isNaN(a) && Number.isNaN(b), `${column}[${i}]`).toBe(true);
          continue;
        }
        worst = Math.max(worst, Math.abs(a - b) / Math.max(1e-300, Math.abs(a)));
      }
      expect(worst, column).toBeLessThan(1e-10);
    }
    expect(Array.from(parallel.ladder)).toEqual(Array.from(serial.ladder));
    expect(Array.from(parallel.rfm.group)).toEqual(Array.from(serial.rfm.group));
    expect(parallel.pAlive.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it("reads shared summaries in place, reuses released columns and stays equal on whole-day ages", async () => {
    const continuous = simulatedShop();
    const share = (column: Float64Array) => {
      const copy = sharedFloat64Column(column.length);
      copy.set(column);
      return copy;
    };
    // Whole days, as CustomerSummaryBuilder measures them: many ties in recency, the (x, T) memo in use.
    const T = share(continuous.T.map(Math.ceil));
    const tx = share(continuous.tx.map((v, i) => Math.min(T[i], Math.round(v))));
    const shop = { ...continuous, T, tx, x: share(continuous.x), meanRepeatValue: share(continuous.meanRepeatValue), meanOrderValue: share(continuous.meanOrderValue), totalSpend: share(continuous.totalSpend) };
    const serial = scoreCustomers(shop, model);
    const first = await scorer.score(shop, model);
    const buffer = first.pAlive.buffer;
    scorer.release(first);
    const second = await scorer.score(shop, model);
    expect(second.pAlive.buffer).toBe(buffer);
    for (const column of ["pAlive", "expectedOrders365", "predictedClv365"] as const) {
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(serial[column][i] - second[column][i]) / Math.max(1e-300, Math.abs(serial[column][i])));
      expect(worst, column).toBeLessThan(1e-10);
    }
    for (const column of ["recency", "frequency", "monetary", "group"] as const) expect(Array.from(second.rfm[column])).toEqual(Array.from(serial.rfm[column]));
    expect(Array.from(second.ladder)).toEqual(Array.from(serial.ladder));
    scorer.release(second);
  });

  it("scores a small shop on the calling thread", async () => {
    const small = { ...simulatedShop(), size: 1_000 };
    const sliced = { ...small, customerIds: small.customerIds.slice(0, 1_000), x: small.x.slice(0, 1_000), tx: small.tx.slice(0, 1_000), T: small.T.slice(0, 1_000), meanRepeatValue: small.meanRepeatValue.slice(0, 1_000), meanOrderValue: small.meanOrderValue.slice(0, 1_000), totalSpend: small.totalSpend.slice(0, 1_000) };
    const table = await scorer.score(sliced, model);
    expect(table.size).toBe(1_000);
    expect(table.pAlive.buffer).not.toBeInstanceOf(SharedArrayBuffer);
  });
});
