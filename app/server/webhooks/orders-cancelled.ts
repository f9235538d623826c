import { orderWebhookHandler } from "./order-webhook";

/** orders/cancelled: see order-webhook.ts (the three order topics carry the same payload). */
export const ordersCancelledHandler = orderWebhookHandler;
