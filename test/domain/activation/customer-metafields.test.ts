import { describe, expect, it } from "vitest";
import {
  applyMetafieldChanges,
  callsFor,
  churnRiskLabel,
  CUSTOMER_METAFIELD_DEFINITIONS,
  CUSTOMER_METAFIELD_KEYS,
  customerMetafieldChanges,
  customerMetafieldValues,
  MetafieldCallPacker,
  parseWrittenMetafields,
  type CustomerMetafieldScore,
} from "../../../app/domain/activation/customer-metafields";
import { RFM_GROUPS } from "../../../app/domain/scoring/rfm-segments";

const score = (overrides: Partial<CustomerMetafieldScore> = {}): CustomerMetafieldScore => ({
  pRepeat90: 0.2349,
  pAlive: 0.8,
  predictedClv365: 183.4,
  rfmSegment: "loyal",
  loyaltySegment: "liker",
  expectedNextOrderAt: new Date("2027-02-10T15:00:00Z"),
  ...overrides,
});

describe("customer metafield definitions", () => {
  it("defines one segment-usable definition per key, with valid keys", () => {
    expect(CUSTOMER_METAFIELD_DEFINITIONS.map((definition) => definition.key)).toEqual([...CUSTOMER_METAFIELD_KEYS]);
    for (const definition of CUSTOMER_METAFIELD_DEFINITIONS) {
      // The segment editor takes date and time, number, text and true/false metafields only.
      expect(["number_decimal", "number_integer", "single_line_text_field", "date"]).toContain(definition.type);
      expect(definition.key).toMatch(/^[a-z0-9_]{2,64}$/);
      expect(definition.description.length).toBeLessThanOrEqual(255);
    }
    // At most 3 of the shop's 20 pins per owner type.
    expect(CUSTOMER_METAFIELD_DEFINITIONS.filter((definition) => definition.pin)).toHaveLength(3);
  });

  it("lists every RFM group as a choice", () => {
    const rfm = CUSTOMER_METAFIELD_DEFINITIONS.find((definition) => definition.key === "rfm_group")!;
    expect(JSON.parse(rfm.validations.find((validation) => validation.name === "choices")!.value)).toEqual([...RFM_GROUPS]);
  });
});

describe("customerMetafieldValues", () => {
  it("formats a score as Shopify stores values", () => {
    expect(customerMetafieldValues(score())).toEqual({
      repeat_likelihood_90d: "0.23",
      churn_risk: "low",
      predicted_clv_365d: "183",
      rfm_group: "loyal",
      loyalty_segment: "liker",
      expected_next_order_date: "2027-02-10",
    });
  });

  it("leaves out what has no value (no expected order, non-finite numbers, unknown labels)", () => {
    expect(customerMetafieldValues(score({ expectedNextOrderAt: null, pRepeat90: Number.NaN, rfmSegment: "mystery" }))).toEqual({
      churn_risk: "low",
      predicted_clv_365d: "183",
      loyalty_segment: "liker",
    });
  });

  it.each([
    [1, "low"],
    [2 / 3, "low"],
    [0.5, "medium"],
    [1 / 3, "medium"],
    [0.3333, "high"],
    [0, "high"],
  ] as const)("churn risk of P(alive) %s is %s", (pAlive, label) => {
    expect(churnRiskLabel(pAlive)).toBe(label);
  });

  it("clamps and rounds numbers into their definitions' ranges", () => {
    const values = customerMetafieldValues(score({ pRepeat90: 1.0000001, predictedClv365: -0.4 }));
    expect(values.repeat_likelihood_90d).toBe("1.00");
    expect(values.predicted_clv_365d).toBe("0");
  });
});

describe("customerMetafieldChanges", () => {
  const written = customerMetafieldValues(score());

  it("writes everything the first time", () => {
    const changes = customerMetafieldChanges(score(), null);
    expect(changes.set.map((write) => write.key)).toEqual([...CUSTOMER_METAFIELD_KEYS]);
    expect(changes.set.find((write) => write.key === "expected_next_order_date")).toEqual({ key: "expected_next_order_date", type: "date", value: "2027-02-10" });
    expect(changes.remove).toEqual([]);
  });

  it("writes nothing when nothing moved", () => {
    expect(customerMetafieldChanges(score(), written)).toEqual({ set: [], remove: [] });
  });

  it.each([
    // [description, overrides, keys rewritten]
    ["likelihood across a rounding edge but within a point", { pRepeat90: 0.2351 }, []],
    ["likelihood 0.99 points away", { pRepeat90: 0.2399 }, []],
    ["likelihood a full point away", { pRepeat90: 0.24 }, ["repeat_likelihood_90d"]],
    ["likelihood a point down", { pRepeat90: 0.22 }, ["repeat_likelihood_90d"]],
    ["value down 4.9 %", { predictedClv365: 183 * 0.951 }, []],
    ["value up 5.5 %", { predictedClv365: 183 * 1.055 }, ["predicted_clv_365d"]],
    ["next order 6 days later", { expectedNextOrderAt: new Date("2027-02-16T01:00:00Z") }, []],
    ["next order 7 days later", { expectedNextOrderAt: new Date("2027-02-17T01:00:00Z") }, ["expected_next_order_date"]],
    ["next order 7 days earlier", { expectedNextOrderAt: new Date("2027-02-03T01:00:00Z") }, ["expected_next_order_date"]],
    ["churn risk label", { pAlive: 0.5 }, ["churn_risk"]],
    ["RFM group", { rfmSegment: "at_risk" }, ["rfm_group"]],
    ["value ladder rung", { loyaltySegment: "lover" }, ["loyalty_segment"]],
  ] as const)("%s", (_description, overrides, keys) => {
    const changes = customerMetafieldChanges(score(overrides), written);
    expect(changes.set.map((write) => write.key)).toEqual(keys);
    expect(changes.remove).toEqual([]);
  });

  it("keeps small values from being rewritten for less than one currency unit", () => {
    const small = customerMetafieldValues(score({ predictedClv365: 12 }));
    expect(customerMetafieldChanges(score({ predictedClv365: 11.2 }), small).set).toEqual([]);
    expect(customerMetafieldChanges(score({ predictedClv365: 11 }), small).set.map((write) => write.value)).toEqual(["11"]);
  });

  it("takes other tolerances (the benchmark compares policies)", () => {
    const strict = { repeatLikelihood: 0.001, predictedValueShare: 0, predictedValueMin: 1, nextOrderDays: 1 };
    expect(customerMetafieldChanges(score({ pRepeat90: 0.2399, expectedNextOrderAt: new Date("2027-02-11T00:00:00Z") }), written, strict).set.map((write) => write.key)).toEqual([
      "repeat_likelihood_90d",
      "expected_next_order_date",
    ]);
  });

  it("deletes a value that is gone, and everything when the score is gone", () => {
    expect(customerMetafieldChanges(score({ expectedNextOrderAt: null }), written)).toEqual({ set: [], remove: ["expected_next_order_date"] });
    expect(customerMetafieldChanges(null, written)).toEqual({ set: [], remove: [...CUSTOMER_METAFIELD_KEYS] });
    expect(customerMetafieldChanges(null, null)).toEqual({ set: [], remove: [] });
  });

  it("applies accepted changes to what was written", () => {
    const next = applyMetafieldChanges(written, {
      set: [{ key: "churn_risk", type: "single_line_text_field", value: "high" }],
      remove: ["expected_next_order_date"],
    });
    expect(next).toEqual({ ...written, churn_risk: "high", expected_next_order_date: undefined });
    expect(Object.keys(next)).not.toContain("expected_next_order_date");
  });

  it("reads stored values back, ignoring foreign keys and non-strings", () => {
    expect(parseWrittenMetafields({ churn_risk: "low", other: "x", predicted_clv_365d: 12 })).toEqual({ churn_risk: "low" });
    expect(parseWrittenMetafields(null)).toBeNull();
    expect(parseWrittenMetafields([1])).toBeNull();
  });
});

describe("MetafieldCallPacker", () => {
  it("packs streamed owners' metafields into calls of 25, the rest on flush", () => {
    const packer = new MetafieldCallPacker<number>();
    const calls: { ownerId: string; item: number }[][] = [];
    for (let owner = 0; owner < 11; owner++) calls.push(...packer.push(`owner-${owner}`, [1, 2, 3, 4, 5, 6]));
    calls.push(...packer.flush());
    expect(calls.map((call) => call.length)).toEqual([25, 25, 16]);
    expect(calls.length).toBe(callsFor(66));
    // An owner split across two calls keeps its order.
    expect(calls[0][24]).toEqual({ ownerId: "owner-4", item: 1 });
    expect(calls[1][0]).toEqual({ ownerId: "owner-4", item: 2 });
    expect(packer.flush()).toEqual([]);
  });

  it.each([0, 26])("refuses %s metafields per call", (perCall) => {
    expect(() => new MetafieldCallPacker(perCall)).toThrow(RangeError);
  });
});
