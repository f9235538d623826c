import { z } from "zod";
import { customerFromWebhook, orderFromWebhook } from "../../domain/sync/webhook-records";
import { parseInput } from "../validation";

/**
 * Webhook payloads as Shopify sends them (REST resource shapes), validated before use. Only the fields Encore
 * reads are declared; unknown ones are not refused, and parsing leaves them out (ingest stores only the
 * parsed form, webhook-payload-checks.ts). Shapes: https://shopify.dev/docs/api/webhooks.
 */
const id = z.union([z.number().int(), z.string().min(1)]);
// Amounts are stored as Decimal(14, 2): anything from a trillion up cannot be a real order's.
const MAX_AMOUNT = 1e12;
const money = z
  .union([z.string().regex(/^-?\d+(\.\d+)?$/), z.number()])
  .refine((value) => Number.isFinite(Number(value)) && Math.abs(Number(value)) < MAX_AMOUNT, `must be below ${MAX_AMOUNT.toLocaleString("en")}`);
const moneySet = z.object({ shop_money: z.object({ amount: money }) }).nullish();
// A four-digit year, 1970-9999: JavaScript also parses expanded years ("+275760-09-13"), which no order has
// and PostgreSQL would not take as written.
const isoDate = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)) && Date.parse(value) >= 0, "expected an ISO date-time (years 1970-9999)");

export const orderPayloadSchema = z.object({
  id,
  admin_graphql_api_id: z.string().nullish(),
  name: z.string().nullish(),
  currency: z.string().min(3),
  created_at: isoDate,
  updated_at: isoDate.nullish(),
  processed_at: isoDate.nullish(),
  cancelled_at: isoDate.nullish(),
  total_price: money,
  subtotal_price: money.nullish(),
  total_discounts: money.nullish(),
  total_price_set: moneySet,
  subtotal_price_set: moneySet,
  total_discounts_set: moneySet,
  discount_codes: z.array(z.object({ code: z.string() })).nullish(),
  customer: z.object({ id, admin_graphql_api_id: z.string().nullish() }).nullish(),
  line_items: z
    .array(
      z.object({
        id,
        admin_graphql_api_id: z.string().nullish(),
        product_id: id.nullish(),
        variant_id: id.nullish(),
        title: z.string().nullish(),
        quantity: z.number().int(),
        price: money,
        price_set: moneySet,
      }),
    )
    .nullish(),
});

export const customerPayloadSchema = z.object({
  id,
  admin_graphql_api_id: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  created_at: isoDate.nullish(),
  updated_at: isoDate.nullish(),
  default_address: z.object({ city: z.string().nullish(), country_code: z.string().nullish() }).nullish(),
});

/** customers/data_request and customers/redact. */
export const customerPrivacyPayloadSchema = z.object({
  shop_domain: z.string().optional(),
  customer: z.object({ id: id.nullish(), email: z.string().nullish(), phone: z.string().nullish() }),
  orders_requested: z.array(id).optional(),
  orders_to_redact: z.array(id).optional(),
});

export function parsePayload<T extends z.ZodType>(schema: T, payload: unknown): z.infer<T> {
  return parseInput(schema, payload);
}

/**
 * Each payload kind as its handlers read it; ingest parses with the same schemas (webhook-payload-checks.ts),
 * so a payload is refused with the same 400 whether it is checked at the door or applied later.
 */
export const readOrderPayload = (payload: unknown) => orderFromWebhook(parsePayload(orderPayloadSchema, payload));
export const readCustomerPayload = (payload: unknown) => customerFromWebhook(parsePayload(customerPayloadSchema, payload));
export const readCustomerPrivacyPayload = (payload: unknown) => parsePayload(customerPrivacyPayloadSchema, payload);
