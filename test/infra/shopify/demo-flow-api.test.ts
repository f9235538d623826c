import { describe, expect, it } from "vitest";
import { FLOW_TRIGGER_HANDLES, loverPayload } from "../../../app/domain/activation/flow-payloads";
import { DISCOUNT_CODE_BASIC_CREATE } from "../../../app/infra/shopify/discounts";
import { DemoFlowApi } from "../../../app/infra/shopify/demo/demo-flow-api";
import { FLOW_TRIGGER_RECEIVE } from "../../../app/infra/shopify/flow-operations";

const PAYLOAD = loverPayload({ customerGid: "gid://shopify/Customer/42", pAlive: 0.95, pRepeat90: 0.7, predictedClv365: 900, previousSegment: "liker", orderCount: 8 });

describe("DemoFlowApi (flowTriggerReceive in demo mode and tests)", () => {
  it("receives a trigger of one of Encore's extensions and records the call", async () => {
    const flow = new DemoFlowApi();
    expect(await flow.request(FLOW_TRIGGER_RECEIVE, { handle: FLOW_TRIGGER_HANDLES.lover, payload: PAYLOAD })).toEqual({ flowTriggerReceive: { userErrors: [] } });
    expect(flow.receivedFor(FLOW_TRIGGER_HANDLES.lover)).toEqual([{ handle: FLOW_TRIGGER_HANDLES.lover, payload: PAYLOAD }]);
    expect(flow.calls).toEqual([{ operation: "FlowTriggerReceive", variables: { handle: FLOW_TRIGGER_HANDLES.lover, payload: PAYLOAD } }]);
  });

  it.each([
    ["an unknown handle", { handle: "encore-flow-nope", payload: PAYLOAD }, "Errors validating schema:\n  Invalid handle 'encore-flow-nope'.\n"],
    [
      "a payload over 50,000 bytes",
      { handle: FLOW_TRIGGER_HANDLES.lover, payload: { ...PAYLOAD, "Previous segment": "x".repeat(50_000) } },
      "Errors validating schema:\n  Properties size exceeds the limit of 50000 bytes.\n",
    ],
    ["a missing field", { handle: FLOW_TRIGGER_HANDLES.lover, payload: { customer_id: 42 } }, "Missing property 'Previous segment'."],
    ["a GID instead of the numeric id", { handle: FLOW_TRIGGER_HANDLES.lover, payload: { ...PAYLOAD, customer_id: "gid://shopify/Customer/42" } }, "'customer_id' must be a numeric customer id."],
  ])("answers %s with userErrors on body, as Shopify does", async (_name, variables, message) => {
    const flow = new DemoFlowApi();
    const error = await flow.request(FLOW_TRIGGER_RECEIVE, variables).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "SHOPIFY_USER_ERROR", details: { fields: [{ field: "body", message: expect.stringContaining(message) }] } });
    expect(flow.received).toEqual([]);
    expect(flow.calls).toHaveLength(1);
  });

  it("fails injected calls as unavailable and refuses operations it does not know", async () => {
    const flow = new DemoFlowApi();
    flow.failNext("unavailable");
    await expect(flow.request(FLOW_TRIGGER_RECEIVE, { handle: FLOW_TRIGGER_HANDLES.lover, payload: PAYLOAD })).rejects.toMatchObject({ code: "SHOPIFY_UNAVAILABLE" });
    await expect(flow.request(FLOW_TRIGGER_RECEIVE, { handle: FLOW_TRIGGER_HANDLES.lover, payload: PAYLOAD })).resolves.toBeTruthy();
    await expect(flow.request(DISCOUNT_CODE_BASIC_CREATE, {})).rejects.toMatchObject({ code: "INTERNAL" });
  });
});
