import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ARTIFACTS, useDemoAppAndBrowser } from "../support/demo-browser";

const WIDTHS = [1280, 390] as const;

/** The card's names for the four Flow triggers (app/admin/i18n.ts). */
const TRIGGER_NAMES: Record<string, string> = {
  "encore-flow-at-risk": "Customer became at risk",
  "encore-flow-lover": "Customer became a lover",
  "encore-flow-coupon-issued": "Coupon code issued",
  "encore-flow-birthday": "Upcoming birthday detected",
};

interface ActivityResponse {
  metafieldSyncs: { customersChecked: number; customersChanged: number; metafieldsWritten: number; calls: number; costPoints: number }[];
  flowTriggerCounts: { handle: string; status: string; count: number }[];
  flowTriggers: { handle: string }[];
}

/**
 * Settings → "Activity in Shopify" in Chromium against the demo shop, whose first start seeded a month of
 * activation: the metafield sync and the Flow triggers as GET /api/settings/activity reports them, on a
 * desktop and on a phone.
 */
describe("Activity in Shopify in Chromium (demo mode)", () => {
  const { open, api } = useDemoAppAndBrowser();

  const number = (value: number) => value.toLocaleString("en-US");

  it("shows the metafield sync and the Flow triggers per trigger as the API reports them, at 1280 and 390 px", async () => {
    const activity = (await api("/settings/activity")) as ActivityResponse;
    expect(activity.metafieldSyncs).toHaveLength(1);
    const [sync] = activity.metafieldSyncs;
    expect(sync.customersChecked).toBeGreaterThan(1_000);
    const handles = [...new Set(activity.flowTriggerCounts.map((row) => row.handle))];
    expect(handles).toEqual(expect.arrayContaining(["encore-flow-at-risk", "encore-flow-lover", "encore-flow-coupon-issued"]));
    const count = (handle: string, status: string) => activity.flowTriggerCounts.find((row) => row.handle === handle && row.status === status)?.count ?? 0;

    for (const width of WIDTHS) {
      const page = await open("/settings", width);
      await page.getByText("Activity in Shopify", { exact: true }).waitFor();
      const syncs = page.locator("[data-activity=metafield-syncs]");
      await syncs.waitFor();

      // The sync's row: started, status, then the numbers in the API's order.
      const rows = syncs.locator("tbody tr");
      await expect(rows.count()).resolves.toBe(1);
      const cells = (await rows.first().locator("th, td").allTextContents()).map((text) => text.trim());
      // The status badge reads "Done" (after its tone, for screen readers only).
      expect(cells[1]).toMatch(/Done$/);
      expect(cells.slice(2)).toEqual([sync.customersChecked, sync.customersChanged, sync.metafieldsWritten, sync.calls, sync.costPoints].map(number));

      // One line per trigger, with its counts.
      for (const handle of handles) {
        await expect(page.locator(`[data-trigger-count="${handle}"]`).textContent()).resolves.toBe(
          `${TRIGGER_NAMES[handle]}: ${count(handle, "sent")} sent, ${count(handle, "pending")} waiting, ${count(handle, "failed")} failed`,
        );
      }
      // The newest triggers, newest first (the card lists ten of the API's fifty).
      const shown = await page.locator("[data-activity=flow-triggers] [data-flow-trigger]").evaluateAll((items) => items.map((item) => item.getAttribute("data-flow-trigger")));
      expect(shown).toEqual(activity.flowTriggers.slice(0, 10).map((event) => event.handle));

      // Nothing of the card runs off the screen: the syncs table scrolls inside it (Polaris), the trigger list wraps.
      const card = page.locator("[data-activity-card]");
      const box = (await card.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      for (const part of ["metafield-syncs", "flow-triggers"]) {
        const partBox = (await page.locator(`[data-activity=${part}]`).boundingBox())!;
        expect(partBox.x + partBox.width).toBeLessThanOrEqual(box.x + box.width);
      }
      const list = page.locator("[data-activity=flow-triggers]");
      expect(await list.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

      await page.waitForLoadState("networkidle");
      // The whole page, as the other admin screenshots (an element shot would put the fixed top bar over the card).
      await page.screenshot({ path: path.join(ARTIFACTS, `admin-activity-${width}.png`), fullPage: true });
      expect(page.errors).toEqual([]);
      expect(page.failed).toEqual([]);
      await page.close();
    }
  });
});
