import "@shopify/shopify-api/adapters/node";
import { LogSeverity } from "@shopify/shopify-api";
import { shopifyApp, type ShopifyApp } from "@shopify/shopify-app-express";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { AppConfig } from "../../config/env";

export type { ShopifyApp } from "@shopify/shopify-app-express";

export const AUTH_PATH = "/api/auth";
export const AUTH_CALLBACK_PATH = "/api/auth/callback";
export const WEBHOOKS_PATH = "/api/webhooks";

/**
 * The official Shopify app object, in both modes: demo mode uses the development key and secret, so webhook
 * HMACs and session-token JWTs are verified by exactly the library code production uses.
 */
export function createShopifyApp(
  config: AppConfig,
  sessionStorage: SessionStorage,
  hooks: { afterAuth?: (session: import("@shopify/shopify-api").Session) => Promise<void> } = {},
): ShopifyApp {
  const appUrl = new URL(config.shopify.appUrl);
  return shopifyApp({
    api: {
      apiKey: config.shopify.apiKey,
      apiSecretKey: config.shopify.apiSecret,
      scopes: config.shopify.scopes,
      hostName: appUrl.host,
      hostScheme: appUrl.protocol === "http:" ? "http" : "https",
      apiVersion: config.shopify.apiVersion,
      isEmbeddedApp: config.mode === "shopify",
      // The library's own logger prints to the console; ours is structured. Keep it to errors.
      logger: { level: LogSeverity.Error, log: async () => {} },
    },
    auth: { path: AUTH_PATH, callbackPath: AUTH_CALLBACK_PATH },
    webhooks: { path: WEBHOOKS_PATH },
    sessionStorage,
    hooks: hooks.afterAuth ? { afterAuth: ({ session }) => hooks.afterAuth!(session) } : {},
  });
}
