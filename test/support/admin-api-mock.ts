import "@shopify/shopify-api/adapters/node";
import { LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { getGlobalDispatcher, MockAgent, setGlobalDispatcher, type Dispatcher } from "undici";
import { ADMIN_API_VERSION } from "../../app/config/env";
import { TEST_API_KEY, TEST_SECRET } from "./shopify-signing";

export const GRAPHQL_PATH = `/admin/api/${ADMIN_API_VERSION}/graphql.json`;
export const JSON_HEADERS = { headers: { "content-type": "application/json" } };

/** The official library configured as in production, for Admin API clients in tests. */
export const testShopifyApi = shopifyApi({
  apiKey: TEST_API_KEY,
  apiSecretKey: TEST_SECRET,
  scopes: ["read_orders"],
  hostName: "localhost:3000",
  hostScheme: "http",
  apiVersion: ADMIN_API_VERSION,
  isEmbeddedApp: false,
  logger: { level: LogSeverity.Error, log: async () => {} },
});

/**
 * Routes the process's fetch (which the official client uses) to an undici MockAgent with network access off,
 * so recorded Admin API responses answer; `restore` puts the real dispatcher back.
 */
export function installMockAgent(): { agent: MockAgent; restore(): Promise<void> } {
  const previous: Dispatcher = getGlobalDispatcher();
  const agent = new MockAgent();
  agent.disableNetConnect();
  setGlobalDispatcher(agent);
  return {
    agent,
    async restore() {
      setGlobalDispatcher(previous);
      await agent.close();
    },
  };
}
