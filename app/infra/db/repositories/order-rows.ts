import type { OrderRecord } from "../../../domain/sync/commerce-records";
import { timeOrderedId } from "../time-ordered-ids";

/**
 * The wire form of a batch of orders for `upsertOrderRows`: one JSON document, expanded server-side by
 * `json_to_recordset`. Built apart from the database code so the bulk importer's parse thread can build it.
 * `customerIdOf` answers the customer's row id when the caller knows it; otherwise the statement looks the
 * customer up by GID. (COPY would cost the server less, but PGlite cannot take COPY FROM STDIN over its socket,
 * and building COPY text costs the client as much as it saves the server.)
 */
export function orderRowsDocument(orders: readonly OrderRecord[], customerIdOf: (customerGid: string) => string | undefined): string {
  const rows = orders.map((order) => ({
    id: timeOrderedId(),
    gid: order.shopifyGid,
    name: order.name,
    customer_gid: order.customerGid,
    customer_id: order.customerGid === null ? null : (customerIdOf(order.customerGid) ?? null),
    currency: order.currency,
    total: order.totalPrice,
    subtotal: order.subtotalPrice,
    discounts: order.totalDiscounts,
    codes: order.discountCodes,
    placed: order.placedAt,
    processed: order.processedAt,
    cancelled: order.cancelledAt,
    updated: order.shopifyUpdatedAt,
    // Nested as JSON, read by the statement as `json` (a slice of the document) and cast to jsonb once.
    items: order.lineItems,
    products: productGidsOf(order),
  }));
  return JSON.stringify(rows);
}

/** The distinct products of an order, for the GIN index behind "orders containing product X". */
function productGidsOf(order: OrderRecord): string[] {
  const products: string[] = [];
  for (const item of order.lineItems) if (item.productGid && !products.includes(item.productGid)) products.push(item.productGid);
  return products;
}
