import type pg from "pg";
import { ensureCustomerStubs, holdShop, upsertCustomerRows, upsertOrderRows } from "../db/repositories/commerce-write-repository";
import { recordImportCommit } from "../db/repositories/sync-run-repository";
import type { ImportBatch } from "./import-batcher";
import type { ImportProgress } from "./jsonl-importer";

export interface ImportBatchWriterOptions {
  pool: pg.Pool;
  shopId: string;
  syncRunId: string;
  /** Transactions in flight at once. */
  writers: number;
  /** Updated as batches commit, in file order. */
  totals: ImportProgress;
  /** After each commit, in file order, with the ids of the customers the batch wrote (and stubbed). */
  onCommitted: (batch: ImportBatch, customerIds: Map<string, string>) => void;
}

interface Written {
  /** The order and customer GIDs it writes (only kept when batches run side by side). */
  gids: Set<string>;
  /** Settles once the batch's position is recorded (its transaction then holds the SyncRun row). */
  recorded: Promise<void>;
  /** Settles once the batch is committed and counted. */
  done: Promise<void>;
}

/**
 * Writes import batches in file order, up to `writers` transactions side by side. Each transaction upserts its
 * batch and then records its position on the SyncRun row, conditioned on the previous batch's position: the
 * row lock makes a batch wait for the previous one's commit, and the condition makes it roll back if the
 * previous one failed, so `committedLine` only ever covers committed batches. Two batches that touch the same
 * order or customer are never in flight together (each would wait on the other: one on the row, the other here).
 */
export class ImportBatchWriter {
  private readonly inFlight: Written[] = [];
  private last: Written | null = null;
  private position: number;

  constructor(private readonly options: ImportBatchWriterOptions) {
    this.position = options.totals.committedLine;
  }

  /** Starts writing `batch`; returns once another batch may be started. Throws a failure of any batch so far. */
  async write(batch: ImportBatch): Promise<void> {
    while (this.inFlight.length >= this.options.writers) await this.inFlight.shift()!.done;
    const previous = this.last;
    // Stubbed customers count too: a stub insert waits for another transaction writing the same customer.
    const gids = this.options.writers > 1 ? new Set([...batch.orderGids, ...batch.customerGids, ...batch.unresolvedCustomerGids]) : new Set<string>();
    for (const other of [...this.inFlight]) if ([...gids].some((gid) => other.gids.has(gid))) await other.done;
    const after = this.position;
    this.position = batch.committedLine;
    const recorded = deferred();
    const written: Written = { gids, recorded: recorded.promise, done: this.run(batch, after, previous, recorded) };
    // Failures surface through `done` (awaited by write/finish); these handlers only keep them from going unhandled.
    written.recorded.catch(() => {});
    written.done.catch(() => {});
    this.inFlight.push(written);
    this.last = written;
  }

  /** Waits for every batch in flight, failed or not (after a failure, before the pool may be closed). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inFlight.splice(0).map((written) => written.done));
  }

  /** Waits for every batch; throws the first failure. */
  async finish(): Promise<void> {
    while (this.inFlight.length > 0) await this.inFlight.shift()!.done;
  }

  private async run(batch: ImportBatch, after: number, previous: Written | null, recorded: Deferred): Promise<void> {
    const { pool, shopId, syncRunId, totals } = this.options;
    const client = await pool.connect().catch((error: unknown) => {
      recorded.reject(error);
      throw error;
    });
    // A checked-out client has no error listener of the pool's: without one, a dropped connection would be an
    // uncaught exception. The failure surfaces through the query in progress; the client is then discarded.
    let broken: unknown = null;
    const onError = (error: unknown) => (broken = error);
    client.on("error", onError);
    let open = false;
    try {
      // Stubs commit on their own, before the transaction: another batch in flight may need the same customer,
      // and would otherwise wait on this transaction while this one waits for it. An unused stub is harmless.
      const customerIds = await ensureCustomerStubs(client, shopId, batch.unresolvedCustomerGids);
      await client.query("BEGIN");
      open = true;
      // Async commit: a server crash may lose the last batches, but each together with its recorded position, so
      // the resumed import writes them again; the import does not wait for the disk on every batch. The lock
      // timeout only guards against a wait nobody foresaw: an error and a resume instead of a hung import. The
      // generic plan: a custom plan would fold each batch's document into the plan as a constant, and copy it
      // while planning (a tenth of the server's time in a 1M-order import, measured with perf).
      await client.query("SET LOCAL synchronous_commit = off; SET LOCAL lock_timeout = '60s'; SET LOCAL plan_cache_mode = force_generic_plan");
      // The shop first, before any customer row is locked (see holdShop); upsertOrderRows relies on it.
      await holdShop(client, shopId);
      if (batch.customerCount > 0) for (const [gid, id] of await upsertCustomerRows(client, shopId, batch.customerRows)) customerIds.set(gid, id);
      if (batch.orderCount > 0) await upsertOrderRows(client, shopId, batch.orderRows);
      await previous?.recorded;
      const commit = { committedLine: batch.committedLine, linesRead: batch.linesRead, orders: batch.orderCount, customers: batch.customerCount, malformed: batch.malformed.length };
      const inOrder = await recordImportCommit(client, syncRunId, commit, after);
      recorded.resolve();
      if (!inOrder) throw new Error(`SyncRun ${syncRunId} is not at line ${after}: the batch before failed, or another import of this run is running`);
      await client.query("COMMIT");
      open = false;
      await previous?.done.catch(() => {});
      totals.committedLine = batch.committedLine;
      totals.orders += commit.orders;
      totals.customers += commit.customers;
      totals.malformed += commit.malformed;
      this.options.onCommitted(batch, customerIds);
    } catch (error) {
      recorded.reject(error);
      if (open) await client.query("ROLLBACK").catch((rollbackError: unknown) => (broken ??= rollbackError));
      throw error;
    } finally {
      client.off("error", onError);
      client.release(broken ? (broken instanceof Error ? broken : new Error(String(broken))) : undefined);
    }
  }
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}
