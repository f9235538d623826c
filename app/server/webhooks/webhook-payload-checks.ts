import { customerFromWebhook, orderFromWebhook } from "../../domain/sync/webhook-records";
import { customerPayloadSchema, customerPrivacyPayloadSchema, orderPayloadSchema, parsePayload } from "./payload-schemas";

/**
 * The checks each topic's handler makes of its payload, run at ingest: a delivery is processed later by a
 * worker, so a payload its handler would refuse is answered 400 (naming the field) before it is stored,
 * exactly as when it was processed in the request.
 */
const PAYLOAD_CHECKS: Record<string, (payload: unknown) => void> = {
  "orders/create": (payload) => orderFromWebhook(parsePayload(orderPayloadSchema, payload)),
  "orders/updated": (payload) => orderFromWebhook(parsePayload(orderPayloadSchema, payload)),
  "orders/cancelled": (payload) => orderFromWebhook(parsePayload(orderPayloadSchema, payload)),
  "customers/create": (payload) => customerFromWebhook(parsePayload(customerPayloadSchema, payload)),
  "customers/update": (payload) => customerFromWebhook(parsePayload(customerPayloadSchema, payload)),
  "customers/data_request": (payload) => parsePayload(customerPrivacyPayloadSchema, payload),
  "customers/redact": (payload) => parsePayload(customerPrivacyPayloadSchema, payload),
};

/** Throws the handler's own 400 (AppError) for a payload it would refuse; topics without checks pass. */
export function checkWebhookPayload(topic: string, payload: unknown): void {
  PAYLOAD_CHECKS[topic]?.(payload);
}
