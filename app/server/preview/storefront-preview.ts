import express, { Router, type Request } from "express";
import path from "node:path";
import { z } from "zod";
import type { PrismaClient } from "../../infra/db/database";
import { ensureDemoReturningCustomer } from "../../infra/storefront/demo-storefront-seed";
import { StorefrontLiquidRenderer, STOREFRONT_EXTENSION_DIR, type StorefrontLiquidContext } from "../../infra/storefront/liquid-renderer";
import { signAppProxyQuery } from "../../infra/storefront/app-proxy-signer";
import type { DemoCustomerFacts } from "../../infra/shopify/demo/demo-customer-api";
import { STOREFRONT_LOCALES } from "../../domain/storefront/returning-banner";
import { AppError } from "../errors";

export const PREVIEW_PATH = "/preview/storefront";
export const APP_PROXY_PATH_PREFIX = "/apps/encore";
/** Stands in for Shopify's storefront session: which customer the emulated proxy reports as signed in. */
const CUSTOMER_COOKIE = "encore_preview_customer";

const previewQuery = z.object({
  locale: z.enum(STOREFRONT_LOCALES).default("en"),
  as: z.enum(["guest", "customer"]).default("guest"),
  blocks: z.enum(["all", "none"]).default("all"),
});

/**
 * Demo mode only: a sample storefront page (header, cart, sign-up section) with Encore's blocks rendered by
 * liquidjs from the extension's own files and its real assets, so the storefront can be tried and tested in
 * a browser without a Shopify store. `?as=customer` signs in the demo's returning customer (who holds an
 * unused coupon); `?locale=` picks a shipped locale; `?blocks=none` is the baseline page for Lighthouse.
 */
export function storefrontPreviewRouter(deps: { prisma: PrismaClient; shopDomain: string; facts: DemoCustomerFacts; now?: () => Date }): Router {
  const now = deps.now ?? (() => new Date());
  const renderer = new StorefrontLiquidRenderer({ assetBaseUrl: `${PREVIEW_PATH}/assets` });
  const router = Router();
  router.use(`${PREVIEW_PATH}/assets`, express.static(path.join(STOREFRONT_EXTENSION_DIR, "assets"), { maxAge: "1h", fallthrough: false }));
  router.get(PREVIEW_PATH, async (req, res) => {
    const parsed = previewQuery.safeParse(req.query);
    if (!parsed.success) throw AppError.validation(parsed.error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message })));
    const { locale, as, blocks } = parsed.data;
    const shop = await deps.prisma.shop.findUnique({ where: { domain: deps.shopDomain }, select: { name: true, currency: true } });
    const returning = as === "customer" ? await ensureDemoReturningCustomer(deps.prisma, deps.shopDomain, now()) : null;
    const numericId = returning ? returning.shopifyGid.split("/").pop()! : "";
    const consent = returning ? deps.facts.emailMarketing.get(returning.shopifyGid) : undefined;
    const birthDate = returning ? deps.facts.metafields.get(returning.shopifyGid)?.get("facts.birth_date")?.value : undefined;
    const context: StorefrontLiquidContext = {
      locale,
      customer: returning
        ? {
            id: Number(numericId),
            first_name: returning.firstName,
            last_name: returning.lastName,
            email: returning.email ?? "",
            accepts_marketing: consent?.marketingState === "SUBSCRIBED",
            metafields: birthDate ? { facts: { birth_date: { value: birthDate } } } : {},
          }
        : null,
      shop: { name: shop?.name ?? "Encore demo", permanent_domain: deps.shopDomain, currency: shop?.currency ?? "USD" },
      cart: {
        item_count: 2,
        total_price: 8400,
        currency: { iso_code: shop?.currency ?? "USD" },
        items: [
          { title: "Merino beanie", quantity: 1, final_line_price: 3200 },
          { title: "Canvas tote", quantity: 2, final_line_price: 5200 },
        ],
      },
    };
    const rendered =
      blocks === "all"
        ? {
            nudge: await renderer.renderBlock("cart-nudge", { ...context, blockId: "nudge1" }),
            signup: await renderer.renderBlock("signup-form", { ...context, blockId: "signup1" }),
            banner: await renderer.renderBlock("returning-banner", { ...context, blockId: "banner1" }),
          }
        : { nudge: "", signup: "", banner: "" };
    res.cookie(CUSTOMER_COOKIE, numericId, { httpOnly: true, sameSite: "strict", path: "/" });
    res.setHeader("Cache-Control", "no-store");
    res.type("html").send(samplePage({ locale, dir: renderer.direction(locale), shopName: context.shop!.name, cart: context.cart!, currency: context.shop!.currency, ...rendered }));
  });
  return router;
}

/**
 * Demo mode only: plays Shopify's app proxy for the preview. A request to /apps/encore/<path> is forwarded to
 * the proxy router as /proxy/<path> with the parameters Shopify adds (shop, logged_in_customer_id from the
 * preview's sign-in cookie, path_prefix, timestamp), signed with the app secret, so it goes through exactly
 * the verification production requests do.
 */
export function appProxyEmulator(deps: { secret: string; shopDomain: string; proxy: Router }): Router {
  const router = Router();
  router.use(APP_PROXY_PATH_PREFIX, (req, res, next) => {
    const [pathname, rawQuery = ""] = req.url.split("?", 2);
    const signed = signAppProxyQuery(
      new URLSearchParams(rawQuery),
      { shop: deps.shopDomain, loggedInCustomerId: previewCustomerId(req), pathPrefix: APP_PROXY_PATH_PREFIX, timestamp: Math.floor(Date.now() / 1000) },
      deps.secret,
    );
    req.url = `${pathname}?${signed.toString()}`;
    deps.proxy(req, res, next);
  });
  return router;
}

function previewCustomerId(req: Request): string {
  const cookie = (req.get("cookie") ?? "").split(";").map((part) => part.trim().split("=")).find(([name]) => name === CUSTOMER_COOKIE);
  const value = cookie?.[1] ?? "";
  return /^\d{1,20}$/.test(value) ? value : "";
}

function money(cents: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(cents / 100);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function samplePage(page: {
  locale: string;
  dir: "ltr" | "rtl";
  shopName: string;
  currency: string;
  cart: NonNullable<StorefrontLiquidContext["cart"]>;
  nudge: string;
  signup: string;
  banner: string;
}): string {
  const rows = page.cart.items
    .map((item) => `<tr><td>${escapeHtml(item.title)}</td><td>${item.quantity}</td><td>${money(item.final_line_price, page.currency, page.locale)}</td></tr>`)
    .join("");
  return `<!doctype html>
<html lang="${page.locale}" dir="${page.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="A sample storefront page with Encore's theme app extension blocks.">
<title>${escapeHtml(page.shopName)} — cart</title>
<style>
  *, *::before, *::after { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; }
  header, main, footer { padding: 1rem; max-width: 60rem; margin-inline: auto; }
  header { display: flex; justify-content: space-between; align-items: center; border-block-end: 1px solid #ddd; }
  header a { color: inherit; }
  table { width: 100%; border-collapse: collapse; }
  td { padding: 0.5rem 0; border-block-end: 1px solid #eee; }
  td:last-child { text-align: end; }
  .checkout { display: block; width: 100%; min-height: 48px; margin-block-start: 1rem; border: 0; border-radius: 4px; background: #1a1a1a; color: #fff; font-size: 1rem; }
  footer { color: #555; font-size: 0.875rem; padding-block-end: 5rem; }
</style>
</head>
<body>
<header><strong>${escapeHtml(page.shopName)}</strong><a href="/account/login">Account</a></header>
<main>
  <section aria-labelledby="cart-title" data-section="cart">
    <h1 id="cart-title">Cart</h1>
    <table><tbody>${rows}</tbody></table>
    <p>Subtotal: <strong>${money(page.cart.total_price, page.currency, page.locale)}</strong></p>
    ${page.nudge}
    <button class="checkout" type="button">Check out</button>
  </section>
  <section data-section="newsletter">${page.signup}</section>
</main>
<footer>Encore storefront preview (demo mode)</footer>
${page.banner}
</body>
</html>`;
}
