import { buildCustomerExport } from "../../domain/privacy/customer-export";
import { toGid } from "../../domain/sync/commerce-records";
import { collectCustomerData, recordPrivacyRequest } from "../../infra/db/repositories/privacy-repository";
import { readCustomerPrivacyPayload } from "./payload-schemas";
import type { WebhookHandler } from "./webhook-router";

/**
 * customers/data_request (mandatory compliance topic): builds the export of everything Encore holds on the
 * customer and stores it for the merchant (GET /api/privacy/requests/:id), who hands it to the customer.
 */
export const customersDataRequestHandler: WebhookHandler = async (delivery, { tx, shopId }) => {
  const payload = readCustomerPrivacyPayload(delivery.payload);
  if (!shopId) return;
  const customerGid = payload.customer.id === null || payload.customer.id === undefined ? null : toGid("Customer", payload.customer.id);
  const data = await collectCustomerData(tx, shopId, customerGid, payload.customer.email ?? null);
  await recordPrivacyRequest(tx, {
    shopId,
    kind: "customers/data_request",
    shopifyCustomerId: customerGid,
    ordersRequested: (payload.orders_requested ?? []).map((id) => toGid("Order", id)),
    exportData: data ? buildCustomerExport(data, new Date()) : { format: "encore.customer-export.v1", customer: null, note: "Encore holds no data on this customer" },
  });
};
