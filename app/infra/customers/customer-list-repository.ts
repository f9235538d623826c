import type pg from "pg";
import { SCORE_BANDS } from "../../domain/metrics/score-bands";
import { RFM_GROUPS } from "../../domain/scoring";
import { CUSTOMER_SORTS, encodeCursor, type CustomerCursor, type CustomerListFilters, type CustomerListQuery, type CustomerSort } from "./customer-list-query";

type Queryable = Pick<pg.Pool, "query">;

export interface CustomerListRow {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  orderCount: number;
  lastOrderAt: Date;
  pRepeat90: number;
  predictedClv365: number;
  totalSpent: number;
  expectedNextOrderAt: Date | null;
  rfmSegment: string;
  loyaltySegment: string;
}

export interface CustomerListPage {
  customers: CustomerListRow[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const RFM: ReadonlySet<string> = new Set(RFM_GROUPS);

/**
 * The admin's customer list over CustomerScore ⨝ Customer, for shops of a million customers: keyset pagination
 * on (sort column, customerId) walks the (shopId, column, customerId) index, so page 1 and page 20,000 cost the
 * same; filters are plain predicates on that walk; the search uses the lower(...) text_pattern_ops expression
 * indexes (prefix match: see the migration customer_list_keyset). Raw SQL on the pg pool: the list is the
 * hottest read of the admin and Prisma's query layer adds milliseconds per page.
 */
export class CustomerListRepository {
  constructor(private readonly db: Queryable) {}

  async page(shopId: string, query: CustomerListQuery, now: Date): Promise<CustomerListPage> {
    const backwards = query.before !== undefined;
    const cursor = query.before ?? query.after;
    // Going backwards reads the list in reverse from the cursor, then flips the page.
    const descending = (query.direction === "desc") !== backwards;
    const { sql, params } = listSql(shopId, query, now, cursor, descending, query.limit + 1);
    const { rows } = await this.db.query<RawRow>(sql, params);
    const more = rows.length > query.limit;
    const page = rows.slice(0, query.limit);
    if (backwards) page.reverse();
    const customers = page.map(toRow);
    const cursorOf = (row: RawRow | undefined) => (row ? encodeCursor({ sort: query.sort, value: row.sort_value, id: row.id }) : null);
    return {
      customers,
      pageInfo: {
        hasNextPage: backwards ? true : more,
        hasPreviousPage: backwards ? more : query.after !== undefined,
        startCursor: cursorOf(page[0]),
        endCursor: cursorOf(page.at(-1)),
      },
    };
  }

  /**
   * How many scored customers match the filters. The join to Customer only when searching (its columns are
   * the search's): every score row has its customer, so without a search the count is over one index.
   */
  async count(shopId: string, filters: CustomerListFilters, now: Date): Promise<number> {
    const params: unknown[] = [shopId];
    const where = [`s."shopId" = $1`, ...filterSql(filters, params, now)];
    const join = filters.search ? `JOIN "Customer" c ON c.id = s."customerId" AND c."shopId" = $1` : "";
    const { rows } = await this.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM "CustomerScore" s ${join} WHERE ${where.join(" AND ")}`, params);
    return rows[0].total;
  }

  /** Every matching row in list order, fetched by keyset in batches: memory stays at one batch. */
  async *stream(shopId: string, query: Omit<CustomerListQuery, "limit" | "after" | "before">, now: Date, batchSize = 1_000): AsyncGenerator<CustomerListRow> {
    let cursor: CustomerCursor | undefined;
    for (;;) {
      const { sql, params } = listSql(shopId, { ...query, limit: batchSize }, now, cursor, query.direction === "desc", batchSize);
      const { rows } = await this.db.query<RawRow>(sql, params);
      for (const row of rows) yield toRow(row);
      if (rows.length < batchSize) return;
      const last = rows[rows.length - 1];
      cursor = { sort: query.sort, value: last.sort_value, id: last.id };
    }
  }
}

/** As pg returns it: numeric columns as decimal strings, plus the keyset sort value. */
type RawRow = Omit<CustomerListRow, "predictedClv365" | "totalSpent"> & { predictedClv365: string; totalSpent: string; sort_value: string };

function toRow(row: RawRow): CustomerListRow {
  const { sort_value: _sortValue, ...rest } = row;
  return { ...rest, predictedClv365: Number(row.predictedClv365), totalSpent: Number(row.totalSpent) };
}

/** Escapes LIKE wildcards so a search for "a_b%" means those characters. */
export function likePrefix(text: string): string {
  return `${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export function filterSql(filters: CustomerListFilters, params: unknown[], now: Date): string[] {
  const where: string[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (filters.segment) where.push(`s.${RFM.has(filters.segment) ? `"rfmSegment"` : `"loyaltySegment"`} = ${param(filters.segment)}`);
  if (filters.band) {
    const band = SCORE_BANDS[filters.band];
    where.push(`s."pRepeat90" >= ${param(band.min)}`);
    if (Number.isFinite(band.max)) where.push(`s."pRepeat90" < ${param(band.max)}`);
  }
  if (filters.unusedCoupon !== undefined) {
    where.push(
      `${filters.unusedCoupon ? "" : "NOT "}EXISTS (SELECT 1 FROM "OfferDecision" d WHERE d."shopId" = s."shopId" AND d."customerId" = s."customerId"
         AND d.outcome = 'issued' AND d."redeemedAt" IS NULL AND d."expiresAt" > ${param(now)}::timestamptz)`,
    );
  }
  if (filters.search) {
    const pattern = param(likePrefix(filters.search));
    // The expressions must match the migration's index expressions exactly for the planner to use them.
    where.push(
      `(lower(c.email) LIKE ${pattern} OR lower(coalesce(c."firstName", '') || ' ' || coalesce(c."lastName", '')) LIKE ${pattern} OR lower(c."lastName") LIKE ${pattern})`,
    );
  }
  return where;
}

function listSql(shopId: string, query: CustomerListQuery, now: Date, cursor: CustomerCursor | undefined, descending: boolean, limit: number) {
  const params: unknown[] = [shopId];
  const { column, type } = CUSTOMER_SORTS[query.sort as CustomerSort];
  // c."shopId" too: it is the leading column of the search indexes, which the join alone does not constrain.
  const where = [`s."shopId" = $1`, `c."shopId" = $1`, ...filterSql(query, params, now)];
  if (cursor) {
    const value = `$${params.push(cursor.value)}::${type}`;
    const id = `$${params.push(cursor.id)}`;
    where.push(`(s.${column}, s."customerId") ${descending ? "<" : ">"} (${value}, ${id})`);
  }
  const direction = descending ? "DESC" : "ASC";
  const sql = `
    SELECT s."customerId" AS id, c."firstName", c."lastName", c.email, s."orderCount", s."lastOrderAt", s."pRepeat90",
           s."predictedClv365"::text AS "predictedClv365", s."totalSpent"::text AS "totalSpent", s."expectedNextOrderAt",
           s."rfmSegment", s."loyaltySegment", s.${column}::text AS sort_value
    FROM "CustomerScore" s JOIN "Customer" c ON c.id = s."customerId" AND c."shopId" = s."shopId"
    WHERE ${where.join(" AND ")}
    ORDER BY s.${column} ${direction}, s."customerId" ${direction}
    LIMIT ${Number(limit)}`;
  return { sql, params };
}
