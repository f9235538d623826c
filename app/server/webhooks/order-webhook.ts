import { upsertOrders } from "../../infra/db/repositories/commerce-write-repository";
import { findTombstone } from "../../infra/db/repositories/customer-tombstones";
import { JOB_TYPES } from "../../infra/jobs/job-handlers";
import { readOrderPayload } from "./payload-schemas";
import type { WebhookHandler } from "./webhook-router";

/**
 * orders/create, orders/updated and orders/cancelled carry the whole order: upsert it by GID (an older
 * `updated_at` changes nothing), then re-score its customer in a durable job that starts right after commit.
 * A new order (orders/create) also gets a follow-up job for coupon redemption and issuing.
 */
export const orderWebhookHandler: WebhookHandler = async (delivery, { tx, shopId, jobs }) => {
  const received = readOrderPayload(delivery.payload);
  if (!shopId) return;
  // An order of a redacted customer stays theirs only anonymously: it points to the anonymised row (or to no
  // one), never back to the GID, and no job payload carries the GID.
  const tombstone = received.customerGid ? await findTombstone(tx, shopId, received.customerGid) : null;
  const order = tombstone ? { ...received, customerGid: tombstone.customerId ? `redacted:${tombstone.customerId}` : null } : received;
  const written = await upsertOrders(tx, shopId, [order]);
  if (delivery.topic.toLowerCase().replace(/_/g, "/") === "orders/create") {
    // Only new orders: an offer must never be issued for an old order that happens to be updated.
    await jobs.enqueue(tx, {
      shopDomain: delivery.shopDomain,
      type: JOB_TYPES.orderOffers,
      payload: { orderGid: order.shopifyGid },
      dedupeKey: `order-offers:${delivery.shopDomain}:${order.shopifyGid}`,
    });
  }
  if (written > 0 && order.customerGid && !tombstone) {
    // Encore's own id, never the GID: jobs outlive requests, and a later redaction must leave none naming them.
    const { rows } = await tx.query<{ id: string }>(`SELECT id FROM "Customer" WHERE "shopId" = $1 AND "shopifyGid" = $2`, [shopId, order.customerGid]);
    if (rows[0]) {
      await jobs.enqueue(tx, {
        shopDomain: delivery.shopDomain,
        type: JOB_TYPES.rescoreCustomer,
        payload: { customerId: rows[0].id },
        dedupeKey: `rescore:${rows[0].id}`,
      });
    }
  }
};
