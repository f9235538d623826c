/**
 * The payloads of Encore's Shopify Flow triggers, one per flow_trigger extension (extensions/<handle>/
 * shopify.extension.toml). Flow matches payload keys to the TOML's fields exactly: the customer_reference
 * field arrives as "customer_id" (the customer's numeric id, not its GID), each custom field under its `key`
 * (letters and spaces only, case kept), number_decimal as a JSON number, text as a string. The test parses
 * every TOML and checks each builder against it.
 *
 * Payloads carry ids, scores and codes only, never names or emails: Flow loads the customer itself from the
 * reference, with whatever access the merchant's workflow has.
 *
 * Shopify rejects a payload whose JSON exceeds 50,000 bytes ("Properties size exceeds the limit of 50000
 * bytes", captured from the Admin API 2026-04); ours are a few hundred.
 */
import type { TransitionKind } from "./transitions";

export const FLOW_TRIGGER_HANDLES = {
  atRisk: "encore-flow-at-risk",
  lover: "encore-flow-lover",
  couponIssued: "encore-flow-coupon-issued",
  birthday: "encore-flow-birthday",
} as const;

export type FlowTriggerHandle = (typeof FLOW_TRIGGER_HANDLES)[keyof typeof FLOW_TRIGGER_HANDLES];

export const FLOW_PAYLOAD_MAX_BYTES = 50_000;

/** Custom field types Flow accepts on triggers that Encore uses (no integer or date types exist for triggers). */
export type FlowFieldType = "number_decimal" | "single_line_text_field";

/** Every trigger references the customer (payload key "customer_id") and declares these custom fields. */
export const FLOW_TRIGGER_FIELDS: Record<FlowTriggerHandle, Readonly<Record<string, FlowFieldType>>> = {
  [FLOW_TRIGGER_HANDLES.atRisk]: {
    "Churn status": "single_line_text_field",
    "Churn risk": "number_decimal",
    "Repeat likelihood": "number_decimal",
    "Predicted lifetime value": "number_decimal",
    "Days since last order": "number_decimal",
  },
  [FLOW_TRIGGER_HANDLES.lover]: {
    "Previous segment": "single_line_text_field",
    "Order count": "number_decimal",
    "Repeat likelihood": "number_decimal",
    "Churn risk": "number_decimal",
    "Predicted lifetime value": "number_decimal",
  },
  [FLOW_TRIGGER_HANDLES.couponIssued]: {
    "Discount code": "single_line_text_field",
    "Expires at": "single_line_text_field",
    "Offer kind": "single_line_text_field",
    "Discount type": "single_line_text_field",
    "Discount value": "number_decimal",
    Currency: "single_line_text_field",
  },
  [FLOW_TRIGGER_HANDLES.birthday]: {
    "Birthday date": "single_line_text_field",
    "Days until birthday": "number_decimal",
    "Discount code": "single_line_text_field",
    "Code expires at": "single_line_text_field",
  },
};

export const CUSTOMER_REFERENCE_KEY = "customer_id";

export const TRANSITION_HANDLES: Record<TransitionKind, FlowTriggerHandle> = {
  at_risk: FLOW_TRIGGER_HANDLES.atRisk,
  lover: FLOW_TRIGGER_HANDLES.lover,
};

export type FlowPayload = Record<string, string | number>;

const DAY_MS = 86_400_000;

export function isFlowTriggerHandle(handle: string): handle is FlowTriggerHandle {
  return Object.values(FLOW_TRIGGER_HANDLES).includes(handle as FlowTriggerHandle);
}

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/(\d+)$/;

/** True for "gid://shopify/Customer/<id>" with an id Flow's reference can carry (redacted or local ids are not). */
export function isShopifyCustomerGid(gid: string | null | undefined): gid is string {
  const match = gid ? CUSTOMER_GID.exec(gid) : null;
  return match !== null && Number.isSafeInteger(Number(match[1]));
}

/** The numeric id Flow's customer reference takes, from "gid://shopify/Customer/123". */
export function customerIdFromGid(gid: string): number {
  if (!isShopifyCustomerGid(gid)) throw new RangeError(`not a Shopify customer GID: ${gid}`);
  return Number(CUSTOMER_GID.exec(gid)![1]);
}

/** Bytes of the payload's JSON, as Shopify measures it against FLOW_PAYLOAD_MAX_BYTES. */
export function flowPayloadBytes(payload: unknown): number {
  return new TextEncoder().encode(JSON.stringify(payload)).length;
}

const probability = (value: number) => round(Math.min(1, Math.max(0, value)), 4);
const money = (value: number) => round(value, 2);

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The score columns the transition triggers report. */
export interface ScoreFacts {
  customerGid: string;
  pAlive: number;
  pRepeat90: number;
  predictedClv365: number;
}

export function atRiskPayload(facts: ScoreFacts & { churnStatus: string; lastOrderAt: Date; now: Date }): FlowPayload {
  return {
    [CUSTOMER_REFERENCE_KEY]: customerIdFromGid(facts.customerGid),
    "Churn status": facts.churnStatus,
    "Churn risk": probability(1 - facts.pAlive),
    "Repeat likelihood": probability(facts.pRepeat90),
    "Predicted lifetime value": money(facts.predictedClv365),
    "Days since last order": Math.max(0, Math.floor((facts.now.getTime() - facts.lastOrderAt.getTime()) / DAY_MS)),
  };
}

export function loverPayload(facts: ScoreFacts & { previousSegment: string; orderCount: number }): FlowPayload {
  return {
    [CUSTOMER_REFERENCE_KEY]: customerIdFromGid(facts.customerGid),
    "Previous segment": facts.previousSegment,
    "Order count": facts.orderCount,
    "Repeat likelihood": probability(facts.pRepeat90),
    "Churn risk": probability(1 - facts.pAlive),
    "Predicted lifetime value": money(facts.predictedClv365),
  };
}

export function couponIssuedPayload(coupon: {
  customerGid: string;
  code: string;
  expiresAt: Date;
  kind: string;
  discountType: string;
  discountValue: number;
  currency: string;
}): FlowPayload {
  return {
    [CUSTOMER_REFERENCE_KEY]: customerIdFromGid(coupon.customerGid),
    "Discount code": coupon.code,
    "Expires at": coupon.expiresAt.toISOString(),
    "Offer kind": coupon.kind,
    "Discount type": coupon.discountType,
    "Discount value": money(coupon.discountValue),
    Currency: coupon.currency,
  };
}

/** `birthday` is the day it is celebrated this time (midnight UTC); the code is optional (empty text when none). */
export function birthdayPayload(facts: {
  customerGid: string;
  birthday: Date;
  daysUntil: number;
  code?: string | null;
  codeExpiresAt?: Date | null;
}): FlowPayload {
  return {
    [CUSTOMER_REFERENCE_KEY]: customerIdFromGid(facts.customerGid),
    "Birthday date": facts.birthday.toISOString().slice(0, 10),
    "Days until birthday": facts.daysUntil,
    "Discount code": facts.code ?? "",
    "Code expires at": facts.code && facts.codeExpiresAt ? facts.codeExpiresAt.toISOString() : "",
  };
}

/**
 * The problems Flow would find with a payload for `handle` (unknown handle, missing or extra fields, wrong
 * JSON types, over the size limit); empty when it matches the trigger's declaration.
 */
export function flowPayloadProblems(handle: string, payload: Record<string, unknown>): string[] {
  if (!isFlowTriggerHandle(handle)) return [`Invalid handle '${handle}'.`];
  const problems: string[] = [];
  const fields = FLOW_TRIGGER_FIELDS[handle];
  const customerId = payload[CUSTOMER_REFERENCE_KEY];
  if (typeof customerId !== "number" || !Number.isSafeInteger(customerId) || customerId <= 0) {
    problems.push(`'${CUSTOMER_REFERENCE_KEY}' must be a numeric customer id.`);
  }
  for (const [key, type] of Object.entries(fields)) {
    const value = payload[key];
    if (value === undefined) problems.push(`Missing property '${key}'.`);
    else if (type === "number_decimal" ? typeof value !== "number" || !Number.isFinite(value) : typeof value !== "string") {
      problems.push(`Property '${key}' must be ${type === "number_decimal" ? "a number" : "text"}.`);
    }
  }
  for (const key of Object.keys(payload)) {
    if (key !== CUSTOMER_REFERENCE_KEY && !(key in fields)) problems.push(`Unknown property '${key}'.`);
  }
  if (flowPayloadBytes(payload) > FLOW_PAYLOAD_MAX_BYTES) problems.push(`Properties size exceeds the limit of ${FLOW_PAYLOAD_MAX_BYTES} bytes.`);
  return problems;
}
