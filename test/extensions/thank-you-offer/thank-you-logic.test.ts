import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  couponLines,
  fetchThankYouContent,
  inviteText,
  isolate,
  longDate,
  submitSurveyAnswer,
  thankYouUrl,
  type Fetch,
  type Formatters,
} from "../../../extensions/thank-you-offer/src/thank-you-logic";

const LOCALES = path.resolve(import.meta.dirname, "../../../extensions/thank-you-offer/locales");
const english = JSON.parse(readFileSync(path.join(LOCALES, "en.default.json"), "utf8"));
const translate = (key: string, replacements: Record<string, string | number> = {}) =>
  String(key.split(".").reduce((node: any, part) => node?.[part], english)).replace(/\{\{(\w+)\}\}/g, (_m, name) => String(replacements[name]));
const format: Formatters = {
  translate,
  formatCurrency: (amount, currency) => new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount),
  formatDate: (date) => date.toISOString().slice(0, 10),
};
const ready = { status: "ready", orderId: "gid://shopify/Order/1", coupon: null, crossSell: null, survey: null, accountInvite: null };

function fakeFetch(answers: Array<{ status: number; body?: unknown } | Error>) {
  const calls: { url: string; init?: Parameters<Fetch>[1] }[] = [];
  const fetch: Fetch = async (url, init) => {
    calls.push({ url, init });
    const answer = answers.shift()!;
    if (answer instanceof Error) throw answer;
    return { ok: answer.status < 400, status: answer.status, json: async () => answer.body };
  };
  return { fetch, calls };
}

describe("thank-you extension logic", () => {
  it("builds the backend URL with the order id encoded", () => {
    expect(thankYouUrl("https://encore.example/", "gid://shopify/Order/1")).toBe("https://encore.example/api/extension/thank-you?orderId=gid%3A%2F%2Fshopify%2FOrder%2F1");
    expect(thankYouUrl("", "gid://shopify/Order/1")).toMatch(/^\/api\/extension\/thank-you\?/);
    expect(thankYouUrl("", "gid://shopify/Order/1", "pt-BR")).toBe("/api/extension/thank-you?orderId=gid%3A%2F%2Fshopify%2FOrder%2F1&locale=pt-BR");
  });

  it("writes the date from its own translations when the browser's ICU has no month names (Chromium's Kazakh)", () => {
    const kk = JSON.parse(readFileSync(path.join(LOCALES, "kk.json"), "utf8"));
    const kkTranslate = (key: string, replacements: Record<string, string | number> = {}) =>
      String(key.split(".").reduce((node: any, part) => node?.[part], kk)).replace(/\{\{(\w+)\}\}/g, (_m, name) => String(replacements[name]));
    const date = new Date(2027, 0, 9, 12);
    expect(longDate(date, { translate: kkTranslate, formatDate: () => "2027 M01 9" })).toBe("2027 ж. 9 қаңтар");
    expect(longDate(date, { translate: kkTranslate, formatDate: () => "2027 ж. 9 қаңтар" })).toBe("2027 ж. 9 қаңтар");
    expect(longDate(date, { translate, formatDate: () => "January 9, 2027" })).toBe("January 9, 2027");
    expect(longDate(new Date(2027, 11, 31), { translate, formatDate: () => "2027 M12 31" })).toBe("December 31, 2027");
  });

  it("isolates merchant text so its punctuation stays where its own direction puts it", () => {
    expect(isolate("How did you hear about us?")).toBe("\u2068How did you hear about us?\u2069");
  });

  it("sends the session token and retries while the order is pending", async () => {
    const { fetch, calls } = fakeFetch([{ status: 200, body: { status: "pending", retryAfterMs: 10 } }, { status: 200, body: ready }]);
    const sleeps: number[] = [];
    const content = await fetchThankYouContent({ appUrl: "", orderId: "gid://shopify/Order/1", getToken: async () => "jwt", fetch, sleep: async (ms) => void sleeps.push(ms) });
    expect(content).toEqual(ready);
    expect(calls).toHaveLength(2);
    expect(calls[0].init?.headers).toEqual({ Authorization: "Bearer jwt" });
    expect(sleeps).toEqual([10]);
  });

  it.each([
    ["a 401", [{ status: 401 }]],
    ["a network error", [new Error("offline")]],
    ["pending forever", Array.from({ length: 4 }, () => ({ status: 200, body: { status: "pending", retryAfterMs: 1 } }))],
  ])("renders nothing after %s", async (_name, answers) => {
    const { fetch } = fakeFetch(answers as never);
    expect(await fetchThankYouContent({ appUrl: "", orderId: "o", getToken: async () => "t", fetch, sleep: async () => {} })).toBeNull();
  });

  it("posts a survey answer as JSON", async () => {
    const { fetch, calls } = fakeFetch([{ status: 201, body: { stored: true } }]);
    expect(await submitSurveyAnswer({ appUrl: "https://e.example", orderId: "gid://shopify/Order/1", answer: "Podcast", getToken: async () => "t", fetch })).toBe(true);
    expect(calls[0]).toMatchObject({ url: "https://e.example/api/extension/survey", init: { method: "POST", body: '{"orderId":"gid://shopify/Order/1","answer":"Podcast"}' } });
  });

  it.each([
    [{ type: "percentage" as const, percentage: 15 }, null, "15% off your next order", null],
    [{ type: "fixed_amount" as const, amount: { amount: "10.00", currencyCode: "EUR" } }, { amount: "50.00", currencyCode: "EUR" }, "€10.00 off your next order", "On orders of €50.00 or more"],
  ])("describes the coupon %#", (discount, minimumSubtotal, headline, minimum) => {
    const lines = couponLines({ code: "ABCDEFGHJK23", expiresAt: "2026-12-01T10:00:00Z", discount, minimumSubtotal }, format);
    expect(lines).toEqual({ headline, expiry: "Valid until 2026-12-01", minimum });
  });

  it("prefills the invitation from the buyer and asks for nothing", () => {
    expect(inviteText({ firstName: "Sam", email: "sam@example.com" }, translate)).toEqual({
      heading: "Sam, save your details for next time",
      body: "Create an account with sam@example.com to track this order and check out faster.",
    });
    expect(inviteText({ firstName: null, email: null }, translate).heading).toBe("Save your details for next time");
  });

  it("every locale has exactly the default locale's keys", () => {
    const keys = (node: object, prefix = ""): string[] =>
      Object.entries(node).flatMap(([key, value]) => (typeof value === "object" ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`])).sort();
    const files = readdirSync(LOCALES);
    expect(files.sort()).toEqual(["en.default.json", "et.json", "fa.json", "kk.json", "ru.json", "sl.json"]);
    for (const file of files) expect(keys(JSON.parse(readFileSync(path.join(LOCALES, file), "utf8")))).toEqual(keys(english));
  });
});
