import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { seedDemoShop } from "../../app/infra/demo/seed-demo-shop";
import { launchChromium } from "../support/chromium";
import { openTestDatabase, type TestDatabase } from "../support/database-backends";
import { buildTestApp } from "../support/test-app";
import { DEMO_SHOP } from "../support/shopify-signing";
import { customerWithOrders } from "../support/commerce-queries";

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
const MOBILE = { width: 390, height: 844 };

describe("storefront blocks in Chromium (demo preview)", () => {
  let db: TestDatabase;
  let server: Server;
  let base: string;
  let browser: Browser;
  let returning: { firstName: string | null; code: string };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    db = await openTestDatabase("pglite");
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 5, now: new Date(), customerCount: 40 });
    // A returning customer holding an unused Encore coupon, as the offers engine would have issued it.
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
    const customer = await customerWithOrders(db.prisma, shop.id, "desc");
    await db.prisma.offerDecision.create({
      data: {
        shopId: shop.id,
        orderGid: "gid://shopify/Order/e2e-1",
        customerId: customer.id,
        customerGid: customer.shopifyGid,
        outcome: "issued",
        code: "ENCORE-E2E20",
        discountStatus: "created",
        discountType: "percentage",
        discountValue: 20,
        currency: "USD",
        expiresAt: new Date(Date.now() + 14 * 86_400_000),
      },
    });
    returning = { firstName: customer.firstName, code: "ENCORE-E2E20" };
    const { app } = buildTestApp(db, { LOG_LEVEL: "warn" });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });

  async function open(context: BrowserContext, query: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/preview/storefront?${query}`);
    await page.waitForLoadState("networkidle");
    return page;
  }

  async function noHorizontalScroll(page: Page): Promise<void> {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }

  it("shows a guest the checkout nudge on the cart and an email-first sign-up, with no banner, on a phone", async () => {
    const context = await browser.newContext({ viewport: MOBILE, isMobile: true, hasTouch: true });
    const page = await open(context, "as=guest");
    await expect(page.getByText("No account needed — check out as a guest").isVisible()).resolves.toBe(true);
    await expect(page.getByText("Have an account? Sign in").isVisible()).resolves.toBe(true);
    expect(await page.locator("encore-banner").count()).toBe(0);
    const email = page.getByLabel("Email", { exact: true });
    await expect(email.getAttribute("autocomplete")).resolves.toBe("email");
    await expect(email.getAttribute("inputmode")).resolves.toBe("email");
    const box = await email.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(48);
    expect(await email.evaluate((node) => parseFloat(getComputedStyle(node).fontSize))).toBeGreaterThanOrEqual(16);
    await noHorizontalScroll(page);
    await page.screenshot({ path: path.join(ARTIFACTS, "storefront-guest-mobile.png"), fullPage: true });

    // Inline validation: the error is tied to the field and announced.
    await email.fill("not-an-email");
    await email.blur();
    await expect(email.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.locator("#encore-signup-signup1-email-error").textContent()).resolves.toBe("Enter an email address like name@example.com.");
    await page.getByRole("button", { name: "Subscribe" }).click();
    await expect(page.locator("[data-status]").textContent()).resolves.toContain("Tick the box to subscribe.");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("encore-signup-signup1-email");

    // Keyboard only: fix the email, tick consent with Space, submit with Enter.
    await email.fill("guest.shopper@example.com");
    // Chromium's date input takes one Tab stop per segment (month, day, year), so tab until the checkbox.
    const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute("name"));
    for (let presses = 0; presses < 8 && (await focusedName()) !== "marketingConsent"; presses += 1) await page.keyboard.press("Tab");
    await expect(focusedName()).resolves.toBe("marketingConsent");
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByText("Thank you — you're subscribed!").waitFor();
    await context.close();
  });

  it("welcomes a returning signed-in customer with their unused code, and keeps the form minimal", async () => {
    const context = await browser.newContext({ viewport: MOBILE, isMobile: true, hasTouch: true });
    const page = await open(context, "as=customer");
    const banner = page.locator("encore-banner");
    await banner.locator("bdi").waitFor();
    const text = await banner.locator("p").textContent();
    expect(text).toContain(`Welcome back, ${returning.firstName}`);
    expect(text).toContain("20%");
    expect(await banner.locator("bdi").textContent()).toBe(returning.code);
    // Fixed to the viewport: its appearance moves nothing (CLS 0).
    expect(await banner.evaluate((node) => getComputedStyle(node).position)).toBe("fixed");
    const shifts = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!entry.hadRecentInput) total += entry.value;
          }).observe({ type: "layout-shift", buffered: true });
          setTimeout(() => resolve(total), 200);
        }),
    );
    expect(shifts).toBe(0);

    // Signed in: not a guest, so no guest-checkout nudge; no email field, no sign-in offer; only what the
    // shop does not know yet.
    expect(await page.locator("encore-cart-nudge").count()).toBe(0);
    expect(await page.getByText("No account needed — check out as a guest").count()).toBe(0);
    expect(await page.locator('input[type="email"]').count()).toBe(0);
    await page.getByText("You're signed in, so we'll use the email on your account.").waitFor();
    expect(await page.getByText("Have an account? Sign in").count()).toBe(0);
    await noHorizontalScroll(page);
    await page.screenshot({ path: path.join(ARTIFACTS, "storefront-returning-mobile.png"), fullPage: true });

    await page.getByLabel("Email me offers and news. Unsubscribe any time.").check();
    await page.getByRole("button", { name: "Subscribe" }).click();
    await page.getByText("Thank you — you're subscribed!").waitFor();

    // Dismissing is remembered for this code; after subscribing the form asks only the birthday.
    await page.getByRole("button", { name: "Dismiss" }).click();
    expect(await banner.isHidden()).toBe(true);
    const again = await open(context, "as=customer");
    await again.waitForTimeout(200);
    expect(await again.locator("encore-banner").isHidden()).toBe(true);
    expect(await again.locator('input[name="marketingConsent"][type="checkbox"]').count()).toBe(0);
    expect(await again.locator('input[name="birthday"]').count()).toBe(1);

    // Signed out later on this device: the cart nudge invites them back for their coupon.
    const guest = await open(context, "as=guest");
    await guest.getByText("Welcome back — sign in to use your coupon").waitFor();
    expect(await guest.getByText("Have an account? Sign in").isHidden()).toBe(true);
    await context.close();
  });

  it("says when a code ends today by the shopper's clock, states its minimum, links to apply it, and never covers the sign-up form", async () => {
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
    const soon = new Date(Date.now() + 15 * 60_000);
    const restore = await db.prisma.offerDecision.findFirstOrThrow({ where: { shopId: shop.id, code: returning.code } });
    await db.prisma.offerDecision.update({ where: { id: restore.id }, data: { expiresAt: soon, minimumSubtotal: 50 } });
    // A time zone where "in 15 minutes" is surely still today, whatever time the suite runs.
    const timezoneId = new Date().getUTCHours() < 23 ? "UTC" : "Pacific/Honolulu";
    const context = await browser.newContext({ viewport: MOBILE, isMobile: true, hasTouch: true, timezoneId });
    try {
      const page = await open(context, "as=customer");
      const banner = page.locator("encore-banner");
      await banner.locator("bdi").waitFor();
      const time = new Intl.DateTimeFormat("en", { timeStyle: "short", timeZone: timezoneId }).format(soon);
      const text = await banner.locator("p").textContent();
      expect(text).toContain(`code ${returning.code} expires today, ${time}`);
      expect(text).not.toMatch(/expires on/);
      expect(text).toContain("On orders of $50 or more.");
      const apply = banner.getByRole("link", { name: "Apply to cart" });
      await expect(apply.getAttribute("href")).resolves.toBe(`/discount/${returning.code}?redirect=%2Fpreview%2Fstorefront`);
      expect((await apply.boundingBox())!.height).toBeGreaterThanOrEqual(48);

      // Scrolled to the end of the page, the fixed bar sits below the sign-up form, not over it.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const form = (await page.locator("encore-signup form").boundingBox())!;
      const bar = (await banner.boundingBox())!;
      expect(form.y + form.height).toBeLessThanOrEqual(bar.y);
      // While the shopper types, the bar steps aside; it comes back afterwards.
      await page.locator("encore-signup input").first().focus();
      await expect(banner.evaluate((node) => getComputedStyle(node).visibility)).resolves.toBe("hidden");
      await page.locator("encore-signup input").first().blur();
      await expect(banner.evaluate((node) => getComputedStyle(node).visibility)).resolves.toBe("visible");
      await page.screenshot({ path: path.join(ARTIFACTS, "storefront-banner-today-mobile.png") });
    } finally {
      await context.close();
      await db.prisma.offerDecision.update({ where: { id: restore.id }, data: { expiresAt: restore.expiresAt, minimumSubtotal: restore.minimumSubtotal } });
    }
  });

  it("renders Persian right-to-left without horizontal scrolling on a phone", async () => {
    const context = await browser.newContext({ viewport: MOBILE, isMobile: true, hasTouch: true, locale: "fa-IR" });
    const page = await open(context, "as=customer&locale=fa");
    await page.locator("encore-banner bdi").waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
    for (const selector of ["encore-signup", "encore-banner"]) {
      expect(await page.locator(selector).evaluate((node) => getComputedStyle(node).direction)).toBe("rtl");
    }
    expect(await page.locator("encore-banner p").textContent()).toContain("خوش برگشتید");
    await noHorizontalScroll(page);
    await page.screenshot({ path: path.join(ARTIFACTS, "storefront-fa-mobile.png"), fullPage: true });
    const guest = await open(context, "as=guest&locale=fa");
    expect(await guest.locator("encore-cart-nudge").evaluate((node) => getComputedStyle(node).direction)).toBe("rtl");
    await context.close();
  });
});
