import type { RequestHandler } from "express";
import { rateLimit, ipKeyGenerator, type Store } from "express-rate-limit";
import { customerGidFromProxyId } from "../../domain/storefront/proxy-signature";
import type { ShopifyApp } from "../../infra/shopify/shopify-app";
import { AppError } from "../errors";

/** What every app-proxy handler may rely on: only values covered by a verified signature. */
export interface AppProxyContext {
  shopDomain: string;
  /** The signed-in shopper's Customer GID (from `logged_in_customer_id`), or null when signed out. */
  customerGid: string | null;
  /** The shopper's IP as Shopify forwarded it, for rate limiting only. */
  clientIp: string;
}

export function appProxyContext(res: { locals: Record<string, unknown> }): AppProxyContext {
  const context = res.locals.appProxy as AppProxyContext | undefined;
  if (!context) throw new AppError("UNAUTHENTICATED", "App proxy request is not verified");
  return context;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const SINGLE_VALUED = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"];

/**
 * Verifies Shopify's app-proxy `signature` with the official library (`utils.validateHmac`, appProxy signator:
 * hex HMAC-SHA256 over the sorted parameters, repeated ones joined with commas, timestamp within 90 s) under
 * the app secret. Missing, forged or stale → 401 before anything else runs; `shop` and
 * `logged_in_customer_id` are read only afterwards.
 */
export function verifyAppProxy(shopify: ShopifyApp): RequestHandler {
  return async (req, res, next) => {
    const rawQuery = req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "";
    const query = new URLSearchParams(rawQuery);
    // Shopify signs repeated parameters joined with commas, so a shopper can append a second
    // logged_in_customer_id to a signed URL's query and still pass; the values Shopify sets are single.
    if (SINGLE_VALUED.some((name) => query.getAll(name).length > 1)) {
      return next(new AppError("UNAUTHENTICATED", "Invalid app proxy request: a parameter Shopify sets once is repeated"));
    }
    let valid = false;
    try {
      valid = await shopify.api.utils.validateHmac(query, { signator: "appProxy" });
    } catch {
      valid = false; // missing signature or timestamp, repeated single-value parameter, stale timestamp
    }
    const shop = query.get("shop") ?? "";
    if (!valid || !SHOP_DOMAIN.test(shop)) return next(new AppError("UNAUTHENTICATED", "Invalid app proxy signature"));
    // The shopper's address as the trusted proxies appended it (Express `trust proxy`, TRUSTED_PROXY_HOPS):
    // the left end of X-Forwarded-For is whatever the client wrote there.
    res.locals.appProxy = {
      shopDomain: shop,
      customerGid: customerGidFromProxyId(query.get("logged_in_customer_id") ?? undefined),
      clientIp: req.ip || req.socket.remoteAddress || "unknown",
    } satisfies AppProxyContext;
    next();
  };
}

/**
 * Per shop and shopper IP (IPv6 grouped by /56, as express-rate-limit recommends), counted in `store` (shared
 * by every web instance when Redis is configured, see rate-limit-store.ts).
 */
export function appProxyRateLimit(options: { windowMs: number; limit: number; store?: Store }): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    store: options.store,
    passOnStoreError: true,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: (_req, res) => {
      const context = appProxyContext(res);
      return `${context.shopDomain}|${ipKeyGenerator(context.clientIp)}`;
    },
    handler: (_req, _res, next) => next(new AppError("RATE_LIMITED", "Too many requests, try again in a minute")),
  });
}

/** Personalized answers must never be stored by Shopify's proxy, a CDN or the browser cache. */
export function noStore(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader("Cache-Control", "private, no-store");
    res.setHeader("Vary", "Accept, Accept-Language");
    next();
  };
}
