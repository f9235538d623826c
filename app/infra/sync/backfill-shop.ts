import { Readable } from "node:stream";
import type pg from "pg";
import {
  BULK_OPERATION_STATUS,
  CUSTOMERS_BULK_QUERY,
  ORDERS_BULK_QUERY,
  RUN_BULK_QUERY,
  type BulkOperationNode,
} from "../../domain/sync/bulk-queries";
import { AppError } from "../../server/errors";
import type { SyncResource, SyncRunRepository } from "../db/repositories/sync-run-repository";
import type { ScoringHooks } from "../jobs/scoring-hooks";
import type { AdminGraphqlClient } from "../shopify/admin-graphql";
import { importBulkJsonl, type ImportLogger } from "./jsonl-importer";

export interface BackfillShopOptions {
  pool: pg.Pool;
  /** Import transactions written side by side (see importBulkJsonl's `writers`). */
  importWriters?: number;
  syncRuns: SyncRunRepository;
  admin: AdminGraphqlClient;
  scoring: ScoringHooks;
  shop: { id: string; domain: string };
  logger?: ImportLogger;
  /** Between status polls of a running bulk operation. */
  pollIntervalMs?: number;
  /** A bulk operation still running after this long fails the job (it is retried, and resumes the same run). */
  maxWaitMs?: number;
  fetchFile?: (url: string) => Promise<Readable>;
  sleep?: (ms: number) => Promise<void>;
}

const QUERIES: Record<SyncResource, string> = { customers: CUSTOMERS_BULK_QUERY, orders: ORDERS_BULK_QUERY };

/**
 * The history backfill of one shop: per resource (customers first, so orders link to them) a bulk operation is
 * started, polled until COMPLETED, and its JSONL streamed into the database. Every step is recorded on the
 * resource's SyncRun, so a restarted job picks up the same operation and the import's committed position.
 * When both are imported, the shop is scored.
 */
export async function backfillShop(options: BackfillShopOptions): Promise<void> {
  for (const resource of ["customers", "orders"] as const) {
    let run = (await options.syncRuns.findUnfinished(options.shop.id, resource)) ?? (await options.syncRuns.create(options.shop.id, resource));
    try {
      if (!run.bulkOperationId) {
        const started = await options.admin.request<{ bulkOperationRunQuery: { bulkOperation: { id: string } | null } }>(RUN_BULK_QUERY, {
          query: QUERIES[resource],
        });
        const operation = started.bulkOperationRunQuery.bulkOperation;
        if (!operation) throw new AppError("SHOPIFY_UNAVAILABLE", "bulkOperationRunQuery returned no operation");
        await options.syncRuns.update(run.id, { bulkOperationId: operation.id, status: "running" });
        run = { ...run, bulkOperationId: operation.id, status: "running" };
      }
      if (!run.resultUrl || run.status === "running") {
        const done = await waitForBulkOperation(options, run.bulkOperationId!);
        // An operation with no results has no file (url null): nothing to import.
        await options.syncRuns.update(run.id, { resultUrl: done.url, totalLines: Number(done.objectCount), status: "downloading" });
        run = { ...run, resultUrl: done.url, totalLines: Number(done.objectCount), status: "downloading" };
      }
      if (run.resultUrl) {
        const url = run.resultUrl;
        await importBulkJsonl({
          pool: options.pool,
          shopId: options.shop.id,
          syncRunId: run.id,
          open: () => (options.fetchFile ?? fetchFile)(url),
          writers: options.importWriters,
          logger: options.logger,
        });
      }
      await options.syncRuns.update(run.id, { status: "succeeded", finishedAt: new Date() });
    } catch (error) {
      // A bulk operation that ended without results cannot be resumed: the retry starts a new run.
      const ended = error instanceof BulkOperationEndedError;
      await options.syncRuns.update(run.id, {
        error: error instanceof Error ? error.message.slice(0, 1000) : String(error),
        ...(ended ? { status: "failed", finishedAt: new Date() } : {}),
      });
      throw error;
    }
  }
  await options.scoring.scoreShop(options.shop.domain, "sync");
}

class BulkOperationEndedError extends AppError {
  constructor(message: string) {
    super("SHOPIFY_UNAVAILABLE", message);
  }
}

async function waitForBulkOperation(options: BackfillShopOptions, id: string): Promise<BulkOperationNode> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + (options.maxWaitMs ?? 6 * 60 * 60_000);
  for (;;) {
    const { bulkOperation } = await options.admin.request<{ bulkOperation: BulkOperationNode | null }>(BULK_OPERATION_STATUS, { id });
    if (!bulkOperation) throw new AppError("NOT_FOUND", `Bulk operation ${id} not found`);
    if (bulkOperation.status === "COMPLETED") return bulkOperation;
    if (["FAILED", "CANCELED", "CANCELING", "EXPIRED"].includes(bulkOperation.status)) {
      throw new BulkOperationEndedError(`Bulk operation ${id} ended ${bulkOperation.status} (${bulkOperation.errorCode ?? "no error code"})`);
    }
    if (Date.now() > deadline) throw new AppError("SHOPIFY_UNAVAILABLE", `Bulk operation ${id} still ${bulkOperation.status}`);
    await sleep(options.pollIntervalMs ?? 5_000);
  }
}

/** Streams the result file (never buffered whole). */
async function fetchFile(url: string): Promise<Readable> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new AppError("SHOPIFY_UNAVAILABLE", `Bulk result download failed: HTTP ${response.status}`);
  return Readable.fromWeb(response.body as import("node:stream/web").ReadableStream);
}
