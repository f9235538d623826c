/**
 * One definition per count, on every page and API (Settings usage, the dashboard's totals, /api/overview, the
 * model page):
 *  - customers: customers with at least one order that was not cancelled. Customer records that never
 *    ordered (accounts, newsletter sign-ups) or whose orders were all cancelled are "customer records
 *    without an order", counted apart.
 *  - orders: orders that were not cancelled, guest checkouts included (they are real sales). Cancelled
 *    orders are counted apart.
 *  - customers' orders: orders (as above) that have a customer: what the models learn from, since guests
 *    cannot be followed from one order to the next.
 *  - import records: lines of Shopify's bulk export (customers, orders and their line items), shown only
 *    on the import card and called records there.
 * The SQL in app/infra/metrics/shop-usage-repository.ts counts the same things; `countShop` is its in-memory
 * twin for tests.
 */
export interface ShopCounts {
  customers: number;
  customerRecordsWithoutOrders: number;
  orders: number;
  cancelledOrders: number;
  customerOrders: number;
}

export interface CountedOrder {
  customerId: string | null;
  cancelled: boolean;
}

export function countShop(customerIds: Iterable<string>, orders: Iterable<CountedOrder>): ShopCounts {
  const buyers = new Set<string>();
  let orderCount = 0;
  let cancelled = 0;
  let customerOrders = 0;
  for (const order of orders) {
    if (order.cancelled) {
      cancelled++;
      continue;
    }
    orderCount++;
    if (order.customerId !== null) {
      customerOrders++;
      buyers.add(order.customerId);
    }
  }
  let records = 0;
  for (const _ of customerIds) records++;
  return { customers: buyers.size, customerRecordsWithoutOrders: records - buyers.size, orders: orderCount, cancelledOrders: cancelled, customerOrders };
}
