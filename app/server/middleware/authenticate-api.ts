import type { RequestHandler } from "express";
import { isLoopbackHost, type AppConfig } from "../../config/env";
import type { ShopifyApp } from "../../infra/shopify/shopify-app";
import { bearerToken, verifySessionToken } from "../auth/session-token-kind";
import { AppError } from "../errors";

/** What every authenticated /api handler can rely on. */
export interface ApiContext {
  shopDomain: string;
}

export function apiContext(res: { locals: Record<string, unknown> }): ApiContext {
  const context = res.locals.api as ApiContext | undefined;
  if (!context) throw new AppError("UNAUTHENTICATED", "Request is not authenticated");
  return context;
}

/**
 * Embedded mode: Shopify's session-token validation (App Bridge adds the token to every fetch).
 * Demo mode: a Bearer session token signed with the development secret is verified the same way; without
 * one, requests are taken as the demo shop only when the server is bound to loopback and the caller is local.
 */
export function authenticateApi(config: AppConfig, shopify: ShopifyApp): RequestHandler[] {
  const decode = (token: string) => shopify.api.session.decodeSessionToken(token);
  if (config.mode === "shopify") {
    return [
      // The library accepts any token signed with the app secret, a buyer's checkout token included: only
      // an admin session token may reach the admin API.
      async (req, _res, next) => {
        const token = bearerToken(req.get("authorization"));
        if (token === null) return next();
        if (!(await verifySessionToken(decode, token, "admin"))) return next(new AppError("UNAUTHENTICATED", "An admin session token is required"));
        next();
      },
      shopify.validateAuthenticatedSession(),
      (_req, res, next) => {
        res.locals.api = { shopDomain: res.locals.shopify.session.shop } satisfies ApiContext;
        next();
      },
    ];
  }
  const demo = config.demo!;
  const boundToLoopback = isLoopbackHost(config.host);
  return [
    async (req, res, next) => {
      const bearer = bearerToken(req.get("authorization"));
      if (bearer !== null) {
        const verified = await verifySessionToken(decode, bearer, "admin");
        if (!verified) return next(new AppError("UNAUTHENTICATED", "Invalid session token: an admin session token is required"));
        res.locals.api = { shopDomain: verified.shopDomain } satisfies ApiContext;
        return next();
      }
      if (boundToLoopback && isLoopbackAddress(req.socket.remoteAddress)) {
        res.locals.api = { shopDomain: demo.shopDomain } satisfies ApiContext;
        return next();
      }
      next(new AppError("UNAUTHENTICATED", "A session token is required"));
    },
  ];
}

export { isLoopbackHost } from "../../config/env";

function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}
