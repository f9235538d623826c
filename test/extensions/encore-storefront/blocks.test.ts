import { describe, expect, it } from "vitest";
import { StorefrontLiquidRenderer, type StorefrontLiquidContext } from "../../../app/infra/storefront/liquid-renderer";

const renderer = new StorefrontLiquidRenderer({ assetBaseUrl: "https://cdn.shopify.com/extensions/encore/assets" });

const shop = { name: "Northwind Goods", permanent_domain: "northwind.myshopify.com", currency: "EUR" };
const cart = {
  item_count: 2,
  total_price: 5400,
  currency: { iso_code: "EUR" },
  items: [{ title: "Wool socks", quantity: 2, final_line_price: 5400 }],
};
const signedIn = {
  id: 7204512096,
  first_name: "Ada",
  last_name: "Lovelace",
  email: "ada@example.com",
  accepts_marketing: false,
  metafields: {},
} satisfies NonNullable<StorefrontLiquidContext["customer"]>;

// Attribute lookups by pattern: enough for these assertions without a DOM library (the browser tests use Chromium).
function attributes(html: string, tag: string): Record<string, string> {
  const open = new RegExp(`<${tag}\\b([^>]*)>`).exec(html)?.[1] ?? "";
  return Object.fromEntries([...open.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((match) => [match[1], match[2] ?? ""]));
}

describe("cart guest-checkout nudge", () => {
  it("reassures a signed-out shopper and offers sign-in in a reserved line", async () => {
    const html = await renderer.renderBlock("cart-nudge", { locale: "en", customer: null, cart, shop, blockId: "AbC123" });
    expect(html).toContain("No account needed — check out as a guest");
    expect(attributes(html, "encore-cart-nudge")).toMatchObject({ id: "encore-nudge-AbC123", dir: "ltr" });
    expect(html).toContain('href="/account/login?checkout_url=%2Fcheckout"');
    expect(html).toMatch(/<span data-returning hidden>Welcome back — sign in to use your coupon<\/span>/);
    expect(html).toContain('<script src="https://cdn.shopify.com/extensions/encore/assets/encore-cart-nudge.js" defer></script>');
    expect(html).toContain("#encore-nudge-AbC123 {");
  });

  it("tells only signed-out shoppers about guest checkout: a signed-in customer gets nothing, not even a script", async () => {
    const html = await renderer.renderBlock("cart-nudge", { locale: "en", customer: signedIn, cart, shop });
    expect(html.trim()).toBe("");
  });

  it("uses the merchant's text overrides, escaped, and can be hidden", async () => {
    const custom = await renderer.renderBlock("cart-nudge", { locale: "en", cart, shop, settings: { heading: "Guests <welcome>", show_sign_in: false } });
    expect(custom).toContain("Guests &lt;welcome&gt;");
    expect(custom).not.toContain("account/login");
    const hidden = await renderer.renderBlock("cart-nudge", { locale: "en", cart, shop, settings: { show: false } });
    expect(hidden.trim()).toBe("");
  });

  it("renders right-to-left in Persian", async () => {
    const html = await renderer.renderBlock("cart-nudge", { locale: "fa", cart, shop });
    expect(attributes(html, "encore-cart-nudge").dir).toBe("rtl");
    expect(html).toContain("نیازی به حساب کاربری نیست");
  });
});

describe("returning-customer banner (app embed)", () => {
  it("renders nothing at all for a signed-out shopper", async () => {
    expect((await renderer.renderBlock("returning-banner", { locale: "en", customer: null, shop })).trim()).toBe("");
  });

  it("renders a hidden, fixed placeholder for a signed-in customer that asks the app proxy", async () => {
    const html = await renderer.renderBlock("returning-banner", { locale: "ru", customer: { ...signedIn, first_name: "Ада <script>" }, shop, blockId: "emb1" });
    const banner = attributes(html, "encore-banner");
    expect(banner).toMatchObject({ id: "encore-banner-emb1", "data-src": "/apps/encore/banner?locale=ru", role: "region", hidden: "" });
    expect(banner["data-text"]).toBe("С возвращением, Ада &lt;script&gt;! Ваш код {code} на {amount} действует {date}");
    expect(banner).toMatchObject({
      lang: "ru",
      "data-on": "до {date}",
      "data-today": "сегодня до {time}",
      "data-tomorrow": "завтра до {time}",
      "data-minimum": "При заказе от {amount}.",
      "data-discount-url": "/discount/",
    });
    expect(html).toMatch(/<a class="encore-banner__apply" data-apply>Применить<\/a>/);
    expect(html).toContain("position: fixed");
    expect(html).toContain("encore-banner.js\" defer");
  });

  it("greets without a name when the shop has none", async () => {
    const html = await renderer.renderBlock("returning-banner", { locale: "en", customer: { ...signedIn, first_name: null }, shop });
    expect(attributes(html, "encore-banner")["data-text"]).toBe("Welcome back — your {amount} code {code} expires {date}");
  });
});

describe("simplified sign-up form", () => {
  it("states the benefits first, then asks a signed-out shopper for email, consent and an optional birthday", async () => {
    const html = await renderer.renderBlock("signup-form", { locale: "en", customer: null, shop, blockId: "f1" });
    const benefits = html.indexOf("Members-only discounts");
    expect(benefits).toBeGreaterThan(-1);
    expect(benefits).toBeLessThan(html.indexOf("<form"));
    expect(html).toContain("A gift on your birthday");
    const email = attributes(html, "input");
    expect(email).toMatchObject({ id: "encore-signup-f1-email", type: "email", autocomplete: "email", inputmode: "email", required: "", "aria-describedby": "encore-signup-f1-email-error" });
    expect(html).toContain('<label for="encore-signup-f1-email">Email</label>');
    expect(html).toMatch(/type="date"\s+autocomplete="bday"/);
    expect(html).toMatch(/name="marketingConsent"\s+type="checkbox"/);
    expect(html).toContain('role="status" aria-live="polite"');
    expect(html).not.toMatch(/name="(first_name|last_name|name|address|phone)"/);
  });

  it("never asks a signed-in customer for their email", async () => {
    const html = await renderer.renderBlock("signup-form", { locale: "en", customer: signedIn, shop });
    expect(html).not.toContain('type="email"');
    expect(html).toContain("You're signed in, so we'll use the email on your account.");
    expect(html).toContain('name="birthday"');
  });

  it("does not ask for a birthday the shop already has, and says so when nothing is left to ask", async () => {
    const known = { ...signedIn, metafields: { facts: { birth_date: { value: "1990-07-04" } } } };
    const consentOnly = await renderer.renderBlock("signup-form", { locale: "en", customer: known, shop });
    expect(consentOnly).not.toContain('name="birthday"');
    expect(consentOnly).toContain('name="marketingConsent"');
    const done = await renderer.renderBlock("signup-form", { locale: "en", customer: { ...known, accepts_marketing: true }, shop });
    expect(done).not.toContain("<form");
    expect(done).toContain("You're subscribed. Thank you!");
  });

  it("honours the merchant's settings", async () => {
    const html = await renderer.renderBlock("signup-form", { locale: "en", shop, settings: { heading: "Our club", ask_birthday: false, show_birthday_gift: false } });
    expect(html).toContain("Our club");
    expect(html).not.toContain('name="birthday"');
    expect(html).not.toContain("A gift on your birthday");
  });

  it.each(["ru", "kk", "et", "sl", "fa"])("is fully translated in %s", async (locale) => {
    const html = await renderer.renderBlock("signup-form", { locale, shop });
    expect(html).not.toContain("translation missing");
    expect(html).not.toContain("Members-only discounts");
    expect(attributes(html, "encore-signup").dir).toBe(locale === "fa" ? "rtl" : "ltr");
  });
});
