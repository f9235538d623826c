import type { ScoreBand } from "../../domain/metrics/score-bands";

/** The sortable columns of the customer list and their SQL types (for casting a keyset cursor back). */
export const CUSTOMER_SORTS = {
  pRepeat90: { column: `"pRepeat90"`, type: "float8" },
  predictedClv365: { column: `"predictedClv365"`, type: "numeric" },
  lastOrderAt: { column: `"lastOrderAt"`, type: "timestamp" },
  orderCount: { column: `"orderCount"`, type: "int" },
} as const;

export type CustomerSort = keyof typeof CUSTOMER_SORTS;
export const CUSTOMER_SORT_NAMES = Object.keys(CUSTOMER_SORTS) as CustomerSort[];

export interface CustomerListFilters {
  /** An RFM group or a value-ladder rung (see app/domain/offers/segments.ts). */
  segment?: string;
  band?: ScoreBand;
  /** Customers holding an issued, unredeemed, unexpired Encore code. */
  unusedCoupon?: boolean;
  /** Case-insensitive prefix of the email, the full name or the last name. */
  search?: string;
}

/** A position in the list: the sort value as PostgreSQL prints it (exact), and the customer id breaking ties. */
export interface CustomerCursor {
  sort: CustomerSort;
  value: string;
  id: string;
}

export interface CustomerListQuery extends CustomerListFilters {
  sort: CustomerSort;
  direction: "asc" | "desc";
  limit: number;
  after?: CustomerCursor;
  before?: CustomerCursor;
}

/** Cursors are opaque to clients: base64url of [sort, value, id]. */
export function encodeCursor(cursor: CustomerCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id])).toString("base64url");
}

export function decodeCursor(text: string): CustomerCursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === "string")) return null;
    const [sort, value, id] = parsed as string[];
    if (!(sort in CUSTOMER_SORTS) || value.length > 64 || id.length > 200) return null;
    return { sort: sort as CustomerSort, value, id };
  } catch {
    return null;
  }
}
