import { customerWebhookHandler } from "./customer-webhook";

/** customers/update: see customer-webhook.ts. */
export const customersUpdateHandler = customerWebhookHandler;
