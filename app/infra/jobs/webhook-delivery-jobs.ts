import type { Queryable } from "../db/repositories/commerce-write-repository";
import { DEAD_LETTER_QUEUE, JOB_TYPES } from "./job-kinds";
import { JOB_QUEUE_SCHEMA } from "./job-queue";

/**
 * SQL on pg-boss's job table for the webhook-delivery kind, whose payload is the part of a Shopify payload its
 * handler reads (a customer's name and email, for customer topics): such a job must not outlive its purpose.
 * `job` is the root of pg-boss's job tables under both of its install shapes (partitioned or not).
 */

/** A processed delivery leaves nothing behind: deleted in the transaction that applied it (pg-boss's later
 * completion then finds no row, which it ignores). */
export async function deleteProcessedWebhookJob(db: Queryable, jobId: string): Promise<void> {
  await db.query(`DELETE FROM ${JOB_QUEUE_SCHEMA}.job WHERE name = $1 AND id = $2`, [JOB_TYPES.webhookDelivery, jobId]);
}

/** A stored delivery taken out of the queue by deleteWebhookJobsNamingCustomer. */
export interface RemovedWebhookJob {
  /** The webhook-delivery kind, or the dead-letter queue. */
  name: string;
  /** pg-boss's state: "created" and "retry" are still waiting to be applied. */
  state: string;
  data: { payload?: { topic?: string; webhookId?: string; apiVersion?: string; body?: unknown } };
}

/**
 * customers/redact: the shop's stored deliveries (waiting, retrying, failed, dead letters) that name the
 * customer by id or email are taken out of the queue, and returned so the caller can apply the waiting
 * ones' orders anonymously in the same transaction (see webhook-delivery-processor.ts).
 */
export async function deleteWebhookJobsNamingCustomer(
  db: Queryable,
  shopDomain: string,
  customer: { id: string | null; email: string | null },
): Promise<RemovedWebhookJob[]> {
  if (customer.id === null && customer.email === null) return [];
  const { rows } = await db.query<RemovedWebhookJob>(
    `DELETE FROM ${JOB_QUEUE_SCHEMA}.job
     WHERE name = ANY($1::text[]) AND data->>'shopDomain' = $2
       AND (
         ($3::text IS NOT NULL AND (
           data->'payload'->'body'->'customer'->>'id' = $3
           OR (data->'payload'->>'topic' IN ('customers/create', 'customers/update') AND data->'payload'->'body'->>'id' = $3)
         ))
         OR ($4::text IS NOT NULL AND lower($4) IN (
           lower(data->'payload'->'body'->>'email'),
           lower(data->'payload'->'body'->>'contact_email'),
           lower(data->'payload'->'body'->'customer'->>'email')
         ))
       )
     RETURNING name, state::text AS state, data`,
    [[JOB_TYPES.webhookDelivery, DEAD_LETTER_QUEUE], shopDomain, customer.id, customer.email],
  );
  return rows;
}
