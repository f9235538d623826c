import type { CustomerListFilters } from "../../infra/customers/customer-list-query";
import type { CustomerListRow } from "../../infra/customers/customer-list-repository";

/** The customer export's columns, in order, with the header a spreadsheet shows. */
export const CSV_COLUMNS = [
  { key: "id", header: "customer_id" },
  { key: "firstName", header: "first_name" },
  { key: "lastName", header: "last_name" },
  { key: "email", header: "email" },
  { key: "orderCount", header: "orders" },
  { key: "lastOrderAt", header: "last_order_at" },
  { key: "pRepeat90", header: "p_repeat_90d" },
  { key: "predictedClv365", header: "predicted_clv_365d" },
  { key: "totalSpent", header: "total_spent" },
  { key: "expectedNextOrderAt", header: "expected_next_order_at" },
  { key: "rfmSegment", header: "rfm_segment" },
  { key: "loyaltySegment", header: "value_segment" },
];

/**
 * A row as the merchant reads it: the probability to 4 decimals (0.1234 = 12.34 %, finer than the model can
 * tell apart), money to cents. Unrounded, a cell read 0.17735294117647058.
 */
export function csvRow(row: CustomerListRow): CustomerListRow {
  return { ...row, pRepeat90: round(row.pRepeat90, 4), predictedClv365: round(row.predictedClv365, 2), totalSpent: round(row.totalSpent, 2) };
}

/**
 * "encore-demo-customers-2026-11-01-lurker-low.csv": the shop, the day (UTC) and the filters, so several
 * exports side by side in a downloads folder say what they hold. A search is named only as "search": its
 * text may be a customer's name or email, which has no place in a filename.
 */
export function customerExportFileName(shopDomain: string, date: Date, filters: CustomerListFilters): string {
  const shop = shopDomain.replace(/\.myshopify\.com$/, "").replace(/[^a-z0-9-]/gi, "");
  const parts = [shop, "customers", date.toISOString().slice(0, 10)];
  if (filters.segment) parts.push(filters.segment.replace(/_/g, "-"));
  if (filters.band) parts.push(filters.band);
  if (filters.unusedCoupon !== undefined) parts.push(filters.unusedCoupon ? "unused-coupon" : "no-unused-coupon");
  if (filters.search) parts.push("search");
  return `${parts.join("-")}.csv`;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
