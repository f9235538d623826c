import express, { Router } from "express";
import { z } from "zod";
import { normalizeEmail, signupProblems, MAX_EMAIL_LENGTH } from "../../domain/storefront/signup-rules";
import { shapeBanner, storefrontLocale } from "../../domain/storefront/returning-banner";
import type { StorefrontRepository } from "../../infra/storefront/storefront-repository";
import { subscribeCustomer, type SignupBirthDates } from "../../infra/storefront/customer-signup";
import type { AdminClientFactory } from "../../infra/shopify/admin-graphql";
import type { ShopifyApp } from "../../infra/shopify/shopify-app";
import type { Logger } from "../logger";
import { AppError } from "../errors";
import { appProxyContext, appProxyRateLimit, noStore, verifyAppProxy } from "../middleware/app-proxy";
import type { RateLimitStores } from "../middleware/rate-limit-store";

export interface ProxyRouterDependencies {
  shopify: ShopifyApp;
  storefront: StorefrontRepository;
  /** The shop's Admin API client (demo mode: the demo customer API). */
  adminClients: AdminClientFactory;
  /** Keeps the sign-up's birthday on the local Customer row too (birthday offers read it); absent: Shopify only. */
  birthDates?: SignupBirthDates;
  logger: Logger;
  now?: () => Date;
  /** Requests per minute per shop and shopper IP. */
  limits?: { read: number; write: number };
  /** Shared counters across web instances (memory when absent). */
  rateLimitStores?: RateLimitStores;
}

const bannerQuery = z.object({ locale: z.string().max(20).regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/).optional() });

const signupBody = z.object({
  email: z.string().max(MAX_EMAIL_LENGTH + 10).optional(),
  // JSON sends a boolean; a plain form post (no JavaScript) sends "true" from the checkbox.
  marketingConsent: z.union([z.boolean(), z.enum(["true", "false", "on"]).transform((value) => value !== "false")]).default(false),
  birthday: z.string().max(10).optional(),
});

/**
 * The storefront's endpoints behind Shopify's app proxy (/apps/encore/* on the shop's domain → /proxy/* here).
 * Every request is signature-verified, then rate limited per shop and IP; every answer is `private, no-store`.
 *
 * - GET  /banner     the signed-in customer's welcome data (first name, best unused coupon), or `{ show: false }`.
 * - GET  /returning  whether the signed-in customer is returning. Deliberately takes no email: an endpoint that
 *                    said whether an arbitrary email is a customer would let anyone enumerate the shop's
 *                    customers; signed-out callers always get the same neutral `{ returning: null }`.
 * - POST /signup     newsletter consent (+ optional birthday) for the signed-in customer or the given email.
 */
export function proxyRouter(deps: ProxyRouterDependencies): Router {
  const now = deps.now ?? (() => new Date());
  const limits = deps.limits ?? { read: 60, write: 10 };
  const router = Router();
  router.use(verifyAppProxy(deps.shopify), noStore());

  router.get("/banner", appProxyRateLimit({ windowMs: 60_000, limit: limits.read, store: deps.rateLimitStores?.create("proxy-banner") }), async (req, res) => {
    const { shopDomain, customerGid } = appProxyContext(res);
    const query = parseOrThrow(bannerQuery, req.query);
    if (!customerGid) return void res.json({ show: false });
    const at = now();
    const shopper = await deps.storefront.shopper(shopDomain, customerGid, at);
    if (!shopper) return void res.json({ show: false });
    res.json(shapeBanner({ firstName: shopper.customer.firstName, coupons: shopper.coupons, now: at, locale: storefrontLocale(query.locale) }));
  });

  router.get("/returning", appProxyRateLimit({ windowMs: 60_000, limit: limits.read, store: deps.rateLimitStores?.create("proxy-returning") }), async (_req, res) => {
    const { shopDomain, customerGid } = appProxyContext(res);
    if (!customerGid) return void res.json({ returning: null });
    const shopper = await deps.storefront.shopper(shopDomain, customerGid, now());
    res.json({ returning: shopper !== null, hasCoupon: (shopper?.coupons.length ?? 0) > 0 });
  });

  router.post(
    "/signup",
    appProxyRateLimit({ windowMs: 60_000, limit: limits.write, store: deps.rateLimitStores?.create("proxy-signup") }),
    express.json({ limit: "4kb" }),
    express.urlencoded({ extended: false, limit: "4kb" }),
    async (req, res) => {
      const { shopDomain, customerGid } = appProxyContext(res);
      const body = parseOrThrow(signupBody, req.body ?? {});
      const at = now();
      const problems = signupProblems(body, { signedIn: customerGid !== null, today: at.toISOString().slice(0, 10) });
      if (problems.length > 0) throw AppError.validation(problems.map(({ field, message }) => ({ field, message })));
      const admin = await deps.adminClients(shopDomain);
      const result = await subscribeCustomer({
        admin,
        customerGid,
        email: customerGid ? undefined : normalizeEmail(body.email!),
        birthday: body.birthday || undefined,
        now: at,
      });
      const birthday = body.birthday || undefined;
      const stored = deps.birthDates ? await deps.birthDates.record({ shopDomain, result, birthday }) : { recorded: false };
      deps.logger.info(
        { shop: shopDomain, signedIn: customerGid !== null, created: result.created, birthday: Boolean(body.birthday), birthdayStored: stored.recorded },
        "storefront sign-up",
      );
      res.json({ ok: true });
    },
  );
  return router;
}

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw AppError.validation(parsed.error.issues.map((issue) => ({ field: issue.path.join(".") || "body", message: issue.message })));
}
