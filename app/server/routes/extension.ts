import express, { Router, type RequestHandler } from "express";
import { z } from "zod";
import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import { buildThankYouContent, type ThankYouContentDependencies } from "../../infra/offers/thank-you-content";
import type { ShopifyApp } from "../../infra/shopify/shopify-app";
import { bearerToken, verifySessionToken } from "../auth/session-token-kind";
import { AppError } from "../errors";
import { notFound } from "../middleware/error-handler";
import { rateLimit, type Store } from "express-rate-limit";
import { surveyLocale } from "../../domain/offers/survey";
import { thankYouAccess } from "../../domain/offers/thank-you-access";
import { parseInput, shopifyGid } from "./offers-input";

export interface ExtensionRouterDependencies extends ThankYouContentDependencies {
  shopify: ShopifyApp;
  /** The survey's shop lookup (the thank-you page reads its shop with the order, in one query). */
  shops: Pick<ShopRepository, "findByDomain">;
  now?: () => Date;
  /** Requests per minute per shop, across all of its buyers (default 1,200). */
  limitPerMinute?: number;
  /** The rate-limit store shared by the app's instances (default: this process's memory). */
  rateLimitStore?: Store;
}

interface ExtensionContext {
  /** The shop the session token names (its `dest`); whether Encore is installed there is checked per route. */
  shopDomain: string;
  /** The signed-in buyer (the token's `sub`), or null for a guest. */
  customerGid: string | null;
}

const NOT_INSTALLED = "The shop has not installed Encore";

/**
 * Checkout UI extension endpoints. Mounted before the admin's authenticated /api router: checkout session
 * tokens are not admin sessions. Every request needs `Authorization: Bearer <checkout session token>`,
 * an HS256 JWT signed with the app secret whose `aud` is the API key; `dest` names the shop. The extension
 * runs in a web worker on Shopify's origin, hence CORS (no cookies are involved, so any origin may call).
 */
export function extensionRouter(deps: ExtensionRouterDependencies): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  router.use(cors());
  router.use(authenticateCheckoutToken(deps));
  router.use(perShopRateLimit(deps.limitPerMinute ?? 1_200, deps.rateLimitStore));

  router.get("/thank-you", async (req, res) => {
    const { orderId, locale } = parseInput(thankYouQuery, req.query);
    const { shopDomain, customerGid } = res.locals.extension as ExtensionContext;
    // The shop is read with the order (one query for the whole page): the hottest path in the app.
    const content = await buildThankYouContent(deps, { shopDomain, orderGid: orderId, now: now(), locale: surveyLocale(locale), buyer: { customerGid } });
    if (content === "shop_not_installed") throw new AppError("UNAUTHENTICATED", NOT_INSTALLED);
    res.setHeader("Cache-Control", "no-store");
    res.json(content);
  });

  // The only route with a body: the thank-you page (GET) skips the parser.
  router.post("/survey", express.json({ limit: "16kb" }), async (req, res) => {
    const { shopDomain, customerGid } = res.locals.extension as ExtensionContext;
    const shop = await deps.shops.findByDomain(shopDomain);
    if (!shop || shop.uninstalledAt) throw new AppError("UNAUTHENTICATED", NOT_INSTALLED);
    const settings = await deps.surveys.settings(shop.id);
    const body = parseInput(z.object({ orderId: shopifyGid("Order"), answer: z.string().trim().min(1).max(200) }).strict(), req.body, ({ answer }) =>
      settings.enabled && settings.options.includes(answer) ? [] : [{ field: "answer", message: "is not one of the survey's options" }],
    );
    // Only the order's own buyer answers for it (a guest only right after checkout).
    const order = await deps.facts.findOrder(shop.id, body.orderId);
    if (!order || thankYouAccess({ tokenCustomerGid: customerGid, orderCustomerGid: order.customerGid, placedAt: order.placedAt, now: now() }) === "deny") {
      throw new AppError("NOT_FOUND", "No such order for this buyer");
    }
    const { stored } = await deps.surveys.saveAnswer(shop.id, { orderGid: body.orderId, question: settings.question, answer: body.answer });
    res.status(stored ? 201 : 200).json({ stored });
  });

  router.use(notFound());
  return router;
}

/** `locale` is the buyer's language as the extension reports it (e.g. "fa", "pt-BR"); unknown ones read English. */
export const thankYouQuery = z.object({
  orderId: shopifyGid("Order"),
  locale: z.string().max(20).regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, { message: "must be a language tag such as en or pt-BR" }).optional(),
});

/** Keyed by shop: one shop's burst (or a script with a stolen token) cannot starve the others. */
function perShopRateLimit(limit: number, store?: Store): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    store,
    passOnStoreError: true,
    keyGenerator: (_req, res) => `extension:${(res.locals.extension as ExtensionContext).shopDomain}`,
    handler: (_req, _res, next) => next(new AppError("RATE_LIMITED", "Too many requests for this shop; try again shortly")),
  });
}

function cors(): RequestHandler {
  return (req, res, next) => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.setHeader("Access-Control-Max-Age", "600");
    if (req.method === "OPTIONS") return void res.status(204).end();
    next();
  };
}

function authenticateCheckoutToken(deps: ExtensionRouterDependencies): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req.get("authorization"));
    if (token === null) return next(new AppError("UNAUTHENTICATED", "A checkout session token is required"));
    // The official library checks the HS256 signature, aud and nbf; the kind check refuses admin tokens and
    // tokens without a short exp.
    const verified = await verifySessionToken((value) => deps.shopify.api.session.decodeSessionToken(value), token, "extension");
    if (!verified) return next(new AppError("UNAUTHENTICATED", "Invalid session token: a checkout or customer account session token is required"));
    res.locals.extension = { shopDomain: verified.shopDomain, customerGid: verified.customerGid } satisfies ExtensionContext;
    next();
  };
}
