import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { modelAccuracy } from "../../app/domain/metrics/model-accuracy";
import { ARTIFACTS, useDemoAppAndBrowser } from "../support/demo-browser";

const WIDTHS = [1280, 390] as const;
/** The smallest bar a merchant can see at a glance. */
const MIN_VISIBLE_PX = 3;

type Box = { x: number; y: number; width: number; height: number };

interface Segment {
  segment: string;
  customers: number;
  share: number;
  revenueShare: number;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const percent = (value: number) => new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 }).format(value);

/**
 * Issue 15, dashboard and model in Chromium against the demo shop: segment bars and the P(repeat) histogram
 * that every value can be seen on, the all-time totals apart from the period row, which average order value is
 * which, and the model's backtest accuracy in words.
 */
describe("Dashboard and model truth in Chromium (demo mode)", () => {
  const { open, api } = useDemoAppAndBrowser();

  async function screenshot(page: Page, name: string, element?: Locator): Promise<void> {
    await page.waitForLoadState("networkidle");
    const file = path.join(ARTIFACTS, `admin-${name}-${page.viewportSize()!.width}.png`);
    if (!element) return void (await page.screenshot({ path: file, fullPage: true }));
    // A clip of the full page, so the admin's fixed top bar (at the page's top) is not drawn over the element.
    await page.evaluate(() => window.scrollTo(0, 0));
    const clip = await box(element);
    await page.screenshot({ path: file, fullPage: true, clip: { x: clip.x, y: clip.y, width: clip.width, height: clip.height } });
  }

  const box = async (locator: Locator): Promise<Box> => {
    const found = await locator.boundingBox();
    if (!found) throw new Error(`no box for ${locator}`);
    return found;
  };

  it("segments: every segment's customer and revenue bar is visible, beside its label and value, at 1280 and 390 px", async () => {
    const data = await api("/dashboard?period=30");
    const groups: [string, Segment[]][] = [
      ["ladder", data.segments.ladder],
      ["rfm", data.segments.rfm.filter((row: Segment) => row.segment !== "prospects")],
    ];
    for (const width of WIDTHS) {
      const page = await open("/", width);
      await page.locator("[data-segment-bars=rfm]").waitFor();
      for (const [group, segments] of groups) {
        const chart = page.locator(`[data-segment-bars=${group}]`);
        const rows = chart.locator("[data-segment]");
        expect(await rows.evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-segment")))).toEqual(segments.map((row) => row.segment));
        const widest = Math.max(...segments.flatMap((row) => [row.share, row.revenueShare]));
        const scale: number[] = [];
        for (const row of segments) {
          const line = chart.locator(`[data-segment="${row.segment}"]`);
          const label = await box(line.locator("[data-segment-label]"));
          for (const [series, value] of [
            ["customers", row.share],
            ["revenue", row.revenueShare],
          ] as const) {
            const bar = await box(line.locator(`[data-bar=${series}]`));
            const valueLabel = line.locator(`[data-bar-value=${series}]`);
            expect(await valueLabel.textContent()).toBe(percent(value));
            const valueBox = await box(valueLabel);
            if (value > 0) {
              expect(bar.width, `${group}/${row.segment}/${series} width at ${width}px`).toBeGreaterThanOrEqual(MIN_VISIBLE_PX);
              expect(bar.height).toBeGreaterThanOrEqual(MIN_VISIBLE_PX);
            }
            // Nothing is drawn over the bar, and the whole row stays on screen.
            expect(overlaps(bar, label), `${row.segment} ${series} bar under its label at ${width}px`).toBe(false);
            expect(overlaps(bar, valueBox), `${row.segment} ${series} bar under its value at ${width}px`).toBe(false);
            expect(overlaps(label, valueBox)).toBe(false);
            expect(valueBox.x + valueBox.width).toBeLessThanOrEqual(width);
            const colour = await line.locator(`[data-bar=${series}]`).evaluate((node) => getComputedStyle(node).backgroundColor);
            expect(colour).not.toMatch(/^(transparent|rgba\(0, 0, 0, 0\))$/);
            if (value / widest > 0.05) scale.push(bar.width / (value / widest));
          }
        }
        // One linear scale for both series: width ∝ share (within a pixel or two of rounding).
        for (const full of scale) expect(Math.abs(full - scale[0])).toBeLessThan(scale[0] * 0.04 + 2);
      }
      await screenshot(page, "dashboard-segments", page.locator("[data-segments-card]"));
      expect(page.errors).toEqual([]);
      expect(page.failed).toEqual([]);
      await page.close();
    }
  });

  it("P(repeat in 90 days): every non-empty bin from the API has a visible bar and its count, at 1280 and 390 px", async () => {
    const { repeatDistribution } = await api("/dashboard?period=30");
    // The demo shop has the shape that hid the upper bins: thousands in the first, a handful above 50%.
    expect(repeatDistribution.filter((bin: { from: number; customers: number }) => bin.from >= 0.5 && bin.customers > 0).length).toBeGreaterThan(0);
    for (const width of WIDTHS) {
      const page = await open("/", width);
      const chart = page.locator("[data-chart=repeat-distribution]");
      await chart.locator("[data-bin]").first().waitFor();
      expect(await chart.locator("[data-bin]").count()).toBe(repeatDistribution.length);
      for (const [index, bin] of (repeatDistribution as { from: number; to: number; customers: number }[]).entries()) {
        const row = chart.locator(`[data-bin="${index}"]`);
        expect(await row.locator("[data-bar-value]").textContent()).toBe(bin.customers.toLocaleString("en-US"));
        const bar = await row.locator("[data-bar]").boundingBox();
        const label = await box(row.locator("[data-bin-label]"));
        const count = await box(row.locator("[data-bar-value]"));
        if (bin.customers > 0) {
          expect(bar, `bin ${index}`).not.toBeNull();
          expect(bar!.width, `bin ${index} at ${width}px`).toBeGreaterThanOrEqual(MIN_VISIBLE_PX);
          expect(bar!.height, `bin ${index} at ${width}px`).toBeGreaterThanOrEqual(MIN_VISIBLE_PX);
          expect(overlaps(bar!, label)).toBe(false);
          expect(overlaps(bar!, count)).toBe(false);
        } else {
          expect(bar === null || bar.width < 1 || bar.height < 1, `empty bin ${index} has no bar`).toBe(true);
        }
        expect(count.x + count.width).toBeLessThanOrEqual(width);
      }
      await screenshot(page, "dashboard-repeat", page.locator("[data-repeat-card]"));
      expect(page.errors).toEqual([]);
      await page.close();
    }
  });

  it("all-time totals sit apart from the period row; each average order value says which it is; the import counts have separators", async () => {
    const data = await api("/dashboard?period=90");
    for (const width of WIDTHS) {
      const page = await open("/", width);
      await page.locator("[data-metric]").first().waitFor();
      await page.getByLabel("Period", { exact: true }).selectOption("90");
      await page.getByText("Average order value (last 90 days)", { exact: true }).waitFor();
      const totals = page.locator("[data-all-time]");
      await totals.getByText("All time", { exact: true }).waitFor();
      const shown = await totals.locator("[data-total]").evaluateAll((nodes) => nodes.map((node) => [node.getAttribute("data-total"), Number(node.getAttribute("data-value"))]));
      expect(Object.fromEntries(shown)).toEqual({
        customers: data.totals.customers,
        orders: data.totals.orders,
        averageOrderValue: data.totals.averageOrderValue,
        customerLifetimeValue: data.totals.customerLifetimeValue,
      });
      expect(await totals.locator("[data-total=customers]").textContent()).toBe(data.totals.customers.toLocaleString("en-US"));
      expect(await totals.locator("[data-total=orders]").textContent()).toBe(data.totals.orders.toLocaleString("en-US"));
      await totals.getByText("Average order value (all time)", { exact: true }).waitFor();
      // Outside the period row: no "vs previous" in it, and it is not one of the period cards.
      expect(await totals.getByText("vs previous period").count()).toBe(0);
      expect(await totals.locator("[data-metric]").count()).toBe(0);
      const periodRow = await box(page.locator("[data-period-metrics]"));
      const allTime = await box(totals);
      expect(overlaps(periodRow, allTime)).toBe(false);
      expect(await page.getByText("Average order value", { exact: true }).count()).toBe(0);
      await screenshot(page, "dashboard-totals");
      await page.close();
    }

    const model = await open("/model");
    await model.getByRole("heading", { name: "Fitted model" }).waitFor();
    await model.getByText(/^Average order value \(model, per purchase\): \$[\d,]+\.\d\d$/).waitFor();
    await model.close();

    const settings = await open("/settings");
    const { runs } = await api("/sync/status");
    const orders = runs.find((run: { resource: string }) => run.resource === "orders");
    expect(orders.linesRead).toBeGreaterThanOrEqual(1_000);
    await settings.getByText(`${orders.linesRead.toLocaleString("en-US")} of ${orders.totalLines.toLocaleString("en-US")} records`, { exact: false }).waitFor();
    await settings.close();
  });

  it("model: how accurate the backtest was, in a sentence above the parameters, at 1280 and 390 px", async () => {
    const data = await api("/model");
    const backtest = data.backtests.find((row: { model: string }) => row.model === data.model.selected);
    const expected = modelAccuracy({ predicted: backtest.totals.predicted, actual: backtest.totals.actual, holdoutDays: backtest.holdoutLength });
    expect(expected.checked).toBe(true);
    expect(expected.text).toMatch(/^In the last \d+ days of history the model predicted [\d,]+ repeat purchases; there were [\d,]+ \((\d+% (under|over)|exactly right|less than 1% (under|over))\)\.$/);
    for (const width of WIDTHS) {
      const page = await open("/model", width);
      const sentence = page.locator("[data-model-accuracy]");
      await sentence.waitFor();
      expect(await sentence.textContent()).toBe(expected.text);
      const above = await box(sentence);
      const parameters = await box(page.getByRole("heading", { name: "Purchase model" }));
      expect(above.y + above.height).toBeLessThanOrEqual(parameters.y);
      // The demo shop is small: fitted on everyone (a large shop's page names its sample, admin-insights test).
      expect(await page.locator("[data-fitted-on]").textContent()).toBe(`Parameters fitted on all ${data.model.customers.toLocaleString("en-US")} customers.`);
      await screenshot(page, "model-accuracy");
      expect(page.errors).toEqual([]);
      await page.close();
    }
  });
});
