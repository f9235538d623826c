/**
 * What the returning-customer banner shows: the signed-in customer's first name and their best unused Encore
 * coupon (the one expiring first), amounts and dates formatted for the storefront's locale. The sentence
 * itself lives in the extension's locale files; this shapes the values that fill it.
 */
export interface BannerCoupon {
  code: string;
  discountType: "percentage" | "fixed_amount";
  /** Percent (15 = 15 %) or an amount in `currency`. */
  discountValue: number;
  currency: string;
  expiresAt: Date | null;
  redeemedAt: Date | null;
}

export type BannerData =
  | { show: false }
  | { show: true; firstName: string | null; code: string; amount: string; expiresOn: string | null; expiresAt: string | null };

/** Locales the extension ships; anything else falls back to English formatting. */
export const STOREFRONT_LOCALES = ["en", "ru", "kk", "et", "sl", "fa"] as const;
export type StorefrontLocale = (typeof STOREFRONT_LOCALES)[number];

export function storefrontLocale(value: string | undefined): StorefrontLocale {
  const language = (value ?? "").toLowerCase().split(/[-_]/)[0];
  return (STOREFRONT_LOCALES as readonly string[]).includes(language) ? (language as StorefrontLocale) : "en";
}

export function shapeBanner(input: {
  firstName: string | null;
  coupons: BannerCoupon[];
  now: Date;
  locale: StorefrontLocale;
  timeZone?: string;
}): BannerData {
  const usable = input.coupons
    .filter((coupon) => coupon.redeemedAt === null && (coupon.expiresAt === null || coupon.expiresAt > input.now))
    .sort((a, b) => (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity));
  const coupon = usable[0];
  if (!coupon) return { show: false };
  return {
    show: true,
    firstName: input.firstName?.trim() || null,
    code: coupon.code,
    amount: formatDiscount(coupon, input.locale),
    expiresOn: coupon.expiresAt
      ? new Intl.DateTimeFormat(input.locale, { dateStyle: "long", timeZone: input.timeZone ?? "UTC" }).format(coupon.expiresAt)
      : null,
    expiresAt: coupon.expiresAt?.toISOString() ?? null,
  };
}

export function formatDiscount(coupon: Pick<BannerCoupon, "discountType" | "discountValue" | "currency">, locale: StorefrontLocale): string {
  if (coupon.discountType === "percentage") {
    return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(coupon.discountValue / 100);
  }
  const whole = Number.isInteger(coupon.discountValue);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: coupon.currency,
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(coupon.discountValue);
}
