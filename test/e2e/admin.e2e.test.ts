import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ARTIFACTS, useDemoAppAndBrowser } from "../support/demo-browser";

const WIDTHS = [1280, 760] as const;

/** Every admin page in Chromium against the demo shop: one app process and one browser for the file. */
describe("Admin pages in Chromium (demo mode)", () => {
  const demo = useDemoAppAndBrowser();
  const { open, api } = demo;

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: path.join(ARTIFACTS, `admin-${name}-${page.viewportSize()!.width}.png`), fullPage: true });
  }

  it("dashboard: metric cards show the API's numbers, with definitions, cohorts and charts", async () => {
    const data = await api("/dashboard?period=30");
    for (const width of WIDTHS) {
      const page = await open("/", width);
      await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
      await page.locator("[data-metric]").first().waitFor();
      const shown = await page.$$eval("[data-metric]", (nodes) => nodes.map((node) => [node.getAttribute("data-metric"), Number(node.getAttribute("data-value"))]));
      expect(Object.fromEntries(shown)).toEqual(Object.fromEntries(data.metrics.map((metric: { id: string; current: number }) => [metric.id, metric.current])));
      // Retention and churn are read off one cohort (customers active at the start) and add up to 100%.
      const retention = page.locator('[aria-label^="(Customers active at the start of the period − those who lapsed by its end) ÷ customers active at the start."]');
      expect(await retention.count()).toBe(1);
      expect(await retention.getAttribute("aria-label")).toContain("Retention and churn add up to 100%.");
      expect(await page.locator('[aria-label^="Customers active at the start of the period (ordered in the 12 months before) who lapsed by its end"]').count()).toBe(1);
      const byId = Object.fromEntries(data.metrics.map((metric: { id: string; current: number }) => [metric.id, metric.current]));
      expect(byId.customerRetentionRate + byId.churnRate).toBeCloseTo(1, 10);
      // Cohorts cover all history (two years of demo orders): one row per cohort, a column per month after.
      expect(data.cohorts.length).toBeGreaterThanOrEqual(24);
      expect(await page.locator("[data-chart=cohort-heatmap] tbody tr").count()).toBe(data.cohorts.length);
      // "First order", "Customers", then M1…Mn.
      expect(await page.locator("[data-chart=cohort-heatmap] thead th").count()).toBe(2 + data.cohorts[0].retention.length);
      await page.locator("[data-chart=repeat-distribution] [data-bin]").first().waitFor();
      await page.locator("[data-segment-bars=ladder] [data-bar]").first().waitFor();
      if (width === 760) {
        // Narrow admin: the sidebar sits behind the top bar's menu button, and still reaches every page.
        await page.getByRole("button", { name: /menu/i }).click();
        await page.getByRole("link", { name: "Settings" }).waitFor();
      }
      await screenshot(page, "dashboard");
      expect(page.errors).toEqual([]);
      await page.close();
    }
  });

  it("navigation links every page (client-side)", async () => {
    const page = await open("/");
    for (const [label, heading] of [
      ["Customers", "Customers"],
      ["Offers", "Offers"],
      ["Model", "Model"],
      ["Settings", "Settings"],
      ["Dashboard", "Dashboard"],
    ]) {
      await page.getByRole("navigation").getByRole("link", { name: label }).click();
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
    }
    await page.close();
  });

  it("customers: a filter narrows the list, search finds a customer, the detail explains the score", async () => {
    const page = await open("/customers");
    const names = page.locator("[data-customer-name]");
    await names.first().waitFor();
    expect(await names.count()).toBe(25);
    await page.getByLabel("Segment").selectOption("lover");
    const lovers = await api("/customers?segment=lover&limit=100");
    await page.waitForFunction((count) => document.querySelectorAll("[data-customer-name]").length === count, Math.min(25, lovers.customers.length));
    const badges = await page.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.textContent ?? ""));
    for (const text of badges) expect(text).toContain("Lovers");
    await screenshot(page, "customers-filtered");

    const target = lovers.customers[0];
    await page.getByLabel("Search customers").fill(target.email.slice(0, 10));
    await page.waitForFunction((id) => {
      const links = [...document.querySelectorAll("tbody a")].map((link) => link.getAttribute("href"));
      return links.length > 0 && links.every((href) => href !== null) && links.includes(`/customers/${id}`) && links.length < 25;
    }, target.id);
    await page.locator(`a[href="/customers/${target.id}"]`).click();
    await page.locator("[data-explanation]").waitFor();
    expect(await page.locator("[data-explanation]").textContent()).toMatch(/customers like this buy again within 90 days \d+% of the time/);
    await page.close();

    for (const width of WIDTHS) {
      const list = await open("/customers", width);
      await list.locator("[data-customer-name]").first().waitFor();
      await screenshot(list, "customers");
      await list.close();
      const detail = await open(`/customers/${target.id}`, width);
      await detail.locator("[data-explanation]").waitFor();
      await screenshot(detail, "customer-detail");
      await detail.close();
    }
  });

  it("offers: the form previews reach, shows a validation error for a bad value, and creates the offer", async () => {
    const page = await open("/offers/new");
    await page.getByRole("heading", { name: "New offer" }).waitFor();
    await page.locator("[data-preview-value=reach]").waitFor();
    const everyone = Number((await page.locator("[data-preview-value=reach]").textContent())!.replace(/,/g, ""));
    await page.getByLabel("Name").fill("Win back at-risk buyers");
    await page.getByLabel("Issue after").selectOption("any_order");
    await page.getByRole("group", { name: "Only customers in" }).getByLabel("At risk").check();
    await page.waitForFunction((before) => Number(document.querySelector("[data-preview-value=reach]")?.textContent?.replace(/,/g, "")) < before, everyone);
    await page.getByLabel("Discount", { exact: true }).fill("150");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("A percentage discount can be at most 100%").first().waitFor();
    expect(new URL(page.url()).pathname).toBe("/offers/new");
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page, "offer-form-error");
    }

    await page.getByLabel("Discount", { exact: true }).fill("20");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { name: "Offers", level: 1 }).waitFor();
    await page.locator("[data-offer-name]", { hasText: "Win back at-risk buyers" }).waitFor();
    const { offers } = await api("/offers");
    expect(offers.find((offer: { name: string }) => offer.name === "Win back at-risk buyers")).toMatchObject({
      discountValue: 20,
      orderScope: "any_order",
      targeting: { includeSegments: ["at_risk"] },
    });
    await page.close();

    for (const width of WIDTHS) {
      const list = await open("/offers", width);
      await list.locator("[data-offer-name]").first().waitFor();
      await list.getByLabel("Question", { exact: true }).waitFor();
      await screenshot(list, "offers");
      await list.close();
      const demoOffer = offers.find((offer: { name: string }) => offer.name !== "Win back at-risk buyers");
      const edit = await open(`/offers/${demoOffer.id}`, width);
      await edit.getByRole("heading", { name: "Lift in repeat purchases" }).waitFor();
      await edit.locator("[data-chart=issued-redeemed] svg").first().waitFor();
      await screenshot(edit, "offer-performance");
      await edit.close();
    }
  });

  it("model: parameters, backtest charts and re-score with progress", { timeout: 90_000 }, async () => {
    for (const width of WIDTHS) {
      const page = await open("/model", width);
      await page.getByRole("heading", { name: "Fitted model" }).waitFor();
      await page.locator("[data-chart=backtest] svg").first().waitFor();
      await page.locator("[data-chart=by-frequency] svg").first().waitFor();
      await screenshot(page, "model");
      if (width === 1280) {
        await page.getByRole("button", { name: "Re-score now" }).click();
        await page.getByText("Scoring finished").waitFor({ timeout: 45_000 });
      }
      await page.close();
    }
  });

  it("settings: the re-scoring schedule is saved from the Background work card", async () => {
    const page = await open("/settings", 1280);
    await page.getByLabel("Re-score customers").selectOption("weekly");
    await page.getByLabel("Start at (UTC)").selectOption("5");
    await page.getByRole("button", { name: "Save schedule" }).click();
    await page.getByText("Schedule saved.").waitFor();
    const saved = await (await fetch(new URL("/api/settings/rescoring", demo.app.url))).json();
    expect(saved).toEqual({ schedule: "weekly", hourUtc: 5 });
    await fetch(new URL("/api/settings/rescoring", demo.app.url), { method: "PUT", headers: { "Content-Type": "application/json", Origin: demo.app.url.replace(/\/$/, "") }, body: JSON.stringify({ schedule: "nightly", hourUtc: 2 }) });
    await page.close();
  });

  it("settings: sync status, storefront activation link, privacy requests and usage", async () => {
    for (const width of WIDTHS) {
      const page = await open("/settings", width);
      await page.getByRole("heading", { name: "Shopify data import" }).waitFor();
      await page.getByRole("progressbar").first().waitFor();
      const link = page.getByRole("link", { name: "Open the theme editor" });
      expect(await link.getAttribute("href")).toBe(
        "https://encore-demo.myshopify.com/admin/themes/current/editor?context=apps&activateAppId=encore-demo/returning-banner",
      );
      await page.getByText("No privacy requests.").waitFor();
      await page.getByText("Scored customers").waitFor();
      await page.getByRole("heading", { name: "Background work" }).waitFor();
      await page.getByText("No failed background jobs.").waitFor();
      await screenshot(page, "settings");
      await page.close();
    }
  });
});
