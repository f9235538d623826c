/**
 * Plain data shapes of a generated demo shop. They mirror the Shopify Admin
 * objects Encore imports (Customer, Order, LineItem, Product) closely enough
 * that `to-bulk-jsonl` can render them as a Bulk Operation result, but stay
 * flat and typed so tests and seeders can use them directly.
 *
 * Money follows Shopify's MoneyV2: a decimal string plus an ISO 4217 code.
 * The generator always writes exactly two decimals ("12.50"); note that real
 * Shopify responses may use fewer ("10.0"), so importers must parse decimals
 * generally rather than rely on this format.
 */

export interface DemoMoney {
  amount: string;
  currencyCode: string;
}

export interface DemoShop {
  domain: string;
  name: string;
  currency: string;
}

export interface DemoProduct {
  id: string; // gid://shopify/Product/…
  variantId: string; // gid://shopify/ProductVariant/… (one variant per product)
  title: string;
  handle: string;
  productType: string;
  price: DemoMoney;
}

export interface DemoCustomer {
  id: string; // gid://shopify/Customer/…
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  city: string;
  countryCode: string; // ISO 3166-1 alpha-2, as Shopify's countryCodeV2
  /** ISO instant; the customer record is created with their first checkout. */
  createdAt: string;
  updatedAt: string;
  /** Every order the customer placed, cancelled ones included (a lifetime count, not a metric input). */
  numberOfOrders: number;
}

export interface DemoLineItem {
  id: string; // gid://shopify/LineItem/…
  productId: string;
  variantId: string;
  title: string;
  quantity: number;
  originalUnitPrice: DemoMoney;
}

/**
 * Order money is consistent by construction (all in cents internally):
 *   lineItemsTotal = Σ quantity × originalUnitPrice
 *   subtotalPrice  = lineItemsTotal − totalDiscounts   (Shopify: after discounts, before shipping and tax)
 *   totalPrice     = subtotalPrice + totalShippingPrice (demo prices are tax-free: totalTax is always 0)
 */
export interface DemoOrder {
  id: string; // gid://shopify/Order/…
  name: string; // "#1001", increasing with createdAt
  /** null for guest checkouts. */
  customerId: string | null;
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  currencyCode: string;
  discountCodes: string[];
  lineItems: DemoLineItem[];
  subtotalPrice: DemoMoney;
  totalDiscounts: DemoMoney;
  totalShippingPrice: DemoMoney;
  totalPrice: DemoMoney;
}

export interface DemoShopHistory {
  shop: DemoShop;
  products: DemoProduct[];
  customers: DemoCustomer[];
  /** Sorted by createdAt ascending. */
  orders: DemoOrder[];
}
