import { customerFromWebhook } from "../../domain/sync/webhook-records";
import { upsertCustomers } from "../../infra/db/repositories/commerce-write-repository";
import { customerPayloadSchema, parsePayload } from "./payload-schemas";
import type { WebhookHandler } from "./webhook-router";

/** customers/create and customers/update: upsert by GID; an older `updated_at` changes nothing. */
export const customerWebhookHandler: WebhookHandler = async (delivery, { tx, shopId }) => {
  const customer = customerFromWebhook(parsePayload(customerPayloadSchema, delivery.payload));
  if (shopId) await upsertCustomers(tx, shopId, [customer]);
};
