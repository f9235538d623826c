import { JOB_TYPES } from "../../infra/jobs/job-handlers";
import type { WebhookHandler } from "./webhook-router";

/**
 * shop/redact (mandatory compliance topic, 48 h after uninstall): deletes every row of the shop. A large
 * history takes longer than Shopify's 5 s to delete, so it is a durable job.
 */
export const shopRedactHandler: WebhookHandler = async (delivery, { tx, jobs }) => {
  await jobs.enqueue(tx, {
    shopDomain: delivery.shopDomain,
    type: JOB_TYPES.shopRedact,
    payload: {},
    dedupeKey: `shop-redact:${delivery.shopDomain}`,
  });
};
