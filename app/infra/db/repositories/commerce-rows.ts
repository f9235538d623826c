import type { CustomerRecord, OrderRecord } from "../../../domain/sync/commerce-records";
import { timeOrderedId } from "../time-ordered-ids";

/**
 * The wire form of a batch of orders for `upsertOrderRows`, read by the statement as two parameters:
 *  - `rows`: one JSON array with an array per order, its positions as listed below, read as jsonb;
 *  - `items`: the orders' line-item arrays, in the same order, read as json (validated, never re-encoded: they
 *    are stored as json text).
 * Built apart from the database code so the bulk importer's parse thread can build it. `customerIdOf` answers
 * the customer's row id when the caller knows it; otherwise the statement looks the customer up by GID.
 *
 * Why this shape (measured on PostgreSQL 15, 5,000 orders): `json_to_recordset` over objects cost the server
 * 28–36 µs an order (the document is parsed twice, every field found by name, the items re-parsed as jsonb);
 * positional arrays read from one jsonb value cost 12–18 µs, and 7 µs with the items apart as json. COPY
 * would cost the server less still, but PGlite cannot take COPY FROM STDIN over its socket.
 */
export interface OrderDocuments {
  rows: string;
  items: string;
}

export function orderRowsDocument(orders: readonly OrderRecord[], customerIdOf: (customerGid: string) => string | undefined): OrderDocuments {
  const rows = orders.map((order) => [
    timeOrderedId(),
    order.shopifyGid,
    order.name,
    order.customerGid,
    order.customerGid === null ? null : (customerIdOf(order.customerGid) ?? null),
    order.currency,
    order.totalPrice,
    order.subtotalPrice,
    order.totalDiscounts,
    textArrayLiteral(order.discountCodes),
    order.placedAt,
    order.processedAt,
    order.cancelledAt,
    order.shopifyUpdatedAt,
    textArrayLiteral(productGidsOf(order)),
  ]);
  return { rows: JSON.stringify(rows), items: JSON.stringify(orders.map((order) => order.lineItems)) };
}

/**
 * A PostgreSQL text[] literal (`{"a","b"}`), every element quoted: the statement casts it with `::text[]`,
 * which costs the server a third of expanding a JSON array per row.
 */
export function textArrayLiteral(values: readonly string[]): string {
  let literal = "{";
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    literal += (index === 0 ? '"' : ',"') + (/["\\]/.test(value) ? value.replace(/["\\]/g, "\\$&") : value) + '"';
  }
  return literal + "}";
}

/** The distinct products of an order, for the GIN index behind "orders containing product X". */
function productGidsOf(order: OrderRecord): string[] {
  const products: string[] = [];
  for (const item of order.lineItems) if (item.productGid && !products.includes(item.productGid)) products.push(item.productGid);
  return products;
}

/** The wire form of a batch of customers for `upsertCustomerRows`, shaped as `orderRowsDocument`'s. */
export function customerRowsDocument(customers: readonly CustomerRecord[]): string {
  const rows = customers.map((customer) => [
    timeOrderedId(),
    customer.shopifyGid,
    customer.firstName,
    customer.lastName,
    customer.email,
    customer.phone,
    customer.city,
    customer.countryCode,
    customer.shopifyCreatedAt,
    customer.shopifyUpdatedAt,
  ]);
  return JSON.stringify(rows);
}
