import type pg from "pg";
import { z } from "zod";
import { findShopId } from "../../infra/db/repositories/privacy-repository";
import { withTransaction } from "../../infra/db/transaction";
import { JOB_TYPES } from "../../infra/jobs/job-kinds";
import type { EnqueueOptions, JobEnqueuer, JobHandler } from "../../infra/jobs/job-queue";
import { deleteProcessedWebhookJob, deleteWebhookJobsNamingCustomer, type RemovedWebhookJob } from "../../infra/jobs/webhook-delivery-jobs";
import type { Logger } from "../logger";
import type { WebhookDelivery, WebhookHandlers } from "./webhook-router";

const deliveryJobSchema = z.object({
  topic: z.string().min(1),
  webhookId: z.string().min(1),
  apiVersion: z.string(),
  /** When the delivery was received and stored (ISO); absent in jobs stored before it was recorded. */
  receivedAt: z.iso.datetime().optional(),
  body: z.unknown(),
});

/** The job a verified delivery is stored as at ingest (the payload travels as parsed JSON). */
export function webhookDeliveryJob(delivery: WebhookDelivery): EnqueueOptions {
  return {
    shopDomain: delivery.shopDomain,
    type: JOB_TYPES.webhookDelivery,
    payload: { topic: delivery.topic, webhookId: delivery.webhookId, apiVersion: delivery.apiVersion, receivedAt: new Date().toISOString(), body: delivery.payload },
  };
}

/**
 * Processes a stored delivery (worker role) in one transaction that first records its X-Shopify-Webhook-Id:
 * a redelivery (or a concurrent duplicate, which waits on the id's unique index) finds it and changes
 * nothing; a failing handler rolls the record back and pg-boss retries the job with backoff (then dead
 * letter). The handler's follow-up jobs are enqueued in the same transaction, and the job row itself is
 * deleted there too: its payload carries customer PII, and the WebhookDelivery row is the lasting record.
 */
export function webhookDeliveryProcessor(options: {
  pool: pg.Pool;
  handlers: WebhookHandlers;
  jobs: JobEnqueuer;
  logger: Logger;
  onCommitted?: () => void;
}): JobHandler {
  return async (job) => {
    const stored = deliveryJobSchema.parse(job.payload);
    const delivery: WebhookDelivery = { topic: stored.topic, shopDomain: job.shopDomain, webhookId: stored.webhookId, apiVersion: stored.apiVersion, payload: stored.body };
    const receivedAt = stored.receivedAt ?? null;
    const context = { topic: delivery.topic, shop: delivery.shopDomain, webhookId: delivery.webhookId };
    const handler = options.handlers[delivery.topic];
    await options.jobs.ready();
    const duplicate = await withTransaction(options.pool, async (tx) => {
      await deleteProcessedWebhookJob(tx, job.id);
      // Checked at ingest; a topic unsubscribed since then is dropped with its job.
      if (!handler) return false;
      if (!(await recordDelivery(tx, delivery, receivedAt))) return true;
      const shopId = await findShopId(tx, delivery.shopDomain);
      await handler(delivery, { tx, shopId, jobs: options.jobs });
      if (delivery.topic === "customers/redact") {
        const removed = await deleteWebhookJobsNamingCustomer(tx, delivery.shopDomain, redactedCustomer(delivery.payload));
        await applyWaitingOrders(tx, removed, { shopDomain: delivery.shopDomain, shopId, handlers: options.handlers, jobs: options.jobs, logger: options.logger });
      }
      return false;
    });
    options.logger.info({ ...context, duplicate }, duplicate ? "webhook already handled" : "webhook handled");
    if (!duplicate) options.onCommitted?.();
  };
}

/**
 * Records the delivery's id and when it was received (not when a worker got to it); false when it was already
 * handled (a redelivery).
 */
async function recordDelivery(tx: pg.PoolClient, delivery: WebhookDelivery, receivedAt: string | null): Promise<boolean> {
  const recorded = await tx.query(
    `INSERT INTO "WebhookDelivery" ("webhookId", "shopDomain", topic, "receivedAt")
     VALUES ($1, $2, $3, COALESCE($4::timestamptz AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'))
     ON CONFLICT ("webhookId") DO NOTHING`,
    [delivery.webhookId, delivery.shopDomain, delivery.topic, receivedAt],
  );
  return recorded.rowCount !== 0;
}

const ORDER_TOPICS = new Set(["orders/create", "orders/updated", "orders/cancelled"]);

/**
 * The orders of a redacted customer's deliveries that were still waiting in the queue are applied now, in
 * the redact's transaction, after the tombstone: they are kept as anonymous orders (as if they had arrived
 * first) instead of being lost with the payloads that named the customer. Each runs under a savepoint: one
 * that fails is dropped (logged), never the erasure. Their customer deliveries are dropped, as the tombstone
 * would drop them anyway; dead letters are dropped (they failed already).
 */
async function applyWaitingOrders(
  tx: pg.PoolClient,
  removed: RemovedWebhookJob[],
  context: { shopDomain: string; shopId: string | null; handlers: WebhookHandlers; jobs: JobEnqueuer; logger: Logger },
): Promise<void> {
  for (const job of removed) {
    const stored = deliveryJobSchema.safeParse(job.data.payload);
    if (job.name !== JOB_TYPES.webhookDelivery || (job.state !== "created" && job.state !== "retry") || !stored.success) continue;
    const handler = context.handlers[stored.data.topic];
    if (!handler || !ORDER_TOPICS.has(stored.data.topic)) continue;
    const delivery: WebhookDelivery = { topic: stored.data.topic, shopDomain: context.shopDomain, webhookId: stored.data.webhookId, apiVersion: stored.data.apiVersion, payload: stored.data.body };
    await tx.query("SAVEPOINT waiting_order");
    try {
      if (await recordDelivery(tx, delivery, stored.data.receivedAt ?? null)) await handler(delivery, { tx, shopId: context.shopId, jobs: context.jobs });
      await tx.query("RELEASE SAVEPOINT waiting_order");
    } catch (error) {
      await tx.query("ROLLBACK TO SAVEPOINT waiting_order");
      context.logger.warn({ topic: delivery.topic, shop: delivery.shopDomain, webhookId: delivery.webhookId, err: (error as Error).message }, "a redacted customer's waiting order could not be applied; dropped");
    }
  }
}

function redactedCustomer(payload: unknown): { id: string | null; email: string | null } {
  const customer = (payload as { customer?: { id?: unknown; email?: unknown } } | null)?.customer;
  return {
    id: customer?.id === null || customer?.id === undefined ? null : String(customer.id),
    email: typeof customer?.email === "string" && customer.email ? customer.email : null,
  };
}
