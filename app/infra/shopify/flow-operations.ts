import type { AdminOperation } from "./admin-graphql";

/**
 * Starts the merchant's workflows that begin with one of Encore's Flow triggers (extensions/encore-flow-*).
 * `handle` is the extension's handle, `payload` its fields by key (app/domain/activation/flow-payloads.ts).
 * Shopify answers problems as userErrors on field ["body"] with a message such as "Errors validating
 * schema:\n  Invalid handle 'x'.\n" or "… Properties size exceeds the limit of 50000 bytes."; a call costs one
 * point of the shop's Admin API bucket (recorded: requestedQueryCost 1 per call). Flow does nothing for a shop
 * with no enabled workflow using the trigger.
 */
export const FLOW_TRIGGER_RECEIVE: AdminOperation = {
  name: "FlowTriggerReceive",
  query: `mutation FlowTriggerReceive($handle: String!, $payload: JSON!) {
  flowTriggerReceive(handle: $handle, payload: $payload) {
    userErrors { field message }
  }
}`,
  userErrorsPath: ["flowTriggerReceive", "userErrors"],
};
