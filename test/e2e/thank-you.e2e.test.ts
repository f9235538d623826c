import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildThankYouExtension } from "../../scripts/extension-build";
import { launchChromium } from "../support/chromium";
import { startAppProcess, type AppProcess } from "../support/app-process";

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
const CODE = /^[2-9A-HJKMNP-Z]{12}$/;

describe("thank-you extension in the preview harness (Chromium, demo mode)", () => {
  let app: AppProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await buildThankYouExtension();
    [app, browser] = await Promise.all([startAppProcess(), launchChromium()]);
    // One active offer for every order, no control group, and a priority above the demo offer's (10, which holds
    // out a control group keyed by the random shop id), so whichever demo order the preview opens gets a code.
    const response = await fetch(`${app.url}api/offers`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Preview offer", status: "active", discountType: "percentage", discountValue: 15, minimumSubtotal: 30, validityDays: 30, orderScope: "any_order", controlShare: 0, priority: 100 }),
    });
    expect(response.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function openPreview(query: string, options: { clipboard?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 720, height: 900 } });
    if (options.clipboard) await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(app.url).origin });
    const page = await context.newPage();
    await page.goto(`${app.url}preview/thank-you${query}`);
    await page.locator("html[data-extension-rendered]").waitFor({ state: "attached" });
    return page;
  }

  it("shows the issued coupon, and copying puts the exact code on the clipboard", async () => {
    const page = await openPreview("", { clipboard: true });
    const code = (await page.locator("#encore-coupon-code").textContent({ timeout: 15_000 }))!.trim();
    expect(code).toMatch(CODE);
    await expect.poll(() => page.locator("s-banner[tone=success]").getAttribute("heading")).toBe("A thank-you for your next order");
    await expect.poll(() => page.locator("s-banner[tone=success]").textContent()).toContain("15% off your next order");
    await page.getByRole("button", { name: "Copy code" }).click();
    await page.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    await page.screenshot({ path: path.join(ARTIFACTS, "thank-you-coupon.png"), fullPage: true });
    await page.context().close();
  });

  it("stores a one-tap survey answer and does not ask again", async () => {
    const page = await openPreview("");
    await page.getByRole("button", { name: "Friend or family" }).click();
    await page.getByText("Thank you for telling us!").waitFor();
    const results = await (await fetch(`${app.url}api/settings/survey/results`)).json();
    expect(results.answers.find((row: { answer: string }) => row.answer === "Friend or family").count).toBe(1);
    await page.reload();
    await page.locator("html[data-extension-rendered]").waitFor({ state: "attached" });
    await page.getByText("Thank you for telling us!").waitFor();
    expect(await page.getByRole("button", { name: "Friend or family" }).count()).toBe(0);
    await page.context().close();
  });

  it("invites a guest to create an account, prefilled from the order", async () => {
    const page = await openPreview("?order=guest");
    const invite = page.locator("#encore-account-invite");
    await invite.waitFor();
    expect(await invite.getAttribute("heading")).toBe("Sam, save your details for next time");
    expect(await invite.textContent()).toMatch(/Create an account with guest-\d+@example\.com/);
    expect(await page.locator("input").count()).toBe(0); // nothing to type: name and email are not asked again
    await page.screenshot({ path: path.join(ARTIFACTS, "thank-you-guest-invite.png"), fullPage: true });
    await page.context().close();
  });

  it("renders Persian right-to-left", async () => {
    const page = await openPreview("?locale=fa");
    const banner = page.locator("s-banner[tone=success]");
    await banner.waitFor();
    expect(await banner.getAttribute("heading")).toBe("هدیه‌ای برای سفارش بعدی شما");
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
    expect(await banner.evaluate((element) => getComputedStyle(element).direction)).toBe("rtl");
    // Inline stacks flow from the right: the code sits to the right of its copy button.
    const codeBox = (await page.locator("#encore-coupon-code").boundingBox())!;
    const buttonBox = (await page.getByRole("button", { name: "کپی کد" }).boundingBox())!;
    expect(codeBox.x).toBeGreaterThan(buttonBox.x);
    await page.screenshot({ path: path.join(ARTIFACTS, "thank-you-fa-rtl.png"), fullPage: true });
    await page.context().close();
  });
});
