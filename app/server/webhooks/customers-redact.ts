import { toGid } from "../../domain/sync/commerce-records";
import { recordPrivacyRequest, redactCustomer } from "../../infra/db/repositories/privacy-repository";
import { readCustomerPrivacyPayload } from "./payload-schemas";
import type { WebhookHandler } from "./webhook-router";

/**
 * customers/redact (mandatory compliance topic): irreversibly anonymises the customer (PII nulled, GID
 * replaced, scores deleted, earlier exports erased) while their orders keep counting in anonymous aggregates.
 * One customer's rows are few, so this runs inside the delivery's transaction.
 */
export const customersRedactHandler: WebhookHandler = async (delivery, { tx, shopId }) => {
  const payload = readCustomerPrivacyPayload(delivery.payload);
  if (!shopId) return;
  const customerGid = payload.customer.id === null || payload.customer.id === undefined ? null : toGid("Customer", payload.customer.id);
  await redactCustomer(tx, shopId, customerGid, payload.customer.email ?? null);
  await recordPrivacyRequest(tx, {
    shopId,
    kind: "customers/redact",
    // The request is recorded without the GID: only the tombstone's keyed hash still recognises the customer.
    shopifyCustomerId: null,
    ordersRequested: (payload.orders_to_redact ?? []).map((id) => toGid("Order", id)),
    exportData: null,
  });
};
