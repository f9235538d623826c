import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/chromium";
import { startAppProcess, type AppProcess } from "../support/app-process";

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");

describe("Overview page in Chromium (demo mode)", () => {
  let app: AppProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [app, browser] = await Promise.all([startAppProcess(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("shows exactly the numbers the API returns", async () => {
    const api = await (await fetch(`${app.url}api/overview`)).json();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(app.url);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.locator("[data-metric]").first().waitFor();
    const shown = await page.$$eval("[data-metric]", (nodes) =>
      Object.fromEntries(nodes.map((node) => [node.getAttribute("data-metric"), { value: node.getAttribute("data-value"), text: node.textContent }])),
    );
    const metrics = ["customers", "orders", "repeatCustomerRate", "averageOrdersPerCustomer", "averageOrderValue", "customerLifetimeValue"];
    expect(Object.keys(shown).sort()).toEqual([...metrics].sort());
    for (const metric of metrics) expect(Number(shown[metric].value)).toBe(api[metric]);
    // The visible text, not only the data attribute, must match the API's numbers.
    expect(shown.customers.text).toBe(new Intl.NumberFormat("en-US").format(api.customers));
    expect(shown.orders.text).toBe(new Intl.NumberFormat("en-US").format(api.orders));
    expect(shown.repeatCustomerRate.text).toBe(new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 }).format(api.repeatCustomerRate));
    expect(shown.averageOrderValue.text).toBe(new Intl.NumberFormat("en-US", { style: "currency", currency: api.currency }).format(api.averageOrderValue));
    await page.screenshot({ path: path.join(ARTIFACTS, "overview.png"), fullPage: true });
    await page.close();
  });

  it("explains each metric in an accessible tooltip trigger", async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    await page.locator("[data-metric]").first().waitFor();
    const help = await page.locator('[aria-label="Share of customers with two or more orders."]').count();
    expect(help).toBe(1);
    await page.close();
  });
});
