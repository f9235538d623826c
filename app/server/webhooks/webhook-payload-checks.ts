import type { z } from "zod";
import { customerPayloadSchema, customerPrivacyPayloadSchema, orderPayloadSchema, parsePayload } from "./payload-schemas";

/**
 * The schema each topic's handler reads its payload with (payload-schemas.ts), run at ingest: a delivery is
 * processed later by a worker, so a payload its handler would refuse is answered 400 (naming the field)
 * before it is stored, exactly as when it was processed in the request.
 */
const PAYLOAD_SCHEMAS: Record<string, z.ZodType> = {
  "orders/create": orderPayloadSchema,
  "orders/updated": orderPayloadSchema,
  "orders/cancelled": orderPayloadSchema,
  "customers/create": customerPayloadSchema,
  "customers/update": customerPayloadSchema,
  "customers/data_request": customerPrivacyPayloadSchema,
  "customers/redact": customerPrivacyPayloadSchema,
};

/**
 * What is stored of a delivery's payload until a worker applies it: the fields its handler reads, as the
 * handler's schema parsed them (the schemas only check, never transform, so the handler reads the stored form
 * as it would have read the original). Everything else Shopify sent (an order's email, addresses, phone,
 * browser IP, notes) is never written, and the queue row is about a third of the size. Throws the handler's
 * own 400 (AppError) for a payload it would refuse; a topic without a schema is stored as sent.
 */
export function storedWebhookPayload(topic: string, payload: unknown): unknown {
  const schema = PAYLOAD_SCHEMAS[topic];
  return schema ? parsePayload(schema, payload) : payload;
}
