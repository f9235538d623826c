import { StringDecoder } from "node:string_decoder";
import type { Readable } from "node:stream";
import type pg from "pg";
import { BulkRecordAssembler } from "../../domain/sync/bulk-jsonl";
import type { CustomerRecord, OrderRecord } from "../../domain/sync/commerce-records";
import { upsertCustomers, upsertOrders } from "../db/repositories/commerce-write-repository";
import { recordImportCommit } from "../db/repositories/sync-run-repository";
import { withTransaction } from "../db/transaction";

export interface ImportLogger {
  warn(context: object, message: string): void;
}

export interface ImportBulkJsonlOptions {
  pool: pg.Pool;
  shopId: string;
  syncRunId: string;
  /** Opens the JSONL from its first byte (a file or the result URL's body); lines already committed are skipped. */
  open: () => Promise<Readable> | Readable;
  /** Records per transaction (an order counts with its line items). */
  batchSize?: number;
  logger?: ImportLogger;
  /** Called after each committed batch (tests and the bench watch progress; a crash test kills here). */
  onCommit?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  committedLine: number;
  orders: number;
  customers: number;
  malformed: number;
}

const DEFAULT_BATCH_SIZE = 5_000;

/**
 * Streams a bulk-operation JSONL result into the database. Each batch (whole orders with their line items, or
 * customers) is upserted by GID in one transaction together with the SyncRun's `committedLine`, so after a crash
 * the next run skips exactly the committed lines: nothing is lost, and nothing is duplicated (upserts by GID
 * would make a replay harmless anyway). Malformed lines are counted, logged by line number, and skipped.
 * Parsing of the next batch overlaps the database write of the previous one; writes stay in file order.
 */
export async function importBulkJsonl(options: ImportBulkJsonlOptions): Promise<ImportProgress> {
  const { pool, shopId, syncRunId } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const { rows } = await pool.query<{ committedLine: number; ordersImported: number; customersImported: number; malformedLines: number }>(
    `SELECT "committedLine", "ordersImported", "customersImported", "malformedLines" FROM "SyncRun" WHERE id = $1`,
    [syncRunId],
  );
  if (rows.length === 0) throw new Error(`SyncRun ${syncRunId} not found`);
  const resumeAfter = rows[0].committedLine;
  const totals: ImportProgress = {
    committedLine: resumeAfter,
    orders: rows[0].ordersImported,
    customers: rows[0].customersImported,
    malformed: rows[0].malformedLines,
  };

  const assembler = new BulkRecordAssembler();
  let orders = new Map<string, OrderRecord>();
  let customers = new Map<string, CustomerRecord>();
  let writing: Promise<void> = Promise.resolve();

  const commit = (committedLine: number, linesRead: number) => {
    const batch = { orders: [...orders.values()], customers: [...customers.values()] };
    const malformed = assembler.takeMalformed(committedLine);
    orders = new Map();
    customers = new Map();
    const previous = writing;
    writing = (async () => {
      await previous;
      for (const problem of malformed) options.logger?.warn({ syncRunId, line: problem.line, reason: problem.reason }, "bulk import: malformed line skipped");
      await withTransaction(pool, async (client) => {
        // Customers first: orders link to them by GID.
        for (let index = 0; index < batch.customers.length; index += batchSize) {
          await upsertCustomers(client, shopId, batch.customers.slice(index, index + batchSize));
        }
        await upsertOrders(client, shopId, batch.orders);
        await recordImportCommit(client, syncRunId, {
          committedLine,
          linesRead,
          orders: batch.orders.length,
          customers: batch.customers.length,
          malformed: malformed.length,
        });
      });
      totals.committedLine = committedLine;
      totals.orders += batch.orders.length;
      totals.customers += batch.customers.length;
      totals.malformed += malformed.length;
      options.onCommit?.({ ...totals });
    })();
    // Surface a failed write at the next await instead of as an unhandled rejection.
    writing.catch(() => {});
  };

  const input = await options.open();
  let lineNumber = 0;
  const onLine = (line: string): boolean => {
    lineNumber++;
    if (lineNumber <= resumeAfter || line.length === 0) return false;
    for (const unit of assembler.push(line, lineNumber)) {
      if (unit.record.kind === "order") orders.set(unit.record.value.shopifyGid, unit.record.value);
      else customers.set(unit.record.value.shopifyGid, unit.record.value);
    }
    return orders.size + customers.size >= batchSize;
  };
  try {
    // Lines are split by hand and handled synchronously within a chunk: an async iterator per line (readline)
    // costs more than parsing the JSON.
    const decoder = new StringDecoder("utf8");
    let carry = "";
    for await (const chunk of input) {
      const text = carry + (typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer));
      let start = 0;
      let end: number;
      while ((end = text.indexOf("\n", start)) !== -1) {
        const full = onLine(text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end));
        start = end + 1;
        if (full) {
          // One write in flight while the next batch is parsed.
          await writing;
          // Everything before the incomplete order (if any) is done; malformed lines up to there go with it.
          commit((assembler.pendingSince ?? lineNumber + 1) - 1, lineNumber);
        }
      }
      carry = text.slice(start);
    }
    carry += decoder.end();
    if (carry.length > 0) onLine(carry.replace(/\r$/, ""));
  } finally {
    input.destroy();
  }
  for (const unit of assembler.flush()) {
    if (unit.record.kind === "order") orders.set(unit.record.value.shopifyGid, unit.record.value);
  }
  await writing;
  if (lineNumber > totals.committedLine) commit(lineNumber, lineNumber);
  await writing;
  return totals;
}
