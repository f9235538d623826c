import { orderWebhookHandler } from "./order-webhook";

/** orders/updated: see order-webhook.ts (the three order topics carry the same payload). */
export const ordersUpdatedHandler = orderWebhookHandler;
