import { customerWebhookHandler } from "./customer-webhook";

/** customers/create: see customer-webhook.ts. */
export const customersCreateHandler = customerWebhookHandler;
