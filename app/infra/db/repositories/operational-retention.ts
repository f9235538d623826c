import type { Queryable } from "./commerce-write-repository";

/**
 * How long operational rows are kept. Webhook delivery ids exist to recognise Shopify's redeliveries, which it
 * retries for up to 48 hours: a week leaves room for a late manual replay. Finished jobs are pg-boss's to
 * delete (a week; dead letters a month: see JOB_QUEUE_DEFAULTS).
 */
export const RETENTION_MS = {
  webhookDeliveries: 7 * 86_400_000,
} as const;

export interface PruneReport {
  webhookDeliveries: number;
}

/**
 * Deletes rows past their retention in batches (each its own short statement), so a table that grew large
 * is never locked for long and a run that is stopped halfway has still made progress.
 */
export async function pruneOperationalRows(db: Queryable, now: Date, batchSize = 5_000): Promise<PruneReport> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const webhookDeliveries = await deleteInBatches(
    db,
    `DELETE FROM "WebhookDelivery" WHERE "webhookId" IN (
       SELECT "webhookId" FROM "WebhookDelivery" WHERE "receivedAt" < $1 LIMIT $2)`,
    [before(RETENTION_MS.webhookDeliveries)],
    batchSize,
  );
  return { webhookDeliveries };
}

async function deleteInBatches(db: Queryable, sql: string, values: unknown[], batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = (await db.query(sql, [...values, batchSize])).rowCount ?? 0;
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
