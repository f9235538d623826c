import { orderWebhookHandler } from "./order-webhook";

/** orders/create: see order-webhook.ts (the three order topics carry the same payload). */
export const ordersCreateHandler = orderWebhookHandler;
