import type { PrismaClient } from "../database";
import type { SyncRun } from "../generated/client";
import type { Queryable } from "./commerce-write-repository";

export type SyncResource = "customers" | "orders";
export type SyncStatus = "pending" | "running" | "downloading" | "importing" | "succeeded" | "failed";

export interface ImportCommit {
  committedLine: number;
  linesRead: number;
  orders: number;
  customers: number;
  malformed: number;
}

/** Records one batch's progress; called inside the batch's transaction so data and position commit together. */
/**
 * Records a committed import batch, in the batch's transaction, only if the run's position is still `after`
 * (the batch before it): answers false otherwise, and the caller must roll back. Batches written side by side
 * thereby commit strictly in file order, and a batch can never record a position past a batch that failed.
 */
export async function recordImportCommit(db: Queryable, syncRunId: string, commit: ImportCommit, after: number): Promise<boolean> {
  // FOR UPDATE waits for a transaction still holding the row and then reads its committed version; a condition
  // in the UPDATE itself would be checked against the version from before the wait (read committed).
  const { rows } = await db.query<{ committedLine: number }>(`SELECT "committedLine" FROM "SyncRun" WHERE id = $1 FOR UPDATE`, [syncRunId]);
  if (rows[0]?.committedLine !== after) return false;
  await db.query(
    `UPDATE "SyncRun" SET "committedLine" = $2, "linesRead" = $3, "ordersImported" = "ordersImported" + $4,
            "customersImported" = "customersImported" + $5, "malformedLines" = "malformedLines" + $6, status = 'importing'
     WHERE id = $1`,
    [syncRunId, commit.committedLine, commit.linesRead, commit.orders, commit.customers, commit.malformed],
  );
  return true;
}

export class SyncRunRepository {
  constructor(private readonly prisma: PrismaClient) {}

  create(shopId: string, resource: SyncResource, fields: Partial<Pick<SyncRun, "status" | "bulkOperationId" | "resultUrl" | "totalLines">> = {}): Promise<SyncRun> {
    return this.prisma.syncRun.create({ data: { shopId, resource, status: "pending", ...fields } });
  }

  findById(id: string): Promise<SyncRun | null> {
    return this.prisma.syncRun.findUnique({ where: { id } });
  }

  /** The newest run of a resource that has not finished: the one a restarted backfill resumes. */
  findUnfinished(shopId: string, resource: SyncResource): Promise<SyncRun | null> {
    return this.prisma.syncRun.findFirst({
      where: { shopId, resource, status: { notIn: ["succeeded", "failed"] } },
      orderBy: { startedAt: "desc" },
    });
  }

  async update(id: string, fields: Partial<Pick<SyncRun, "status" | "bulkOperationId" | "resultUrl" | "totalLines" | "error" | "finishedAt">>): Promise<void> {
    await this.prisma.syncRun.update({ where: { id }, data: fields });
  }

  /** The latest run of each resource, for /api/sync/status. */
  async latestByResource(shopDomain: string): Promise<SyncRun[]> {
    const runs = await this.prisma.syncRun.findMany({
      where: { shop: { domain: shopDomain } },
      orderBy: { startedAt: "desc" },
      take: 20,
    });
    const latest = new Map<string, SyncRun>();
    for (const run of runs) if (!latest.has(run.resource)) latest.set(run.resource, run);
    return [...latest.values()];
  }
}
