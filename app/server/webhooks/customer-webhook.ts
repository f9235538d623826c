import { upsertCustomers } from "../../infra/db/repositories/commerce-write-repository";
import { findTombstone } from "../../infra/db/repositories/customer-tombstones";
import { readCustomerPayload } from "./payload-schemas";
import type { WebhookHandler } from "./webhook-router";

/**
 * customers/create and customers/update: upsert by GID; an older `updated_at` changes nothing. A customer
 * already redacted (customers/redact) stays erased: a late delivery about them is acknowledged and dropped,
 * since everything it carries is personal data.
 */
export const customerWebhookHandler: WebhookHandler = async (delivery, { tx, shopId }) => {
  const customer = readCustomerPayload(delivery.payload);
  if (!shopId || (await findTombstone(tx, shopId, customer.shopifyGid))) return;
  await upsertCustomers(tx, shopId, [customer]);
};
