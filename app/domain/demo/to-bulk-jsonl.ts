/**
 * Renders a demo history as the JSONL files Shopify's `bulkOperationRunQuery`
 * produces, so the real bulk-import parser can be exercised end to end
 * without a store.
 *
 * Bulk results flatten connections: every connection node is its own line,
 * and a nested node carries `__parentId` = its parent's `id`, emitted right
 * after that parent. Plain object fields (`customer { id }`,
 * `totalPriceSet { shopMoney { … } }`) stay inline. Field names follow the
 * Admin GraphQL API; UnsignedInt64 values (`numberOfOrders`) are strings, as
 * Shopify encodes that scalar.
 *
 * Generators are used so a large history streams line by line.
 */
import type { DemoCustomer, DemoLineItem, DemoMoney, DemoOrder, DemoShopHistory } from "./demo-types";

/** The orders query these lines answer (one connection nested: lineItems). */
export const DEMO_ORDERS_BULK_QUERY = `{
  orders {
    edges {
      node {
        id name createdAt processedAt updatedAt cancelledAt currencyCode discountCodes
        totalPriceSet { shopMoney { amount currencyCode } }
        subtotalPriceSet { shopMoney { amount currencyCode } }
        totalDiscountsSet { shopMoney { amount currencyCode } }
        totalShippingPriceSet { shopMoney { amount currencyCode } }
        customer { id }
        lineItems {
          edges {
            node {
              id title quantity
              product { id }
              variant { id }
              originalUnitPriceSet { shopMoney { amount currencyCode } }
            }
          }
        }
      }
    }
  }
}`;

/** The customers query these lines answer (no nested connection). */
export const DEMO_CUSTOMERS_BULK_QUERY = `{
  customers {
    edges {
      node {
        id firstName lastName email phone createdAt updatedAt numberOfOrders
        defaultAddress { city countryCodeV2 }
      }
    }
  }
}`;

/** One JSON line per order, each followed by its line items (with `__parentId`). */
export function* ordersBulkJsonl(history: Pick<DemoShopHistory, "orders">): Generator<string, void, undefined> {
  for (const order of history.orders) {
    yield JSON.stringify(orderNode(order));
    for (const lineItem of order.lineItems) yield JSON.stringify(lineItemNode(lineItem, order.id));
  }
}

/** One JSON line per customer. */
export function* customersBulkJsonl(history: Pick<DemoShopHistory, "customers">): Generator<string, void, undefined> {
  for (const customer of history.customers) yield JSON.stringify(customerNode(customer));
}

function moneyBag(money: DemoMoney) {
  return { shopMoney: { amount: money.amount, currencyCode: money.currencyCode } };
}

function orderNode(order: DemoOrder) {
  return {
    id: order.id,
    name: order.name,
    createdAt: order.createdAt,
    processedAt: order.processedAt,
    updatedAt: order.updatedAt,
    cancelledAt: order.cancelledAt,
    currencyCode: order.currencyCode,
    discountCodes: order.discountCodes,
    totalPriceSet: moneyBag(order.totalPrice),
    subtotalPriceSet: moneyBag(order.subtotalPrice),
    totalDiscountsSet: moneyBag(order.totalDiscounts),
    totalShippingPriceSet: moneyBag(order.totalShippingPrice),
    customer: order.customerId === null ? null : { id: order.customerId },
  };
}

function lineItemNode(lineItem: DemoLineItem, orderId: string) {
  return {
    id: lineItem.id,
    title: lineItem.title,
    quantity: lineItem.quantity,
    product: { id: lineItem.productId },
    variant: { id: lineItem.variantId },
    originalUnitPriceSet: moneyBag(lineItem.originalUnitPrice),
    __parentId: orderId,
  };
}

function customerNode(customer: DemoCustomer) {
  return {
    id: customer.id,
    firstName: customer.firstName,
    lastName: customer.lastName,
    email: customer.email,
    phone: customer.phone,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
    numberOfOrders: String(customer.numberOfOrders),
    defaultAddress: { city: customer.city, countryCodeV2: customer.countryCode },
  };
}
