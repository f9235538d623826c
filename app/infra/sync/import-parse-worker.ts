/**
 * The bulk importer's parse thread: splits and decodes the JSONL bytes the importer sends, and answers import batches
 * (see ImportBatcher), so parsing runs on one core while the database writes on another.
 */
import { parentPort, workerData } from "node:worker_threads";
import { documentsOf, ImportBatcher, type DocumentMemory, type ImportBatch, type ImportBatcherOptions } from "./import-batcher";

export type ParseWorkerRequest =
  | { type: "bytes"; bytes: Uint8Array }
  | { type: "end" }
  /** Customer ids the importer has committed since: later batches use them instead of a lookup. */
  | { type: "customerIds"; entries: [string, string][] }
  /** The memory of written batches' documents, handed back to write later batches into. */
  | { type: "spentDocuments"; memory: DocumentMemory };

export type ParseWorkerReply =
  /** `spent` is the memory of the bytes parsed, handed back for the next piece. */
  | { type: "batches"; batches: ImportBatch[]; bytesConsumed: number; spent: ArrayBuffer }
  | { type: "done"; batches: ImportBatch[] }
  | { type: "failed"; message: string };

const port = parentPort!;
const options = workerData as ImportBatcherOptions;
const batcher = new ImportBatcher(options);

port.on("message", (request: ParseWorkerRequest) => {
  try {
    switch (request.type) {
      case "bytes": {
        const batches = batcher.write(request.bytes);
        const spent = request.bytes.buffer as ArrayBuffer;
        port.postMessage({ type: "batches", batches, bytesConsumed: request.bytes.byteLength, spent } satisfies ParseWorkerReply, [spent, ...documentsOf(batches)]);
        break;
      }
      case "end": {
        const batches = batcher.end();
        port.postMessage({ type: "done", batches } satisfies ParseWorkerReply, documentsOf(batches));
        break;
      }
      case "customerIds":
        batcher.learnCustomerIds(request.entries);
        break;
      case "spentDocuments":
        batcher.reuseMemory(request.memory);
        break;
    }
  } catch (error) {
    port.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) } satisfies ParseWorkerReply);
  }
});
