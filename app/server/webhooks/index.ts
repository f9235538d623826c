import { appUninstalledHandler } from "./app-uninstalled";
import { customersCreateHandler } from "./customers-create";
import { customersDataRequestHandler } from "./customers-data-request";
import { customersRedactHandler } from "./customers-redact";
import { customersUpdateHandler } from "./customers-update";
import { ordersCancelledHandler } from "./orders-cancelled";
import { ordersCreateHandler } from "./orders-create";
import { ordersUpdatedHandler } from "./orders-updated";
import { shopRedactHandler } from "./shop-redact";
import type { WebhookHandlers } from "./webhook-router";

/** Every topic subscribed in shopify.app.toml → its module (a test checks the two lists agree). */
export const WEBHOOK_HANDLERS: WebhookHandlers = {
  "app/uninstalled": appUninstalledHandler,
  "orders/create": ordersCreateHandler,
  "orders/updated": ordersUpdatedHandler,
  "orders/cancelled": ordersCancelledHandler,
  "customers/create": customersCreateHandler,
  "customers/update": customersUpdateHandler,
  "customers/data_request": customersDataRequestHandler,
  "customers/redact": customersRedactHandler,
  "shop/redact": shopRedactHandler,
};
