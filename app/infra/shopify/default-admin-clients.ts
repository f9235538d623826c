import type { AppConfig } from "../../config/env";
import { AppError } from "../../server/errors";
import type { AdminClientFactory } from "./admin-graphql";
import { createDemoAdminClients } from "./demo/demo-admin-clients";

/**
 * Used only when createApp is given no `adminClients`: demo mode answers discount, metafield and Flow
 * operations from local data; a real shop needs the production Admin API client, so its calls fail as values
 * (a decision stays "failed" and is retried with the same code, a trigger stays pending) until it is wired.
 */
export function defaultAdminClients(config: AppConfig): AdminClientFactory {
  if (config.mode === "demo") return createDemoAdminClients();
  return async () => {
    throw new AppError("SHOPIFY_UNAVAILABLE", "No Admin API client is configured");
  };
}
