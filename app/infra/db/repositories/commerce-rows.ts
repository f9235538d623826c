import type { CustomerRecord, OrderRecord } from "../../../domain/sync/commerce-records";
import { jsonArrayParameter, JsonArrayParameter } from "../json-parameter";
import { timeOrderedId } from "../time-ordered-ids";

/**
 * The wire form of a batch of orders for `upsertOrderRows`, read by the statement as two parameters:
 *  - `rows`: one JSON array with an array per order, its positions as listed below, read as jsonb;
 *  - `items`: the orders' line-item arrays, in the same order, read as json (validated, never re-encoded: they
 *    are stored as json text).
 * Built apart from the database code so the bulk importer's parse thread can build it. `customerIds[i]` is the
 * row id of order i's customer when the caller knows it; otherwise the statement looks the customer up by GID.
 *
 * Why this shape (measured on PostgreSQL 15, 5,000 orders): `json_to_recordset` over objects cost the server
 * 28–36 µs an order (the document is parsed twice, every field found by name, the items re-parsed as jsonb);
 * positional arrays read from one jsonb value cost 12–18 µs, and 7 µs with the items apart as json. COPY
 * would cost the server less still, but PGlite cannot take COPY FROM STDIN over its socket.
 *
 * Both travel as UTF-8 bytes in PostgreSQL's binary parameter format (see json-parameter.ts), each in a buffer of
 * its own: the parse thread hands them over without a copy, and the driver sends them without encoding.
 * `memory` supplies buffers to write them into (the importer recycles them); fresh memory otherwise.
 */
export interface OrderDocuments {
  rows: Uint8Array;
  items: Uint8Array;
}

export function orderRowsDocument(
  orders: readonly OrderRecord[],
  customerIds: readonly (string | undefined)[] = [],
  memory: { rows?: ArrayBuffer; items?: ArrayBuffer } = {},
): OrderDocuments {
  const rows = new JsonArrayParameter("jsonb", memory.rows);
  const items = new JsonArrayParameter("json", memory.items);
  for (let index = 0; index < orders.length; index++) {
    const order = orders[index];
    rows.push([
      timeOrderedId(),
      order.shopifyGid,
      order.name,
      order.customerGid,
      customerIds[index] ?? null,
      order.currency,
      order.totalPrice,
      order.subtotalPrice,
      order.totalDiscounts,
      textArrayLiteral(order.discountCodes),
      // Formatted here: JSON.stringify formats a Date through its toJSON method, three times slower.
      order.placedAt.toISOString(),
      isoOrNull(order.processedAt),
      isoOrNull(order.cancelledAt),
      isoOrNull(order.shopifyUpdatedAt),
      textArrayLiteral(productGidsOf(order)),
    ]);
    items.push(order.lineItems);
  }
  return { rows: rows.finish(), items: items.finish() };
}

const isoOrNull = (date: Date | null) => (date === null ? null : date.toISOString());

/**
 * A PostgreSQL text[] literal (`{a,"b c"}`): the statement casts it with `::text[]`, which costs the server a
 * third of expanding a JSON array per row. Elements are quoted only when array syntax needs it: a GID or a
 * plain discount code goes bare, so the literal carries no `\"` escapes through the JSON document (an escaped
 * string is lexed a character at a time by the server, and escaped one by JSON.stringify).
 */
export function textArrayLiteral(values: readonly string[]): string {
  let literal = "{";
  for (let index = 0; index < values.length; index++) {
    if (index > 0) literal += ",";
    const value = values[index];
    if (BARE_ELEMENT.test(value) && value.toUpperCase() !== "NULL") literal += value;
    else literal += '"' + (/["\\]/.test(value) ? value.replace(/["\\]/g, "\\$&") : value) + '"';
  }
  return literal + "}";
}

/** What array_in reads back unchanged without quotes: no braces, commas, quotes, backslashes or white space. */
const BARE_ELEMENT = /^[\w:/.#@+-]+$/;

/** The distinct products of an order, for the GIN index behind "orders containing product X". */
function productGidsOf(order: OrderRecord): string[] {
  const products: string[] = [];
  for (const item of order.lineItems) if (item.productGid && !products.includes(item.productGid)) products.push(item.productGid);
  return products;
}

/** The wire form of a batch of customers for `upsertCustomerRows`, shaped as `orderRowsDocument`'s. */
export function customerRowsDocument(customers: readonly CustomerRecord[], memory?: ArrayBuffer): Uint8Array {
  const rows = customers.map((customer) => [
    timeOrderedId(),
    customer.shopifyGid,
    customer.firstName,
    customer.lastName,
    customer.email,
    customer.phone,
    customer.city,
    customer.countryCode,
    isoOrNull(customer.shopifyCreatedAt),
    isoOrNull(customer.shopifyUpdatedAt),
  ]);
  return jsonArrayParameter("jsonb", rows, memory);
}
