import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import express, { Router } from "express";
import { z } from "zod";
import { ADMIN_API_VERSION, type AppConfig } from "../../config/env";
import type { Database } from "../../infra/db/database";
import { AppError } from "../errors";
import { previewPageHtml } from "../preview/preview-page";
import { signCheckoutSessionToken } from "../preview/sign-session-token";
import { buildThankYouContent, type ThankYouContentDependencies } from "../../infra/offers/thank-you-content";
import { surveyLocale } from "../../domain/offers/survey";
import { thankYouQuery } from "./extension";
import { parseInput, shopifyGid } from "./offers-input";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const PREVIEW_DIR = path.join(ROOT, "app/server/preview");
const LOCALES_DIR = path.join(ROOT, "extensions/thank-you-offer/locales");
const BUNDLE = path.join(ROOT, "dist/extensions/thank-you-offer.js");
export const PREVIEW_LOCALES = ["en", "ru", "kk", "et", "sl", "fa"] as const;

/**
 * Demo mode only: /preview/thank-you?order=<GID | number | #name | guest>&locale=<en|ru|kk|et|sl|fa> runs the
 * real extension bundle in the browser against the demo shop, with a `shopify` global built from demo data.
 * Demo guest orders carry no buyer details, so the preview invents a deterministic guest (name and
 * example.com email) for the account invitation.
 *
 * The bundle's calls to /api/extension/* are answered by this router's /api/* instead, in preview mode: the
 * merchant sees the coupon the order has, or would get (marked PREVIEW), and the survey, but opening the
 * preview issues no code, calls no Admin API and records no answer, so offer statistics stay the shoppers'.
 */
export function thankYouPreviewRouter(deps: { config: AppConfig; db: Database; content: ThankYouContentDependencies }): Router {
  const router = Router();
  const shopDomain = deps.config.demo!.shopDomain;
  const previewSecret = randomBytes(32).toString("hex");
  const query = z.object({ order: z.string().trim().min(1).optional(), locale: z.enum(PREVIEW_LOCALES).default("en") });

  const findOrder = async (reference: string | undefined) => {
    const shop = await deps.db.prisma.shop.findUnique({ where: { domain: shopDomain } });
    if (!shop) throw new AppError("NOT_FOUND", "The demo shop is not seeded");
    const where = !reference
      ? {}
      : reference === "guest"
        ? { customerId: null }
        : reference.startsWith("gid://")
        ? { shopifyGid: reference }
        : /^\d+$/.test(reference)
          ? { shopifyGid: `gid://shopify/Order/${reference}` }
          : { name: reference.startsWith("#") ? reference : `#${reference}` };
    const found = await deps.db.prisma.order.findFirst({ where: { shopId: shop.id, ...where }, orderBy: { placedAt: "desc" } });
    if (!found) throw new AppError("NOT_FOUND", "No such demo order");
    const customer = found.customerId ? await deps.db.prisma.customer.findFirst({ where: { id: found.customerId, shopId: shop.id } }) : null;
    return { shop, order: { ...found, customer } };
  };

  router.get("/", async (req, res) => {
    const { order: reference, locale } = parseInput(query, req.query);
    const { shop, order } = await findOrder(reference);
    const earlier = order.customerId ? await deps.db.prisma.order.count({ where: { shopId: shop.id, customerId: order.customerId, placedAt: { lt: order.placedAt } } }) : 0;
    const number = order.shopifyGid.split("/").pop()!;
    const guest = order.customer === null;
    const html = previewPageHtml(
      {
        target: "purchase.thank-you.block.render",
        apiVersion: ADMIN_API_VERSION,
        shopDomain,
        shopName: shop.name ?? shopDomain,
        orderId: order.shopifyGid,
        orderNumber: number,
        isFirstOrder: earlier === 0,
        currency: order.currency,
        locale,
        buyer: guest
          ? { customerId: null, firstName: "Sam", lastName: "Guest", email: `guest-${number}@example.com`, countryCode: "US" }
          : {
              customerId: order.customer!.shopifyGid,
              firstName: order.customer!.firstName,
              lastName: order.customer!.lastName,
              email: order.customer!.email,
              countryCode: order.customer!.countryCode,
            },
        translations: translations(locale),
        bundleUrl: `${req.baseUrl}/assets/extension.js`,
        sessionTokenUrl: `${req.baseUrl}/session-token?order=${encodeURIComponent(order.shopifyGid)}`,
        previewApiUrl: `${req.baseUrl}/api`,
      },
      `${req.baseUrl}/assets`,
    );
    res.setHeader("Cache-Control", "no-store");
    res.type("html").send(html);
  });

  router.get("/session-token", async (req, res) => {
    const { order: reference } = parseInput(query, req.query);
    const { order } = await findOrder(reference);
    // Signed with a secret of this process only: the preview's own API ignores tokens, and a token minted here
    // must never be accepted by the real extension API.
    const { token, expiresAt } = signCheckoutSessionToken({
      apiKey: deps.config.shopify.apiKey,
      apiSecret: previewSecret,
      shopDomain,
      customerGid: order.customer?.shopifyGid ?? null,
      now: new Date(),
    });
    res.setHeader("Cache-Control", "no-store");
    res.json({ token, expiresAt: expiresAt.toISOString() });
  });

  const previewShop = async () => {
    const shop = await deps.db.prisma.shop.findUnique({ where: { domain: shopDomain } });
    if (!shop) throw new AppError("NOT_FOUND", "The demo shop is not seeded");
    return { id: shop.id, domain: shop.domain, currency: shop.currency };
  };

  router.get("/api/thank-you", async (req, res) => {
    const { orderId, locale } = parseInput(thankYouQuery, req.query);
    res.setHeader("Cache-Control", "no-store");
    const content = await buildThankYouContent(deps.content, { shopDomain, orderGid: orderId, now: new Date(), locale: surveyLocale(locale), preview: true });
    if (content === "shop_not_installed") throw new AppError("NOT_FOUND", "The demo shop is not seeded");
    res.json(content);
  });

  router.post("/api/survey", express.json({ limit: "16kb" }), async (req, res) => {
    const settings = await deps.content.surveys.settings((await previewShop()).id);
    parseInput(z.object({ orderId: shopifyGid("Order"), answer: z.string().trim().min(1).max(200) }).strict(), req.body, ({ answer }) =>
      settings.enabled && settings.options.includes(answer) ? [] : [{ field: "answer", message: "is not one of the survey's options" }],
    );
    res.json({ stored: false, preview: true });
  });

  router.get("/assets/:file", async (req, res) => {
    const file = req.params.file;
    res.setHeader("Cache-Control", "no-store");
    if (file === "extension.js") {
      if (!existsSync(BUNDLE)) {
        const { buildThankYouExtension } = await import("../../../scripts/extension-build");
        await buildThankYouExtension();
      }
      return void res.type("text/javascript").send(readFileSync(BUNDLE));
    }
    if (file === "polaris-stand-ins.js" || file === "shopify-host.js") {
      return void res.type("text/javascript").send(readFileSync(path.join(PREVIEW_DIR, file)));
    }
    throw new AppError("NOT_FOUND", "No such preview asset");
  });

  return router;
}

/** Shopify's fallback: keys missing from a locale come from the default (English) file. */
function translations(locale: string): Record<string, unknown> {
  const read = (name: string) => JSON.parse(readFileSync(path.join(LOCALES_DIR, name), "utf8")) as Record<string, unknown>;
  const fallback = read("en.default.json");
  return locale === "en" ? fallback : deepMerge(fallback, read(`${locale}.json`));
}

function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] =
      value && typeof value === "object" && current && typeof current === "object"
        ? deepMerge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return merged;
}
