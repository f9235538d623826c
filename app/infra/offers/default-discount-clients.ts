import type { AppConfig } from "../../config/env";
import { AppError } from "../../server/errors";
import type { AdminClientFactory } from "../shopify/admin-graphql";
import { DemoDiscountApi } from "../shopify/demo/demo-discount-api";

/**
 * Used only when createApp is given no `adminClients`: demo mode answers discount operations from local
 * data; a real shop needs the production Admin API client, so issuing fails as a value (the decision stays
 * "failed" and is retried with the same code once the client is wired).
 */
export function defaultDiscountClients(config: AppConfig): AdminClientFactory {
  if (config.mode === "demo") {
    const demo = new DemoDiscountApi();
    return async () => demo;
  }
  return async () => {
    throw new AppError("SHOPIFY_UNAVAILABLE", "No Admin API client is configured for discount operations");
  };
}
