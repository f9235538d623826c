import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ARTIFACTS, useDemoAppAndBrowser } from "../support/demo-browser";

const WIDTHS = [1280, 390] as const;

/**
 * Issue 15 in Chromium against the demo shop (seeded offers and survey answers): survey analytics beside the
 * editor, the offers list's results and verdict, the offer form's schedule, live checks and toast, and the
 * customers list on a phone.
 */
describe("Merchant truth and polish in Chromium (demo mode)", () => {
  const { open, api } = useDemoAppAndBrowser({ acceptDownloads: true });

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: path.join(ARTIFACTS, `admin-${name}-${page.viewportSize()!.width}.png`), fullPage: true });
  }

  it("survey analytics beside the editor: per answer, over time and per segment, at 1280 and 390 px", async () => {
    const results = await api("/settings/survey/results");
    expect(results.responses).toBeGreaterThan(100);
    for (const width of WIDTHS) {
      const page = await open("/offers", width);
      await page.locator("[data-survey-results]").waitFor();
      await expect(page.locator("[data-survey-responses]").getAttribute("data-survey-responses")).resolves.toBe(String(results.responses));
      const shown = await page.$$eval("[data-survey-answer]", (nodes) => nodes.map((node) => [node.getAttribute("data-survey-answer"), Number(node.getAttribute("data-count"))]));
      expect(shown).toEqual(results.answers.map((row: { answer: string; count: number }) => [row.answer, row.count]));
      await page.locator("[data-chart=survey-over-time] svg").first().waitFor();
      // One row per segment with answers, in the API's order; switching to RFM groups shows those.
      const ladderRows = await page.locator("[data-survey-segments=ladder] tbody tr").allTextContents();
      expect(ladderRows.map((text) => text.split(/\d/)[0].trim())).toEqual(
        results.segments.ladder.map((row: { segment: string }) => ({ lover: "Lovers", liker: "Likers", lurker: "Lurkers", unscored: "Guests and unscored" })[row.segment]),
      );

      const editor = await page.getByText("Thank-you page survey", { exact: true }).boundingBox();
      const card = await page.getByText("Survey results", { exact: true }).boundingBox();
      if (width === 1280) {
        // Next to the editor: same row, to its right.
        expect(Math.abs(card!.y - editor!.y)).toBeLessThan(5);
        expect(card!.x).toBeGreaterThan(editor!.x + 300);
      } else {
        // A phone stacks them, and nothing of the card runs off the screen.
        expect(card!.y).toBeGreaterThan(editor!.y);
        const box = await page.locator("[data-survey-results]").boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(width);
      }
      await screenshot(page, "survey-results");
      await page.getByLabel("Segments", { exact: true }).selectOption("rfm");
      await expect(page.locator("[data-survey-segments=rfm] tbody tr").count()).resolves.toBe(results.segments.rfm.length);
      expect(page.errors).toEqual([]);
      expect(page.failed).toEqual([]);
      await page.close();
    }
  });

  it("offers list: issued, redeemed, revenue, cost, extra repeat rate with its interval and a verdict; the offer explains its denominators", async () => {
    const { offers } = await api("/offers/performance");
    const [demo] = offers;
    for (const width of WIDTHS) {
      const page = await open("/offers", width);
      await page.locator("[data-verdict]").first().waitFor();
      expect(await page.locator("[data-verdict]").first().getAttribute("data-verdict")).toBe(demo.verdict.verdict);
      if (width === 1280) {
        expect(await page.locator("[data-result=issued]").first().textContent()).toBe(demo.issued.toLocaleString("en-US"));
        expect(await page.locator("[data-result=redeemed]").first().textContent()).toBe(demo.redeemed.toLocaleString("en-US"));
        expect(await page.locator("[data-result=lift]").first().textContent()).toMatch(/^[+-−]?\d+(\.\d)? pp$/);
      } else {
        // Condensed: one compact cell per offer, its results as a line of text.
        await page.getByText(`${demo.issued.toLocaleString("en-US")} issued · ${demo.redeemed.toLocaleString("en-US")} redeemed`).waitFor();
        const name = await page.locator("[data-offer-name]").first().boundingBox();
        expect(name!.x + name!.width).toBeLessThanOrEqual(width);
      }
      await screenshot(page, "offers-results");
      expect(page.failed).toEqual([]);
      await page.close();
    }

    const page = await open(`/offers/${demo.offerId}`);
    await page.locator("[data-measured-note]").waitFor();
    // "17.8% of 1,992" next to "2,828 issued": the note says what the 1,992 are.
    expect(await page.locator("[data-measured-note]").textContent()).toContain(
      `${demo.repeat.issued.customers.toLocaleString("en-US")} of the ${demo.issued.toLocaleString("en-US")} codes issued`,
    );
    expect(await page.locator("[data-verdict-reason]").textContent()).not.toBe("");
    // The chart has its month labels (Polaris Viz drops them where they do not fit).
    const { months } = await api(`/offers/${demo.offerId}/timeline`);
    const first = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${months[0].month}-01T00:00:00Z`));
    await page.locator("[data-chart=issued-redeemed] svg").first().waitFor();
    await page.waitForFunction((label) => [...document.querySelectorAll("[data-chart=issued-redeemed] svg text")].some((node) => node.textContent === label), first);
    await screenshot(page, "offer-truth");
    await page.close();
  });

  it("offer form: a 150% discount is flagged as typed, dates and priority are saved, a toast says so", async () => {
    const page = await open("/offers/new");
    await page.getByRole("heading", { name: "New offer" }).waitFor();
    await page.getByLabel("Name").fill("Spring return");
    await page.getByLabel("Discount", { exact: true }).fill("150");
    // At once, in plain words, without pressing Save.
    await page.getByText("A percentage discount can be at most 100%").waitFor({ timeout: 2_000 });
    await expect(page.getByText(/Too small|Too big|expected/).count()).resolves.toBe(0);
    await page.getByLabel("Discount", { exact: true }).fill("20");
    await expect(page.getByText("A percentage discount can be at most 100%").count()).resolves.toBe(0);
    await page.locator("[data-preview-window]").waitFor();
    expect(await page.locator("[data-preview-window]").textContent()).toContain("within 30 days of each code");

    await page.getByLabel("Starts on (optional)").fill("2027-03-01");
    await page.getByLabel("Last day (optional)").fill("2027-02-01");
    await page.getByText("The last day must be on or after the first day").waitFor();
    await page.getByLabel("Last day (optional)").fill("2027-03-31");
    await page.getByLabel("Priority").fill("5");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Offer saved").waitFor();
    await page.getByRole("heading", { name: "Offers", level: 1 }).waitFor();
    await screenshot(page, "offer-saved-toast");
    const { offers } = await api("/offers");
    const saved = offers.find((offer: { name: string }) => offer.name === "Spring return");
    // The browser runs in the machine's time zone: midnight there, and the midnight after the last day.
    expect(saved).toMatchObject({ priority: 5, startsAt: new Date(2027, 2, 1).toISOString(), endsAt: new Date(2027, 3, 1).toISOString() });
    await page.close();

    const edit = await open(`/offers/${saved.id}`);
    await expect(edit.getByLabel("Starts on (optional)").inputValue()).resolves.toBe("2027-03-01");
    await expect(edit.getByLabel("Last day (optional)").inputValue()).resolves.toBe("2027-03-31");
    await expect(edit.getByLabel("Priority").inputValue()).resolves.toBe("5");
    await edit.close();
  });

  it("re-score: the progress names its stage (step x of 4) and counts customers, then finishes", { timeout: 60_000 }, async () => {
    const page = await open("/model");
    await page.getByRole("heading", { name: "Fitted model" }).waitFor();
    await page.getByRole("button", { name: "Re-score now" }).click();
    await page.locator("[data-rescore-phase]").waitFor();
    expect(await page.locator("[data-rescore-phase]").textContent()).toMatch(/^Step [1-4] of 4: (Reading orders|Fitting the model|Scoring customers|Saving scores)$/);
    await page.getByText("Scoring finished").waitFor({ timeout: 45_000 });
    await page.close();
  });

  it("customer profile: a one-time buyer from long ago is not Active and is Low confidence; the value card adds up; habits, history and the Shopify link", async () => {
    // The oldest last orders first: the first one-time buyer among them.
    const { customers } = await api("/customers?sort=lastOrderAt&direction=asc&limit=50");
    const lost = customers.find((customer: { orderCount: number }) => customer.orderCount === 1);
    expect(lost, "a one-time buyer among the 50 oldest last orders").toBeDefined();
    const detail = await api(`/customers/${lost.id}`);
    expect(Date.now() - Date.parse(detail.score.lastOrderAt)).toBeGreaterThan(365 * 86_400_000);

    const page = await open(`/customers/${lost.id}`, 1280);
    await page.locator("[data-explanation]").waitFor();
    const status = await page.locator("[data-status]").getAttribute("data-status");
    expect(["likely_lost", "at_risk"]).toContain(status);
    // The badge's words (Polaris adds its tone, "Critical", as hidden text for screen readers).
    await page.locator("[data-status]").getByText(status === "likely_lost" ? "Likely lost" : "At risk", { exact: true }).waitFor();
    const pAlive = (await page.locator("[data-fact=pAlive]").textContent())!;
    expect(pAlive).toMatch(/^(<1|\d{1,2})%$/);
    expect(Number(pAlive.replace(/[<%]/g, ""))).toBeLessThan(100);
    const pRepeat = (await page.locator("[data-fact=pRepeat90]").textContent())!;
    expect(await page.locator("[data-fact=confidence]").textContent()).toBe("Low");
    // The sentence prints the figures beside it, with the same rounding.
    const sentence = (await page.locator("[data-explanation]").textContent())!;
    expect(sentence).toContain(`a ${pAlive} chance they are still a customer`);
    expect(sentence).toContain(`buy again within 90 days ${pRepeat} of the time`);
    expect(sentence).toMatch(/^Bought once, \d+ days ago;/);
    await expectValueAddsUp(page);
    expect(await page.locator("[data-fact=averageDaysBetweenOrders]").textContent()).toBe("— (one order)");
    await expectHistoryAndShopifyLink(page, detail);
    await screenshot(page, "customer-lost");
    expect(page.errors).toEqual([]);
    expect(page.failed).toEqual([]);
    await page.close();

    // A repeat customer on a phone: the average gap between their orders, in whole days.
    const { customers: champions } = await api("/customers?segment=champions&limit=1");
    const repeat = await api(`/customers/${champions[0].id}`);
    expect(repeat.score.profile.averageDaysBetweenOrders).not.toBeNull();
    const phone = await open(`/customers/${champions[0].id}`, 390);
    await phone.locator("[data-explanation]").waitFor();
    expect(await phone.locator("[data-fact=averageDaysBetweenOrders]").textContent()).toBe(`${Math.round(repeat.score.profile.averageDaysBetweenOrders)} days`);
    await expectValueAddsUp(phone);
    await expectHistoryAndShopifyLink(phone, repeat);
    const card = await phone.locator("[data-fact=totalClv]").boundingBox();
    expect(card!.x + card!.width).toBeLessThanOrEqual(390);
    await screenshot(phone, "customer-profile");
    expect(phone.errors).toEqual([]);
    await phone.close();
  });

  /** Spent so far + predicted = total, to the cent, as the page prints them. */
  async function expectValueAddsUp(page: Page): Promise<void> {
    const cents = async (name: string) => {
      const text = (await page.locator(`[data-fact=${name}]`).textContent())!;
      expect(text).toMatch(/^\$[\d,]+\.\d\d$/);
      return Math.round(Number(text.replace(/[$,]/g, "")) * 100);
    };
    const [historic, predicted, total] = [await cents("historicClv"), await cents("predictedClv"), await cents("totalClv")];
    expect(historic + predicted).toBe(total);
    expect(historic).toBeGreaterThan(0);
  }

  async function expectHistoryAndShopifyLink(page: Page, detail: { customer: { shopifyAdminUrl: string }; history: unknown[] }): Promise<void> {
    const history = page.locator("[data-score-history]");
    await history.waitFor();
    await page.getByRole("heading", { name: "Score history" }).waitFor();
    const rows = history.locator("tbody tr");
    expect(await rows.count()).toBe(1 + detail.history.length);
    expect(await rows.first().textContent()).toContain("(now)");
    const link = page.getByRole("link", { name: "Open in Shopify admin" });
    expect(detail.customer.shopifyAdminUrl).toMatch(/^shopify:admin\/customers\/\d+$/);
    expect(await link.getAttribute("href")).toBe(detail.customer.shopifyAdminUrl);
  }

  it("customers: the total, and on a phone the score and the export on screen; the CSV is named by shop, date and filter", async () => {
    const total = (await api("/customers/count?segment=lover")).total;
    const page = await open("/customers", 390);
    await page.locator("[data-customer-name]").first().waitFor();
    await page.getByLabel("Segment").selectOption("lover");
    await page.waitForFunction((count) => document.querySelector("[data-customer-total]")?.getAttribute("data-customer-total") === String(count), total);
    expect(await page.locator("[data-customer-total]").textContent()).toBe(`${total.toLocaleString("en-US")} customers match`);
    const score = await page.locator("[data-p-repeat]").first().boundingBox();
    expect(score!.x + score!.width).toBeLessThanOrEqual(390);
    const exportButton = page.getByRole("button", { name: "Export CSV" });
    const button = await exportButton.boundingBox();
    expect(button!.x + button!.width).toBeLessThanOrEqual(390);
    await screenshot(page, "customers-phone");
    const [download] = await Promise.all([page.waitForEvent("download"), exportButton.click()]);
    expect(download.suggestedFilename()).toMatch(/^encore-demo-customers-\d{4}-\d{2}-\d{2}-lover\.csv$/);
    expect(page.errors).toEqual([]);
    expect(page.failed).toEqual([]);
    await page.close();
  });
});
