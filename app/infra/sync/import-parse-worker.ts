/**
 * The bulk importer's parse thread: decodes the JSONL bytes the importer sends, and answers import batches
 * (see ImportBatcher), so parsing runs on one core while the database writes on another.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ImportBatcher, type ImportBatch, type ImportBatcherOptions } from "./import-batcher";

export type ParseWorkerRequest =
  | { type: "bytes"; bytes: Uint8Array }
  | { type: "end" }
  /** Customer ids the importer has committed since: later batches use them instead of a lookup. */
  | { type: "customerIds"; entries: [string, string][] };

export type ParseWorkerReply =
  | { type: "batches"; batches: ImportBatch[]; bytesConsumed: number }
  | { type: "done"; batches: ImportBatch[] }
  | { type: "failed"; message: string };

const port = parentPort!;
const options = workerData as ImportBatcherOptions;
const batcher = new ImportBatcher(options);
const decoder = new TextDecoder("utf-8");

port.on("message", (request: ParseWorkerRequest) => {
  try {
    switch (request.type) {
      case "bytes": {
        const batches = batcher.write(decoder.decode(request.bytes, { stream: true }));
        port.postMessage({ type: "batches", batches, bytesConsumed: request.bytes.byteLength } satisfies ParseWorkerReply);
        break;
      }
      case "end": {
        const rest = decoder.decode();
        const batches = rest.length > 0 ? batcher.write(rest) : [];
        port.postMessage({ type: "done", batches: [...batches, ...batcher.end()] } satisfies ParseWorkerReply);
        break;
      }
      case "customerIds":
        batcher.learnCustomerIds(request.entries);
        break;
    }
  } catch (error) {
    port.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) } satisfies ParseWorkerReply);
  }
});
