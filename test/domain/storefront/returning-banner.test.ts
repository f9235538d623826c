import { describe, expect, it } from "vitest";
import { formatDiscount, shapeBanner, storefrontLocale, type BannerCoupon } from "../../../app/domain/storefront/returning-banner";

const NOW = new Date("2026-05-01T12:00:00Z");
const coupon = (overrides: Partial<BannerCoupon>): BannerCoupon => ({
  code: "ENCORE-AAAA",
  discountType: "percentage",
  discountValue: 15,
  currency: "USD",
  expiresAt: new Date("2026-05-31T00:00:00Z"),
  redeemedAt: null,
  minimumSubtotal: null,
  ...overrides,
});

describe("shapeBanner", () => {
  it("shows the unused coupon expiring first, formatted for the locale", () => {
    const data = shapeBanner({
      firstName: " Ada ",
      now: NOW,
      locale: "en",
      coupons: [
        coupon({ code: "LATER", expiresAt: new Date("2026-06-30T00:00:00Z") }),
        coupon({ code: "SOONER", discountType: "fixed_amount", discountValue: 10, expiresAt: new Date("2026-05-20T00:00:00Z") }),
        coupon({ code: "USED", redeemedAt: new Date("2026-04-01T00:00:00Z"), expiresAt: new Date("2026-05-02T00:00:00Z") }),
        coupon({ code: "EXPIRED", expiresAt: new Date("2026-04-30T00:00:00Z") }),
      ],
    });
    expect(data).toEqual({ show: true, firstName: "Ada", code: "SOONER", amount: "$10", minimum: null, expiresOn: "May 20, 2026", expiresAt: "2026-05-20T00:00:00.000Z" });
  });

  it("states the minimum subtotal the code needs, in the shop's currency and the shopper's locale", () => {
    const en = shapeBanner({ firstName: null, now: NOW, locale: "en", coupons: [coupon({ minimumSubtotal: 50 })] });
    expect(en.show && en.minimum).toBe("$50");
    const et = shapeBanner({ firstName: null, now: NOW, locale: "et", coupons: [coupon({ minimumSubtotal: 49.5, currency: "EUR" })] });
    expect(et.show && et.minimum && et.minimum.replace(/\u00a0/g, " ")).toBe("49,50 €");
  });

  it("formats each locale, currency, precision and time zone its own way however they interleave", () => {
    // Formatters are reused across calls: each combination must still get its own.
    const shaped = (locale: "en" | "ru" | "et", overrides: Partial<BannerCoupon>, timeZone?: string) => {
      const data = shapeBanner({ firstName: null, now: NOW, locale, timeZone, coupons: [coupon({ discountType: "fixed_amount", ...overrides })] });
      return data.show ? [data.amount, data.expiresOn].map((text) => text?.replace(/\u00a0/g, " ")) : null;
    };
    for (let round = 0; round < 2; round++) {
      expect(shaped("en", { discountValue: 10 })).toEqual(["$10", "May 31, 2026"]);
      expect(shaped("en", { discountValue: 10.5 })).toEqual(["$10.50", "May 31, 2026"]);
      expect(shaped("en", { discountValue: 10, currency: "EUR" })).toEqual(["€10", "May 31, 2026"]);
      expect(shaped("et", { discountValue: 10, currency: "EUR" })).toEqual(["10 €", "31. mai 2026"]);
      expect(shaped("en", { discountValue: 10 }, "America/Los_Angeles")).toEqual(["$10", "May 30, 2026"]);
      expect(shaped("ru", { discountType: "percentage", discountValue: 15 })?.[0]).toBe("15 %");
      expect(shaped("en", { discountType: "percentage", discountValue: 15 })?.[0]).toBe("15%");
    }
  });

  it("shows nothing without a usable coupon", () => {
    expect(shapeBanner({ firstName: "Ada", now: NOW, locale: "en", coupons: [] })).toEqual({ show: false });
    expect(shapeBanner({ firstName: "Ada", now: NOW, locale: "en", coupons: [coupon({ expiresAt: NOW })] })).toEqual({ show: false });
  });

  it("formats in Persian digits for fa", () => {
    const data = shapeBanner({ firstName: null, now: NOW, locale: "fa", coupons: [coupon({})] });
    expect(data.show && data.amount).toMatch(/۱۵/);
    expect(data.show && data.firstName).toBeNull();
  });
});

describe("formatDiscount and storefrontLocale", () => {
  it.each([
    [{ discountType: "percentage", discountValue: 12.5, currency: "EUR" }, "en", "12.5%"],
    [{ discountType: "fixed_amount", discountValue: 7.5, currency: "EUR" }, "en", "€7.50"],
    [{ discountType: "fixed_amount", discountValue: 20, currency: "EUR" }, "et", "20 €"],
  ] as const)("%j in %s → %s", (input, locale, expected) => {
    expect(formatDiscount(input, locale).replace(/\u00a0/g, " ")).toBe(expected);
  });

  it.each([["ru-RU", "ru"], ["pt-BR", "en"], [undefined, "en"], ["FA", "fa"]])("%s → %s", (input, expected) => {
    expect(storefrontLocale(input)).toBe(expected);
  });
});
