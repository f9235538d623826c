import type pg from "pg";
import type { OrderRecord } from "../../domain/scoring";

/** A shop's scoring input held in columns (1M orders ≈ 20 MB plus the id strings). */
export interface OrderHistory {
  readonly size: number;
  readonly customerIds: string[];
  readonly timestamps: Float64Array;
  readonly amounts: Float64Array;
  records(): Iterable<OrderRecord>;
}

const PAGE_SIZE = 20_000;

/**
 * Reads the orders that count for scoring: not cancelled, with a customer (guests cannot be followed across
 * orders). Keyset pages on (placedAt, id) keep memory flat however large the shop is.
 */
export async function readOrderHistory(db: Pick<pg.Pool, "query">, shopId: string, until: Date): Promise<OrderHistory> {
  const customerIds: string[] = [];
  let timestamps: Float64Array = new Float64Array(PAGE_SIZE);
  let amounts: Float64Array = new Float64Array(PAGE_SIZE);
  let size = 0;
  let after: { placedAt: Date; id: string } | null = null;
  for (;;) {
    type Row = { id: string; customerId: string; placedAt: Date; amount: number };
    const result: { rows: Row[] } = await db.query(
      `SELECT id, "customerId", "placedAt", "totalPrice"::float8 AS amount
       FROM "Order"
       WHERE "shopId" = $1 AND "cancelledAt" IS NULL AND "customerId" IS NOT NULL AND "placedAt" <= $2
         AND ($3::timestamp IS NULL OR ("placedAt", id) > ($3::timestamp, $4::text))
       ORDER BY "placedAt", id
       LIMIT ${PAGE_SIZE}`,
      [shopId, until, after?.placedAt ?? null, after?.id ?? null],
    );
    const rows = result.rows;
    if (size + rows.length > timestamps.length) {
      const capacity = Math.max(timestamps.length * 2, size + rows.length);
      timestamps = grow(timestamps, capacity);
      amounts = grow(amounts, capacity);
    }
    for (const row of rows) {
      customerIds.push(row.customerId);
      timestamps[size] = row.placedAt.getTime();
      amounts[size] = row.amount;
      size++;
    }
    if (rows.length < PAGE_SIZE) break;
    const last: Row = rows[rows.length - 1];
    after = { placedAt: last.placedAt, id: last.id };
  }
  return {
    size,
    customerIds,
    timestamps,
    amounts,
    *records() {
      for (let i = 0; i < size; i++) yield { customerId: customerIds[i], timestamp: timestamps[i], amount: amounts[i] };
    },
  };
}

function grow(array: Float64Array, capacity: number): Float64Array {
  const next = new Float64Array(capacity);
  next.set(array);
  return next;
}
