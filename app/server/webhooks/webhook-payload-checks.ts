import { readCustomerPayload, readCustomerPrivacyPayload, readOrderPayload } from "./payload-schemas";

/**
 * The checks each topic's handler makes of its payload, run at ingest: a delivery is processed later by a
 * worker, so a payload its handler would refuse is answered 400 (naming the field) before it is stored,
 * exactly as when it was processed in the request.
 */
const PAYLOAD_CHECKS: Record<string, (payload: unknown) => unknown> = {
  "orders/create": readOrderPayload,
  "orders/updated": readOrderPayload,
  "orders/cancelled": readOrderPayload,
  "customers/create": readCustomerPayload,
  "customers/update": readCustomerPayload,
  "customers/data_request": readCustomerPrivacyPayload,
  "customers/redact": readCustomerPrivacyPayload,
};

/** Throws the handler's own 400 (AppError) for a payload it would refuse; topics without checks pass. */
export function checkWebhookPayload(topic: string, payload: unknown): void {
  PAYLOAD_CHECKS[topic]?.(payload);
}
