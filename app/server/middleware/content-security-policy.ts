import type { RequestHandler } from "express";
import type { AppConfig } from "../../config/env";
import type { ShopifyApp } from "../../infra/shopify/shopify-app";

/**
 * Embedded: Shopify's CSP (frame-ancestors limited to the shop's admin), via the library.
 * Demo: the standalone admin must not be framed by anyone.
 */
export function contentSecurityPolicy(config: AppConfig, shopify: ShopifyApp): RequestHandler {
  if (config.mode === "shopify") return shopify.cspHeaders();
  return (_req, res, next) => {
    res.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
    res.setHeader("X-Frame-Options", "DENY");
    next();
  };
}
