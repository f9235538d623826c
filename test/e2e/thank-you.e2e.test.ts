import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildThankYouExtension } from "../../scripts/extension-build";
import { launchChromium } from "../support/chromium";
import { startAppProcess, type AppProcess } from "../support/app-process";

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
/** The preview never issues a real code: it shows the one the order would get, marked PREVIEW. */
const PREVIEW_CODE = /^PREVIEW[2-9A-HJKMNP-Z]{5}$/;

describe("thank-you extension in the preview harness (Chromium, demo mode)", () => {
  let app: AppProcess;
  let browser: Browser;
  let offerId: string;

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
    offerId = (await response.json()).offer.id;
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

  const issuedByOffer = async () => (await (await fetch(`${app.url}api/offers/${offerId}/performance`)).json()).issued as number;

  it("shows the coupon the order would get, and copying puts the exact code on the clipboard, without issuing it", async () => {
    const page = await openPreview("", { clipboard: true });
    const code = (await page.locator("#encore-coupon-code").textContent({ timeout: 15_000 }))!.trim();
    expect(code).toMatch(PREVIEW_CODE);
    await expect.poll(() => page.locator("s-banner[tone=success]").getAttribute("heading")).toBe("A thank-you for your next order");
    await expect.poll(() => page.locator("s-banner[tone=success]").textContent()).toContain("15% off your next order");
    await page.getByRole("button", { name: "Copy code" }).click();
    await page.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    await page.screenshot({ path: path.join(ARTIFACTS, "thank-you-coupon.png"), fullPage: true });
    await page.reload();
    await page.locator("#encore-coupon-code").waitFor({ timeout: 15_000 });
    // Opened twice, and the offer has still issued nothing: previews stay out of its statistics.
    expect(await issuedByOffer()).toBe(0);
    await page.context().close();
  });

  it("takes a one-tap survey answer without recording it, and does not ask again on this device", async () => {
    // The demo shop has seeded answers: the preview's tap must leave the count as it was.
    const friends = async () =>
      (await (await fetch(`${app.url}api/settings/survey/results`)).json()).answers.find((row: { answer: string }) => row.answer === "Friend or family").count;
    const before = await friends();
    const page = await openPreview("");
    await page.getByRole("button", { name: "Friend or family" }).click();
    await page.getByText("Thank you for telling us!").waitFor();
    expect(await friends()).toBe(before);
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
    // The survey speaks Persian too, its question mark where Persian puts it (the end, on the left).
    const question = page.locator("#encore-survey s-heading");
    await expect.poll(() => question.textContent()).toContain("از کجا با ما آشنا شدید؟");
    await page.getByRole("button", { name: "شبکه‌های اجتماعی" }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "thank-you-fa-rtl.png"), fullPage: true });
    await page.context().close();
  });

  it("writes Kazakh dates with month names (Chromium's ICU has none for kk and printed '2027 M01 9')", async () => {
    const page = await openPreview("?locale=kk");
    const banner = page.locator("s-banner[tone=success]");
    await banner.waitFor();
    await expect.poll(() => banner.textContent()).toMatch(/\d{4} ж\. \d{1,2} (қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан) дейін жарамды/);
    expect(await banner.textContent()).not.toMatch(/M\d{2}/);
    expect(await page.locator("#encore-survey s-heading").textContent()).toContain("Біз туралы қайдан білдіңіз?");
    await page.screenshot({ path: path.join(ARTIFACTS, "thank-you-kk.png"), fullPage: true });
    await page.context().close();
  });

  it("keeps a merchant's English question readable in a right-to-left page ('?' at its end, not '?How…')", async () => {
    const put = (survey: object) => fetch(`${app.url}api/settings/survey`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(survey) });
    const original = (await (await fetch(`${app.url}api/settings/survey`)).json()).survey;
    expect((await put({ question: "Where did you hear about us?", options: ["A friend", "An ad"] })).status).toBe(200);
    try {
      const page = await openPreview("?locale=fa");
      const heading = page.locator("#encore-survey s-heading");
      await expect.poll(() => heading.textContent()).toContain("Where did you hear about us?");
      // Where the browser draws the first and the last character: "W" on the left, "?" on the right.
      const [first, last] = await heading.evaluate((element) => {
        const node = [...element.querySelectorAll("*"), element].flatMap((el) => [...el.childNodes]).find((child) => child.nodeType === 3 && child.textContent!.includes("Where"))!;
        const text = node.textContent!;
        const box = (index: number) => {
          const range = document.createRange();
          range.setStart(node, index);
          range.setEnd(node, index + 1);
          return range.getBoundingClientRect().x;
        };
        return [box(text.indexOf("W")), box(text.indexOf("?"))];
      });
      expect(last).toBeGreaterThan(first);
      await page.screenshot({ path: path.join(ARTIFACTS, "thank-you-fa-english-question.png"), fullPage: true });
      await page.context().close();
    } finally {
      await put(original);
    }
  });
});
