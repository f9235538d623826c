import type { Readable } from "node:stream";
import type pg from "pg";
import { customerIdsByGid, refreshStatistics } from "../db/repositories/commerce-write-repository";
import { startTypeScriptWorker } from "../workers/typescript-worker";
import { documentMemoryOf, type ImportBatch, type ImportBatcherOptions } from "./import-batcher";
import { ImportBatchWriter } from "./import-batch-writer";
import type { ParseWorkerReply, ParseWorkerRequest } from "./import-parse-worker";

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
  /**
   * Batches written side by side, each in its own transaction on its own connection (commits stay in file
   * order); see importWritersFor. Default 1.
   */
  writers?: number;
  logger?: ImportLogger;
  /** Called after each committed batch, in file order (tests and the bench watch progress; a crash test kills here). */
  onCommit?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  committedLine: number;
  orders: number;
  customers: number;
  malformed: number;
}

/** Records per transaction. Measured on the 1M-order bench: 2,500 and 5,000 within noise of each other (2,500 a
 * second ahead in paired runs), 10,000 slower by 4-8 s (a batch's records outlive more scavenges). */
const DEFAULT_BATCH_SIZE = 2_500;

/**
 * Import writers for a database. A PostgreSQL server runs two transactions on two of its cores, so the import
 * is bound by the parse thread rather than by one server process; PGlite runs one statement at a time. (Where
 * the app and the server share two cores, as on the dev machine, two writers measured the same as one.)
 */
export function importWritersFor(db: { kind: "postgres" | "pglite" }): number {
  return db.kind === "postgres" ? 2 : 1;
}

/** Up to this many customers, their ids are held in memory (~150 bytes each) instead of looked up per order. */
const CUSTOMER_ID_CACHE_LIMIT = 1_000_000;
/** Bytes handed to the parse thread at a time, and how far reading may run ahead of parsing and writing. */
const PIECE_BYTES = 1 << 20;
const MAX_BYTES_AHEAD = 4 * PIECE_BYTES;
const MAX_BATCHES_AHEAD = 2;
/**
 * The parse thread's young generation. A batch's records live until the batch is cut, so with V8's default
 * (~48 MB) most of them survive a scavenge or two and are copied, then promoted and marked; with room for a few
 * batches' garbage they die young. Measured on the 1M-order bench: the import's Node CPU 39-43 s → 34-36 s
 * (512 MB was no better).
 */
const PARSE_THREAD_YOUNG_GENERATION_MB = 256;

/**
 * Streams a bulk-operation JSONL result into the database. A parse thread turns the bytes into batches (whole
 * orders with their line items, or customers; see ImportBatcher) while this thread writes them: each batch is
 * upserted by GID in one transaction together with the SyncRun's `committedLine`, so after a crash the next run
 * skips exactly the committed lines: nothing is lost, and nothing is duplicated (upserts by GID would make a
 * replay harmless anyway). Malformed lines are counted, logged by line number, and skipped. Memory stays
 * bounded: reading pauses while the parse thread or the writers are behind.
 */
export async function importBulkJsonl(options: ImportBulkJsonlOptions): Promise<ImportProgress> {
  const { pool, shopId, syncRunId } = options;
  const { rows } = await pool.query<{ committedLine: number; ordersImported: number; customersImported: number; malformedLines: number }>(
    `SELECT "committedLine", "ordersImported", "customersImported", "malformedLines" FROM "SyncRun" WHERE id = $1`,
    [syncRunId],
  );
  if (rows.length === 0) throw new Error(`SyncRun ${syncRunId} not found`);
  const totals: ImportProgress = {
    committedLine: rows[0].committedLine,
    orders: rows[0].ordersImported,
    customers: rows[0].customersImported,
    malformed: rows[0].malformedLines,
  };
  const before = { ...totals };

  const input = await options.open();
  let parser: ParseThread | null = null;
  try {
    const cachedCustomerIds = await customerIdsByGid(pool, shopId, CUSTOMER_ID_CACHE_LIMIT);
    // The map moves to the parse thread (copied there); the thread keeps it, and adds ids up to the same limit.
    parser = new ParseThread(
      {
        resumeAfter: totals.committedLine,
        batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
        customerIds: cachedCustomerIds ?? new Map(),
        customerIdLimit: cachedCustomerIds ? CUSTOMER_ID_CACHE_LIMIT : 0,
      },
      input,
    );
    const thread = parser;
    const writer = new ImportBatchWriter({
      pool,
      shopId,
      syncRunId,
      writers: options.writers ?? 1,
      totals,
      onCommitted: (batch, customerIds) => {
        for (const problem of batch.malformed) options.logger?.warn({ syncRunId, line: problem.line, reason: problem.reason }, "bulk import: malformed line skipped");
        if (cachedCustomerIds && customerIds.size > 0) thread.learnCustomerIds(customerIds);
        thread.recycle(batch);
        options.onCommit?.({ ...totals });
      },
    });
    const reading = thread.read();
    const writing = (async () => {
      for (let batch = await thread.next(); batch; batch = await thread.next()) await writer.write(batch);
      await writer.finish();
    })().catch((error: unknown) => {
      // Reading may be held back waiting for the writer: stop it now, or it would wait forever.
      thread.abort(error);
      throw error;
    });
    const outcome = await Promise.allSettled([reading, writing]);
    const failed = outcome.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failed) {
      // Nothing may still be running when the import reports its failure: the caller may resume at once.
      thread.abort(failed.reason);
      await Promise.allSettled([reading, writing]);
      await writer.settle();
      throw failed.reason;
    }
  } finally {
    input.destroy();
    await parser?.close();
  }
  // Statistics are only an optimisation: a failure to refresh them must not fail an import that is committed.
  await refreshStatistics(pool, { customers: totals.customers > before.customers, orders: totals.orders > before.orders }).catch((error: unknown) =>
    options.logger?.warn({ syncRunId, error: error instanceof Error ? error.message : String(error) }, "bulk import: statistics not refreshed"),
  );
  return totals;
}

/** The parse thread seen from here: bytes in, batches out, with back-pressure both ways. */
class ParseThread {
  private readonly worker;
  private readonly batches: ImportBatch[] = [];
  private bytesAhead = 0;
  /** Piece buffers the parse thread has handed back: reused, as fresh memory costs a page fault per 4 KiB. */
  private readonly spare: ArrayBuffer[] = [];
  private finished = false;
  private failure: unknown = null;
  private waiters: (() => void)[] = [];

  constructor(
    options: ImportBatcherOptions,
    private readonly input: Readable,
  ) {
    this.worker = startTypeScriptWorker(new URL("./import-parse-worker.ts", import.meta.url), {
      workerData: options,
      resourceLimits: { maxYoungGenerationSizeMb: PARSE_THREAD_YOUNG_GENERATION_MB },
    });
    this.worker.on("message", (reply: ParseWorkerReply) => {
      if (reply.type === "failed") this.fail(new Error(`bulk import parse thread: ${reply.message}`));
      else {
        this.batches.push(...reply.batches);
        if (reply.type === "batches") {
          this.bytesAhead -= reply.bytesConsumed;
          this.spare.push(reply.spent);
        } else this.finished = true;
      }
      this.notify();
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => {
      if (!this.finished) this.fail(new Error(`bulk import parse thread exited (code ${code}) before the end of the file`));
    });
  }

  /** Sends the input's bytes in pieces, pausing while too much is waiting to be parsed or written. */
  async read(): Promise<void> {
    try {
      let pieces: Buffer[] = [];
      let size = 0;
      const send = async () => {
        while (!this.failure && (this.bytesAhead >= MAX_BYTES_AHEAD || this.batches.length >= MAX_BATCHES_AHEAD)) await this.waitForChange();
        if (this.failure) throw this.failure;
        // The buffer moves to the parse thread without a copy, and comes back once parsed.
        const spare = this.spare.pop();
        const bytes = new Uint8Array(spare && spare.byteLength >= size ? spare : new ArrayBuffer(Math.max(size, 2 * PIECE_BYTES)), 0, size);
        let offset = 0;
        for (const piece of pieces) {
          bytes.set(piece, offset);
          offset += piece.length;
        }
        this.bytesAhead += size;
        this.post({ type: "bytes", bytes }, [bytes.buffer as ArrayBuffer]);
        pieces = [];
        size = 0;
      };
      for await (const chunk of this.input) {
        const piece = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
        pieces.push(piece);
        size += piece.length;
        if (size >= PIECE_BYTES) await send();
      }
      if (size > 0) await send();
      this.post({ type: "end" });
    } catch (error) {
      // A broken download (or any failure) stops everything: the writer must not wait for batches that never come.
      this.fail(error);
      throw error;
    }
  }

  /** The next batch in file order, or null once the input is done. */
  async next(): Promise<ImportBatch | null> {
    for (;;) {
      if (this.failure) throw this.failure;
      const batch = this.batches.shift();
      if (batch) {
        this.notify();
        return batch;
      }
      if (this.finished) return null;
      await this.waitForChange();
    }
  }

  /** Hands a written batch's document memory back to the parse thread (the batch's documents are then empty). */
  recycle(batch: ImportBatch): void {
    const memory = documentMemoryOf(batch);
    this.post({ type: "spentDocuments", memory }, Object.values(memory));
  }

  learnCustomerIds(ids: Map<string, string>): void {
    this.post({ type: "customerIds", entries: [...ids] });
  }

  /** Stops reading and parsing (something failed). */
  abort(error: unknown): void {
    this.fail(error);
  }

  async close(): Promise<void> {
    this.finished = true;
    await this.worker.terminate();
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.input.destroy();
    this.notify();
  }

  private post(request: ParseWorkerRequest, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(request, transfer);
  }

  private waitForChange(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
