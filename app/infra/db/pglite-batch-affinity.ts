import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/**
 * pglite-socket (0.2.17/0.2.18) multiplexes every connection onto PGlite's single session and schedules
 * per protocol *message*, pinning a connection only while a transaction is open. An extended-protocol batch
 * (Parse/Bind/Describe/Execute/Sync) is not a transaction, so two pool connections interleave: B's Parse
 * replaces the unnamed statement between A's Parse and Bind ("unnamed prepared statement does not exist", or
 * silently B's rows when the shapes match). And one thrown message leaves the queue "processing" for ever.
 * Both are electric-sql/pglite#1046 (fix proposed in PR #977, unreleased). Until a release fixes it, this
 * replaces the queue's scheduler on the running server: a connection keeps the session from its first
 * message until the batch ends (Sync or a simple Query reaches ReadyForQuery) and, as before, for a whole
 * transaction. Written by hand because no published version has the fix; remove it with the upgrade.
 */
export function keepProtocolBatchesTogether(server: PGLiteSocketServer, db: PGlite): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  if (!queue || typeof queue.processQueue !== "function" || typeof queue.clearTransactionIfNeeded !== "function" || !Array.isArray(queue.queue)) {
    throw new Error("pglite-socket's query queue changed shape: re-check keepProtocolBatchesTogether against electric-sql/pglite#1046");
  }
  let owner: number | null = null;

  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const index = owner === null ? 0 : this.queue.findIndex((entry) => entry.handlerId === owner);
        // The owner's next message has not arrived yet: wait for it (its enqueue restarts this loop).
        if (index === -1) break;
        const [entry] = this.queue.splice(index, 1);
        let bytes = 0;
        try {
          await db.runExclusive(() =>
            db.execProtocolRawStream(entry.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                entry.onData(data);
              },
            }),
          );
        } catch (error) {
          owner = null;
          entry.reject(error);
          continue;
        }
        owner = endsBatch(entry.message) && !db.isInTransaction() ? null : entry.handlerId;
        this.lastHandlerId = entry.handlerId;
        entry.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  // A connection that closed mid-batch or mid-transaction must not keep the session: end its batch (leaving
  // any error state) and roll its transaction back, then serve the others. Replaces the library's version,
  // which only knows about transactions.
  queue.clearTransactionIfNeeded = async (handlerId: number) => {
    if (owner !== handlerId) return;
    await db.runExclusive(async () => {
      await db.execProtocolRaw(SYNC);
      if (db.isInTransaction()) await db.execProtocolRaw(simpleQuery("ROLLBACK"));
    });
    owner = null;
    void queue.processQueue();
  };
}

const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

function simpleQuery(sql: string): Uint8Array {
  const text = new TextEncoder().encode(`${sql}\0`);
  const message = new Uint8Array(5 + text.length);
  message[0] = 0x51;
  new DataView(message.buffer).setInt32(1, 4 + text.length);
  message.set(text, 5);
  return message;
}

/** Sync ('S') ends an extended-protocol batch; a simple Query ('Q') is a batch of its own; Terminate ('X'). */
function endsBatch(message: Uint8Array): boolean {
  const type = String.fromCharCode(message[0] ?? 0);
  return type === "S" || type === "Q" || type === "X" || isStartupMessage(message);
}

/** Startup, SSL and cancel requests have no type byte: their first four bytes are a length. */
function isStartupMessage(message: Uint8Array): boolean {
  return message.length >= 8 && message[0] === 0;
}

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData(data: Uint8Array): void;
  resolve(bytes: number): void;
  reject(error: unknown): void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}
