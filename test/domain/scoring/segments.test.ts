import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../../app/domain/random/seeded-random";
import {
  buildCustomerSummaries,
  customerScoreAt,
  fitScoringModel,
  MS_PER_DAY,
  quintileScores,
  RFM_GROUPS,
  rfmGroup,
  scoreCustomers,
  segmentCounts,
  VALUE_LADDER,
  valueLadder,
  type OrderRecord,
} from "../../../app/domain/scoring";

describe("quintileScores", () => {
  it.each([
    [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5]],
    [[5, 5, 5, 5], [3, 3, 3, 3]],
    [[1, 1, 1, 1, 1, 1, 1, 2, 3, 4], [2, 2, 2, 2, 2, 2, 2, 4, 5, 5]],
    [[0.5, 0.25, 10.75, 3.5, 0.25], [3, 2, 5, 4, 2]],
    [[7], [3]],
    [[], []],
  ])("%o → %o (ties share a score)", (values, expected) => {
    expect(Array.from(quintileScores(values, true))).toEqual(expected);
  });
  it("reverses for lower-is-better", () => {
    expect(Array.from(quintileScores([1, 2, 3, 4, 5], false))).toEqual([5, 4, 3, 2, 1]);
  });
  it("integer and real inputs give the same scores", () => {
    const random = createSeededRandom(1);
    const ints = Array.from({ length: 1000 }, () => Math.floor(random.next() * 40));
    expect(Array.from(quintileScores(ints, true))).toEqual(Array.from(quintileScores(ints.map((v) => v + 0.5), true)));
  });
});

describe("rfmGroup", () => {
  it("maps every (R, F, M) triple to exactly one of the named groups", () => {
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++)
        for (let m = 1; m <= 5; m++) expect(RFM_GROUPS).toContain(rfmGroup(r, f, m));
  });
  it.each([
    [5, 5, 5, "champions"],
    [5, 1, 1, "new"],
    [4, 5, 4, "loyal"],
    [3, 3, 3, "needs_attention"],
    [1, 5, 5, "previously_loyal"],
    [2, 4, 4, "at_risk"],
    [2, 1, 2, "almost_lost"],
    [1, 1, 1, "dormant"],
  ] as const)("R=%d F=%d M=%d → %s", (r, f, m, group) => {
    expect(rfmGroup(r, f, m)).toBe(group);
  });
});

describe("valueLadder", () => {
  it.each([1, 7, 99, 100, 101, 1000, 12345])("n = %d: ceil(1 percent) lovers, ceil(10 percent) − lovers likers, everyone on one rung", (n) => {
    const random = createSeededRandom(n);
    const values = Array.from({ length: n }, () => Math.round(random.next() * 5)); // many ties
    const rungs = valueLadder(values);
    const count = [0, 0, 0];
    for (const r of rungs) count[r]++;
    expect(count[0]).toBe(Math.ceil(0.01 * n));
    expect(count[1]).toBe(Math.ceil(0.1 * n) - Math.ceil(0.01 * n));
    expect(count[0] + count[1] + count[2]).toBe(n);
    // Nobody lower on the ladder has a strictly higher value.
    const minLover = Math.min(...values.filter((_, i) => rungs[i] === 0));
    const maxLurker = Math.max(-Infinity, ...values.filter((_, i) => rungs[i] === 2));
    expect(minLover).toBeGreaterThanOrEqual(maxLurker);
  });
});

describe("scoreCustomers segments", () => {
  it("every customer gets exactly one RFM group and one ladder rung", () => {
    const random = createSeededRandom(4);
    const end = Date.UTC(2026, 0, 1);
    const orders: OrderRecord[] = [];
    for (let c = 0; c < 500; c++) {
      const k = 1 + Math.floor(random.next() * random.next() * 10);
      for (let j = 0; j < k; j++) orders.push({ customerId: `c${c}`, timestamp: end - random.next() * 400 * MS_PER_DAY, amount: 5 + random.next() * 100 });
    }
    const summaries = buildCustomerSummaries(orders, { observationEnd: end, timeUnit: "days" });
    const table = scoreCustomers(summaries, fitScoringModel(summaries));
    const counts = segmentCounts(table);
    expect(Object.values(counts.rfmGroup).reduce((a, b) => a + b, 0)).toBe(500);
    expect(Object.values(counts.ladder).reduce((a, b) => a + b, 0)).toBe(500);
    for (let i = 0; i < table.size; i++) {
      const { segments } = customerScoreAt(table, i);
      expect(RFM_GROUPS).toContain(segments.rfmGroup);
      expect(VALUE_LADDER).toContain(segments.ladder);
    }
  });
});
