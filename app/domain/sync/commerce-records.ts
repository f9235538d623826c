/**
 * The records Encore stores for a shop's customers and orders, whatever their source (bulk-operation JSONL,
 * webhook payload or the demo generator). Keyed by Shopify GID; money as decimal strings in shop currency.
 */

export interface CustomerRecord {
  shopifyGid: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  countryCode: string | null;
  shopifyCreatedAt: Date | null;
  shopifyUpdatedAt: Date | null;
}

export interface LineItemRecord {
  shopifyGid: string;
  productGid: string | null;
  variantGid: string | null;
  title: string;
  quantity: number;
  /** Decimal string in shop money, e.g. "12.50". */
  unitPrice: string;
}

export interface OrderRecord {
  shopifyGid: string;
  name: string | null;
  customerGid: string | null;
  currency: string;
  totalPrice: string;
  subtotalPrice: string;
  totalDiscounts: string;
  discountCodes: string[];
  placedAt: Date;
  processedAt: Date | null;
  cancelledAt: Date | null;
  shopifyUpdatedAt: Date | null;
  lineItems: LineItemRecord[];
}

export interface ProductRecord {
  shopifyGid: string;
  title: string;
  handle: string;
  price: string;
  imageUrl: string | null;
}

/** Thrown by the record mappers; the message names the offending field (no values: they may be PII). */
export class RecordShapeError extends Error {
  constructor(readonly field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = "RecordShapeError";
  }
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

export function decimalField(value: unknown, field: string): string {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !DECIMAL.test(text)) throw new RecordShapeError(field, "expected a decimal amount");
  return text;
}

export function dateField(value: unknown, field: string): Date {
  if (typeof value !== "string") throw new RecordShapeError(field, "expected an ISO date-time");
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new RecordShapeError(field, "expected an ISO date-time");
  return date;
}

export function optionalDateField(value: unknown, field: string): Date | null {
  return value === null || value === undefined ? null : dateField(value, field);
}

export function optionalString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function gidField(value: unknown, type: string, field: string): string {
  if (typeof value !== "string" || !value.startsWith(`gid://shopify/${type}/`)) {
    throw new RecordShapeError(field, `expected a gid://shopify/${type}/… id`);
  }
  return value;
}

/** REST webhook payloads carry numeric ids; Encore keys everything by the GraphQL GID. */
export function toGid(type: string, id: number | string): string {
  return typeof id === "string" && id.startsWith("gid://") ? id : `gid://shopify/${type}/${id}`;
}
