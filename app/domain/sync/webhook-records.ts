/**
 * Maps Shopify webhook payloads (REST resource shapes, snake_case, numeric ids) to Encore's records keyed by
 * GraphQL GIDs, so webhooks and the bulk backfill upsert the very same rows. The payloads are validated at
 * the HTTP edge (zod) before they get here.
 */
import { toGid, type CustomerRecord, type OrderRecord } from "./commerce-records";

type Id = number | string;
type Nullable<T> = T | null | undefined;

export interface MoneySetPayload {
  shop_money: { amount: string | number };
}

export interface OrderWebhookPayload {
  id: Id;
  admin_graphql_api_id?: Nullable<string>;
  name?: Nullable<string>;
  currency: string;
  created_at: string;
  updated_at?: Nullable<string>;
  processed_at?: Nullable<string>;
  cancelled_at?: Nullable<string>;
  total_price: string | number;
  subtotal_price?: Nullable<string | number>;
  total_discounts?: Nullable<string | number>;
  total_price_set?: Nullable<MoneySetPayload>;
  subtotal_price_set?: Nullable<MoneySetPayload>;
  total_discounts_set?: Nullable<MoneySetPayload>;
  discount_codes?: Nullable<{ code: string }[]>;
  customer?: Nullable<{ id: Id; admin_graphql_api_id?: Nullable<string> }>;
  line_items?: Nullable<
    {
      id: Id;
      admin_graphql_api_id?: Nullable<string>;
      product_id?: Nullable<Id>;
      variant_id?: Nullable<Id>;
      title?: Nullable<string>;
      quantity: number;
      price: string | number;
      price_set?: Nullable<MoneySetPayload>;
    }[]
  >;
}

export interface CustomerWebhookPayload {
  id: Id;
  admin_graphql_api_id?: Nullable<string>;
  first_name?: Nullable<string>;
  last_name?: Nullable<string>;
  email?: Nullable<string>;
  phone?: Nullable<string>;
  created_at?: Nullable<string>;
  updated_at?: Nullable<string>;
  default_address?: Nullable<{ city?: Nullable<string>; country_code?: Nullable<string> }>;
}

function amount(set: Nullable<MoneySetPayload>, fallback: Nullable<string | number>): string {
  return String(set?.shop_money.amount ?? fallback ?? "0");
}

function date(value: Nullable<string>): Date | null {
  return value ? new Date(value) : null;
}

/** Totals in shop money (`*_set.shop_money`), falling back to the legacy fields, which are also in shop currency. */
export function orderFromWebhook(payload: OrderWebhookPayload): OrderRecord {
  return {
    shopifyGid: payload.admin_graphql_api_id ?? toGid("Order", payload.id),
    name: payload.name ?? null,
    customerGid: payload.customer ? (payload.customer.admin_graphql_api_id ?? toGid("Customer", payload.customer.id)) : null,
    currency: payload.currency,
    totalPrice: amount(payload.total_price_set, payload.total_price),
    subtotalPrice: amount(payload.subtotal_price_set, payload.subtotal_price),
    totalDiscounts: amount(payload.total_discounts_set, payload.total_discounts),
    discountCodes: (payload.discount_codes ?? []).map((discount) => discount.code),
    placedAt: new Date(payload.created_at),
    processedAt: date(payload.processed_at),
    cancelledAt: date(payload.cancelled_at),
    shopifyUpdatedAt: date(payload.updated_at),
    lineItems: (payload.line_items ?? []).map((item) => ({
      shopifyGid: item.admin_graphql_api_id ?? toGid("LineItem", item.id),
      productGid: item.product_id === null || item.product_id === undefined ? null : toGid("Product", item.product_id),
      variantGid: item.variant_id === null || item.variant_id === undefined ? null : toGid("ProductVariant", item.variant_id),
      title: item.title ?? "",
      quantity: item.quantity,
      unitPrice: amount(item.price_set, item.price),
    })),
  };
}

export function customerFromWebhook(payload: CustomerWebhookPayload): CustomerRecord {
  return {
    shopifyGid: payload.admin_graphql_api_id ?? toGid("Customer", payload.id),
    firstName: payload.first_name || null,
    lastName: payload.last_name || null,
    email: payload.email || null,
    phone: payload.phone || null,
    city: payload.default_address?.city || null,
    countryCode: payload.default_address?.country_code || null,
    shopifyCreatedAt: date(payload.created_at),
    shopifyUpdatedAt: date(payload.updated_at),
  };
}
