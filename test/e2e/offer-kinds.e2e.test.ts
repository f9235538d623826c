import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ARTIFACTS, useDemoAppAndBrowser } from "../support/demo-browser";

interface ApiOffer {
  id: string;
  name: string;
  kind: string;
  leadDays: number | null;
  seasonalWindows: { from: string; to: string }[];
  targetingMode: string;
  targeting: Record<string, unknown>;
  orderScope: string;
}

/**
 * Issue 16 items 3-4 in Chromium against the demo shop: a birthday offer with its lead and a seasonal window
 * across the new year, the demo's win-back offer in the list with its kind and results, an automatic offer's
 * per-band decisions with their reasons, and the form on a phone.
 */
describe("Offer kinds, seasonal windows and automatic targeting in Chromium (demo mode)", () => {
  const { open, api } = useDemoAppAndBrowser();

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: path.join(ARTIFACTS, `admin-offer-kinds-${name}-${page.viewportSize()!.width}.png`), fullPage: true });
  }

  /** Polaris draws its own radio over the native one, so the choice is made on its label, as a merchant does. */
  async function choose(page: Page, name: string): Promise<void> {
    const radio = page.getByRole("radio", { name, exact: true });
    await page.locator("label").filter({ has: radio }).click();
    await expect(radio.isChecked()).resolves.toBe(true);
  }

  const offerNamed = async (name: string): Promise<ApiOffer> => (await api("/offers")).offers.find((offer: ApiOffer) => offer.name === name);

  it("a birthday offer: lead days and a window from 20 November to 10 January are saved, and shown again after a reload", async () => {
    const page = await open("/offers/new");
    await page.getByRole("heading", { name: "New offer" }).waitFor();
    // Next purchase by default, with its order scope; birthday swaps it for the lead.
    await expect(page.getByRole("radio", { name: "Next purchase (thank-you page)" }).isChecked()).resolves.toBe(true);
    await page.getByLabel("Issue after").waitFor();
    await choose(page, "Birthday");
    await expect(page.getByLabel("Issue after").count()).resolves.toBe(0);
    await page.getByText("Birthday codes are valid from when they are sent until 7 days after the birthday.").waitFor();
    await page.getByLabel("Name").fill("Winter birthdays");

    // A lead past the limit is flagged as typed, in plain words, on the lead's own field.
    await page.getByLabel("Days before the birthday").fill("61");
    await page.getByText("Enter the days before the birthday as a whole number from 0 to 60").waitFor({ timeout: 2_000 });
    await page.getByLabel("Days before the birthday").fill("10");
    await expect(page.getByText("Enter the days before the birthday as a whole number from 0 to 60").count()).resolves.toBe(0);

    await page.locator("[data-seasons-all-year]").waitFor();
    await page.getByRole("button", { name: "Add date range" }).click();
    await page.getByLabel("From (month)").selectOption("11");
    await page.getByLabel("From (day)").selectOption("20");
    await page.getByLabel("To (month)").selectOption("01");
    await page.getByLabel("To (day)").selectOption("10");
    expect(await page.locator("[data-season-summary]").textContent()).toBe("November 20 to January 10, every year (runs into the next year)");
    await screenshot(page, "birthday-form");

    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Offer saved").waitFor();
    await page.getByRole("heading", { name: "Offers", level: 1 }).waitFor();
    const saved = await offerNamed("Winter birthdays");
    expect(saved).toMatchObject({ kind: "birthday", leadDays: 10, seasonalWindows: [{ from: "11-20", to: "01-10" }], orderScope: "any_order", targetingMode: "manual" });
    // In the list: its kind, and what sets it off.
    const row = page.locator("tr", { has: page.getByText("Winter birthdays", { exact: true }) });
    expect(await row.locator("[data-offer-kind]").getAttribute("data-offer-kind")).toBe("birthday");
    await row.getByText("10 days before the birthday").waitFor();
    await row.getByText("Only Nov 20–Jan 10").waitFor();
    expect(page.errors).toEqual([]);
    expect(page.failed).toEqual([]);
    await page.close();

    const edit = await open(`/offers/${saved.id}`);
    await edit.getByLabel("Days before the birthday").waitFor();
    await expect(edit.getByLabel("Days before the birthday").inputValue()).resolves.toBe("10");
    // The kind is fixed after creation: said in words, with no choice to make.
    expect(await edit.locator("[data-offer-kind-fixed]").textContent()).toBe("Birthday");
    await expect(edit.getByRole("radio", { name: "Birthday", exact: true }).count()).resolves.toBe(0);
    await edit.getByText("The kind is fixed once an offer is created").waitFor();
    expect(await edit.locator("[data-offer-kind]").first().getAttribute("data-offer-kind")).toBe("birthday");
    await expect(edit.getByLabel("From (month)").inputValue()).resolves.toBe("11");
    await expect(edit.getByLabel("From (day)").inputValue()).resolves.toBe("20");
    await expect(edit.getByLabel("To (month)").inputValue()).resolves.toBe("01");
    await expect(edit.getByLabel("To (day)").inputValue()).resolves.toBe("10");
    expect(await edit.locator("[data-season-summary]").textContent()).toContain("runs into the next year");
    await screenshot(edit, "birthday-saved");
    expect(edit.errors).toEqual([]);
    expect(edit.failed).toEqual([]);
    await edit.close();
  });

  it("the demo's win-back offer is listed with its kind and results (issued vs control, redeemed, revenue), also under its own tab", async () => {
    const { currency, offers: results } = await api("/offers/performance");
    const { offers } = await api("/offers");
    const winBack = offers.find((offer: ApiOffer) => offer.kind === "win_back");
    const result = results.find((row: { offerId: string }) => row.offerId === winBack.id);
    expect(result).toMatchObject({ kind: "win_back" });
    expect(result.issued).toBeGreaterThan(0);
    expect(result.controlGroup).toBeGreaterThan(0);
    expect(result.redeemed).toBeGreaterThan(0);
    expect(result.attributedRevenue).toBeGreaterThan(0);

    const page = await open("/offers");
    const row = page.locator("tr", { has: page.getByText(winBack.name, { exact: true }) });
    await row.locator("[data-result=issued]").waitFor();
    expect(await row.locator("[data-offer-kind]").getAttribute("data-offer-kind")).toBe("win_back");
    await row.getByText("When a customer becomes at risk").waitFor();
    expect(await row.locator("[data-result=issued]").textContent()).toBe(result.issued.toLocaleString("en-US"));
    expect(await row.locator("[data-result=redeemed]").textContent()).toBe(result.redeemed.toLocaleString("en-US"));
    const money = new Intl.NumberFormat("en-US", { style: "currency", currency }).format(result.attributedRevenue);
    expect(await row.locator("[data-result=revenue]").textContent()).toBe(money);
    expect(await row.locator("[data-verdict]").getAttribute("data-verdict")).toBe(result.verdict.verdict);

    // The Win-back tab lists only win-back offers.
    const winBacks = offers.filter((offer: ApiOffer) => offer.kind === "win_back");
    await page.getByRole("tab", { name: `Win-back (${winBacks.length})` }).click();
    await expect(page.locator("[data-offer-name]").allTextContents()).resolves.toEqual(winBacks.map((offer: ApiOffer) => offer.name));
    await screenshot(page, "list-win-back");
    await page.getByRole("tab", { name: /^All/ }).click();
    await expect(page.locator("[data-offer-name]").count()).resolves.toBe(offers.length);
    await screenshot(page, "list");
    expect(page.errors).toEqual([]);
    expect(page.failed).toEqual([]);
    await page.close();

    // Its own page: the same performance view, issued vs control.
    const detail = await open(`/offers/${winBack.id}`);
    await detail.locator("[data-measured-note]").waitFor();
    expect(await detail.locator("[data-offer-kind]").first().getAttribute("data-offer-kind")).toBe("win_back");
    expect(await detail.locator("[data-repeat-group=issued]").textContent()).toContain(`of ${result.repeat.issued.customers.toLocaleString("en-US")} came back`);
    expect(await detail.locator("[data-repeat-group=control]").textContent()).toContain(`of ${result.repeat.control.customers.toLocaleString("en-US")} came back`);
    expect(await detail.locator("[data-measured-note]").textContent()).toContain(`of the ${result.issued.toLocaleString("en-US")} codes issued; the rest are more recent`);
    // Not a next-purchase offer: no order scope to choose.
    await expect(detail.getByLabel("Issue after").count()).resolves.toBe(0);
    await screenshot(detail, "win-back-detail");
    expect(detail.errors).toEqual([]);
    expect(detail.failed).toEqual([]);
    await detail.close();
  });

  it("automatic targeting: the P(repeat) limits give way to one sentence, and the saved offer shows each band's decision and why", async () => {
    const page = await open("/offers/new");
    await page.getByRole("heading", { name: "New offer" }).waitFor();
    await choose(page, "Win-back (when a customer becomes at risk)");
    await page.getByLabel("Name").fill("Win-back, automatic");
    await page.getByLabel("Minimum P(repeat in 90 days) (%)").fill("40");
    await choose(page, "Automatic by score band");
    await expect(page.getByLabel("Minimum P(repeat in 90 days) (%)").count()).resolves.toBe(0);
    await page.getByText("Encore offers the code only in the P(repeat) bands where this offer's own results show").waitFor();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Offer saved").waitFor();
    const saved = await offerNamed("Win-back, automatic");
    // The hidden limit is not sent: automatic targeting chooses the ranges itself.
    expect(saved).toMatchObject({ kind: "win_back", targetingMode: "auto", targeting: {}, leadDays: null, orderScope: "any_order" });
    await page.close();

    const bands = await api(`/offers/${saved.id}/auto-bands`);
    expect(bands.bands).toHaveLength(5);
    const detail = await open(`/offers/${saved.id}`);
    await detail.getByRole("heading", { name: "Automatic incentive by score band" }).waitFor();
    await detail.locator("[data-auto-band]").first().waitFor();
    const shown = await detail.$$eval("[data-auto-band]", (nodes) =>
      nodes.map((node) => [node.getAttribute("data-auto-band"), node.getAttribute("data-auto-decision"), node.querySelector("[data-auto-reason]")?.textContent ?? ""]),
    );
    const headlines: Record<string, string> = { give: "Give the code", withhold: "Withhold the code", learning: "Learning" };
    expect(shown).toEqual(
      bands.bands.map((band: { bandId: string; decision: string; reason: string }) => [band.bandId, band.decision, band.reason.replace(`${headlines[band.decision]}. `, "")]),
    );
    // A new offer has no history yet: every band learns, and says what it is waiting for.
    for (const [, decision, reason] of shown) {
      expect(decision).toBe("learning");
      expect(reason).toMatch(/^0 customers with the code and 0 without have been measured; 100 of each are needed to decide\./);
    }
    await detail.locator("[data-auto-band=p0-5]").getByText("Learning", { exact: true }).waitFor();
    await detail.getByText("P(repeat) 35–100 %").waitFor();
    await expect(detail.getByRole("radio", { name: "Automatic by score band" }).isChecked()).resolves.toBe(true);
    await screenshot(detail, "auto-bands");
    expect(detail.errors).toEqual([]);
    expect(detail.failed).toEqual([]);
    await detail.close();

    // A manual offer has no band card.
    const manual = (await api("/offers")).offers.find((offer: ApiOffer) => offer.targetingMode === "manual");
    const other = await open(`/offers/${manual.id}`);
    await other.locator("[data-measured-note]").waitFor();
    await expect(other.locator("[data-auto-bands]").count()).resolves.toBe(0);
    await other.close();
  });

  it("the form on a phone (390 px): kind, lead, date ranges and targeting fit the screen", async () => {
    const page = await open("/offers/new", 390);
    await page.getByRole("heading", { name: "New offer" }).waitFor();
    await choose(page, "Birthday");
    await page.getByRole("button", { name: "Add date range" }).click();
    await page.getByLabel("From (month)").selectOption("11");
    await page.getByLabel("From (day)").selectOption("20");
    await page.getByLabel("To (month)").selectOption("01");
    await page.getByLabel("To (day)").selectOption("10");
    await choose(page, "Automatic by score band");
    for (const label of ["Days before the birthday", "From (month)", "From (day)", "To (month)", "To (day)"]) {
      const box = await page.getByLabel(label).boundingBox();
      expect(box, label).not.toBeNull();
      expect(box!.x, label).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, label).toBeLessThanOrEqual(390);
    }
    const remove = await page.getByRole("button", { name: "Remove date range 1" }).boundingBox();
    expect(remove!.x + remove!.width).toBeLessThanOrEqual(390);
    // Nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "form-phone");
    // The date range up close: the full page is long on a phone.
    await page.locator("[data-season]").first().screenshot({ path: path.join(ARTIFACTS, "admin-offer-kinds-form-phone-range-390.png") });
    // Removing the range leaves the offer all year.
    await page.getByRole("button", { name: "Remove date range 1" }).click();
    await page.locator("[data-seasons-all-year]").waitFor();
    expect(page.errors).toEqual([]);
    expect(page.failed).toEqual([]);
    await page.close();
  });
});
