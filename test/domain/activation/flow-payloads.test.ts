import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import {
  atRiskPayload,
  birthdayPayload,
  couponIssuedPayload,
  customerIdFromGid,
  CUSTOMER_REFERENCE_KEY,
  FLOW_PAYLOAD_MAX_BYTES,
  FLOW_TRIGGER_FIELDS,
  FLOW_TRIGGER_HANDLES,
  flowPayloadBytes,
  flowPayloadProblems,
  isShopifyCustomerGid,
  loverPayload,
  type FlowPayload,
  type FlowTriggerHandle,
} from "../../../app/domain/activation/flow-payloads";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const NOW = new Date("2026-12-06T03:00:00Z");
const GID = "gid://shopify/Customer/7263458443";

interface FlowTriggerToml {
  api_version?: string;
  extensions: { name: string; type: string; handle: string; description?: string }[];
  settings?: { fields?: { type: string; key?: string; description?: string }[] };
}

/** Every flow_trigger extension in extensions/, by handle. */
function flowTriggerTomls(): Map<string, { dir: string; toml: FlowTriggerToml }> {
  const found = new Map<string, { dir: string; toml: FlowTriggerToml }>();
  for (const dir of readdirSync(path.join(ROOT, "extensions"))) {
    const file = path.join(ROOT, "extensions", dir, "shopify.extension.toml");
    if (!existsSync(file)) continue;
    const toml = parse(readFileSync(file, "utf8")) as unknown as FlowTriggerToml;
    const extension = toml.extensions?.[0];
    if (extension?.type === "flow_trigger") found.set(extension.handle, { dir, toml });
  }
  return found;
}

/** One payload from each builder, with realistic inputs. */
const SAMPLES: Record<FlowTriggerHandle, FlowPayload> = {
  [FLOW_TRIGGER_HANDLES.atRisk]: atRiskPayload({
    customerGid: GID,
    pAlive: 0.41234,
    pRepeat90: 0.123456,
    predictedClv365: 183.456,
    churnStatus: "at_risk",
    lastOrderAt: new Date("2026-08-01T10:00:00Z"),
    now: NOW,
  }),
  [FLOW_TRIGGER_HANDLES.lover]: loverPayload({ customerGid: GID, pAlive: 0.97, pRepeat90: 0.8, predictedClv365: 1200, previousSegment: "liker", orderCount: 9 }),
  [FLOW_TRIGGER_HANDLES.couponIssued]: couponIssuedPayload({
    customerGid: GID,
    code: "K7M2P9QX4RTA",
    expiresAt: new Date("2027-01-05T00:00:00Z"),
    kind: "next_purchase",
    discountType: "percentage",
    discountValue: 15,
    currency: "EUR",
  }),
  [FLOW_TRIGGER_HANDLES.birthday]: birthdayPayload({ customerGid: GID, birthday: new Date("2026-12-13T00:00:00Z"), daysUntil: 7 }),
};

const JSON_TYPE = { number_decimal: "number", single_line_text_field: "string" } as const;

describe("Flow trigger extensions (extensions/encore-flow-*/shopify.extension.toml)", () => {
  const tomls = flowTriggerTomls();

  it("exist for exactly the handles the code sends", () => {
    expect([...tomls.keys()].sort()).toEqual(Object.values(FLOW_TRIGGER_HANDLES).sort());
  });

  it.each(Object.values(FLOW_TRIGGER_HANDLES))("%s follows Shopify's trigger TOML rules", (handle) => {
    const { dir, toml } = tomls.get(handle)!;
    const extension = toml.extensions[0];
    expect(toml.extensions).toHaveLength(1);
    expect(dir).toBe(handle);
    // https://shopify.dev/docs/apps/build/flow/triggers/reference: ≤ 30 characters, alphanumerics and hyphens.
    expect(handle.length).toBeLessThanOrEqual(30);
    expect(handle).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    // Name: "object + past tense verb", sentence case, no punctuation (…/flow/triggers/create).
    expect(extension.name).toMatch(/^[A-Z][a-z]*( [a-z]+)+$/);
    expect(extension.description?.length).toBeGreaterThan(20);
    const fields = toml.settings?.fields ?? [];
    // One customer reference (payload key "customer_id"); reference fields take no key.
    expect(fields.filter((field) => field.type === "customer_reference")).toEqual([{ type: "customer_reference", description: expect.any(String) }]);
    for (const field of fields.filter((candidate) => candidate.type !== "customer_reference")) {
      // Shopify CLI: trigger field keys are letters and spaces only; trigger types exclude integers and dates.
      expect(field.key).toMatch(/^[a-zA-Z\s]+$/);
      expect(["boolean", "email", "single_line_text_field", "url", "number_decimal"]).toContain(field.type);
      expect(field.description).toBeTruthy();
    }
  });

  it.each(Object.values(FLOW_TRIGGER_HANDLES))("%s: the code's field list is the TOML's", (handle) => {
    const fields = tomls.get(handle)!.toml.settings?.fields ?? [];
    const declared = Object.fromEntries(fields.filter((field) => field.key).map((field) => [field.key!, field.type]));
    expect(declared).toEqual(FLOW_TRIGGER_FIELDS[handle]);
  });

  it.each(Object.values(FLOW_TRIGGER_HANDLES))("%s: the payload builder produces exactly the declared fields, with their JSON types", (handle) => {
    const fields = tomls.get(handle)!.toml.settings?.fields ?? [];
    const payload = SAMPLES[handle];
    const expectedKeys = fields.map((field) => (field.type === "customer_reference" ? CUSTOMER_REFERENCE_KEY : field.key!));
    expect(Object.keys(payload).sort()).toEqual(expectedKeys.sort());
    expect(payload[CUSTOMER_REFERENCE_KEY]).toBe(7263458443);
    for (const field of fields) {
      if (field.type === "customer_reference") continue;
      expect(typeof payload[field.key!], field.key).toBe(JSON_TYPE[field.type as keyof typeof JSON_TYPE]);
    }
    expect(flowPayloadProblems(handle, payload)).toEqual([]);
    expect(flowPayloadBytes(payload)).toBeLessThan(1_000);
  });
});

describe("payload values", () => {
  it("rounds scores, reports churn risk as 1 − P(alive) and whole days since the last order", () => {
    expect(SAMPLES[FLOW_TRIGGER_HANDLES.atRisk]).toEqual({
      customer_id: 7263458443,
      "Churn status": "at_risk",
      "Churn risk": 0.5877,
      "Repeat likelihood": 0.1235,
      "Predicted lifetime value": 183.46,
      "Days since last order": 126,
    });
  });

  it("writes coupon expiry as ISO 8601 and a birthday without a code as empty text", () => {
    expect(SAMPLES[FLOW_TRIGGER_HANDLES.couponIssued]["Expires at"]).toBe("2027-01-05T00:00:00.000Z");
    expect(SAMPLES[FLOW_TRIGGER_HANDLES.birthday]).toEqual({
      customer_id: 7263458443,
      "Birthday date": "2026-12-13",
      "Days until birthday": 7,
      "Discount code": "",
      "Code expires at": "",
    });
    expect(
      birthdayPayload({ customerGid: GID, birthday: new Date("2026-12-13T00:00:00Z"), daysUntil: 7, code: "ABCDEFGHJKMN", codeExpiresAt: new Date("2026-12-21T00:00:00Z") }),
    ).toMatchObject({ "Discount code": "ABCDEFGHJKMN", "Code expires at": "2026-12-21T00:00:00.000Z" });
  });

  it.each([
    ["gid://shopify/Customer/1", true],
    ["gid://shopify/Customer/7263458443", true],
    ["gid://shopify/Order/1", false],
    ["gid://shopify/Customer/redacted-3f2a", false],
    ["7263458443", false],
    ["gid://shopify/Customer/99999999999999999999", false],
  ])("%s is a customer reference: %s", (gid, valid) => {
    expect(isShopifyCustomerGid(gid)).toBe(valid);
    if (valid) expect(customerIdFromGid(gid)).toBe(Number(gid.split("/").pop()));
    else expect(() => customerIdFromGid(gid)).toThrow(RangeError);
  });

  it("names what Flow would reject", () => {
    const payload = { ...SAMPLES[FLOW_TRIGGER_HANDLES.lover] };
    expect(flowPayloadProblems("encore-flow-nope", payload)).toEqual(["Invalid handle 'encore-flow-nope'."]);
    const { "Order count": _dropped, ...missing } = payload;
    expect(flowPayloadProblems(FLOW_TRIGGER_HANDLES.lover, { ...missing, "Order count": "9", email: "x@example.com", customer_id: "1" })).toEqual([
      "'customer_id' must be a numeric customer id.",
      "Property 'Order count' must be a number.",
      "Unknown property 'email'.",
    ]);
    const big = { ...payload, "Previous segment": "x".repeat(FLOW_PAYLOAD_MAX_BYTES) };
    expect(flowPayloadProblems(FLOW_TRIGGER_HANDLES.lover, big)).toEqual([`Properties size exceeds the limit of ${FLOW_PAYLOAD_MAX_BYTES} bytes.`]);
  });
});
