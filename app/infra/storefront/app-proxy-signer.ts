import { createHmac } from "node:crypto";
import { appProxySigningMessage } from "../../domain/storefront/proxy-signature";

export interface AppProxyContext {
  shop: string;
  /** Shopify's numeric customer id, or "" when signed out (Shopify sends the parameter empty). */
  loggedInCustomerId: string;
  pathPrefix: string;
  /** Seconds since the epoch. */
  timestamp: number;
}

/**
 * Adds the parameters Shopify adds when it forwards an app-proxy request, and signs them as Shopify does.
 * Used by the demo-mode proxy emulator (so the storefront preview goes through the production verification)
 * and by tests.
 */
export function signAppProxyQuery(query: URLSearchParams, context: AppProxyContext, secret: string): URLSearchParams {
  const signed = new URLSearchParams();
  for (const [key, value] of query) {
    if (!["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature", "hmac"].includes(key)) signed.append(key, value);
  }
  signed.set("shop", context.shop);
  signed.set("logged_in_customer_id", context.loggedInCustomerId);
  signed.set("path_prefix", context.pathPrefix);
  signed.set("timestamp", String(context.timestamp));
  signed.set("signature", createHmac("sha256", secret).update(appProxySigningMessage(signed)).digest("hex"));
  return signed;
}
