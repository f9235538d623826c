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
  /** The order subtotal the code needs, in `currency`; null when any order qualifies. */
  minimumSubtotal: number | null;
}

export type BannerData =
  | { show: false }
  | {
      show: true;
      firstName: string | null;
      code: string;
      amount: string;
      /** The minimum subtotal, formatted, or null. */
      minimum: string | null;
      /** The expiry date in the shop's time zone; the banner says "today, 14:56" itself when the code ends soon,
       * since only the shopper's browser knows the shopper's day and clock. */
      expiresOn: string | null;
      expiresAt: string | null;
    };

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
    minimum: coupon.minimumSubtotal === null ? null : formatMoney(coupon.minimumSubtotal, coupon.currency, input.locale),
    expiresOn: coupon.expiresAt ? dateFormat(input.locale, input.timeZone ?? "UTC").format(coupon.expiresAt) : null,
    expiresAt: coupon.expiresAt?.toISOString() ?? null,
  };
}

export function formatDiscount(coupon: Pick<BannerCoupon, "discountType" | "discountValue" | "currency">, locale: StorefrontLocale): string {
  if (coupon.discountType === "percentage") {
    return formatter(`percent|${locale}`, () => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 })).format(coupon.discountValue / 100);
  }
  return formatMoney(coupon.discountValue, coupon.currency, locale);
}

/** Whole amounts without cents ("$50"), others with two decimals ("€7.50"). */
function formatMoney(amount: number, currency: string, locale: StorefrontLocale): string {
  const whole = Number.isInteger(amount);
  const format = formatter(`money|${locale}|${currency}|${whole}`, () =>
    new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 }),
  );
  return format.format(amount);
}

function dateFormat(locale: StorefrontLocale, timeZone: string): Intl.DateTimeFormat {
  return formatter(`date|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone }));
}

/**
 * Intl formatters, built once per locale and currency: building one costs tens of microseconds, and the banner
 * is shaped on every storefront page view of a signed-in shopper. Bounded (the keys come from stored currencies).
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
const MAX_FORMATTERS = 500;

function formatter<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, build: () => T): T {
  let found = formatters.get(key) as T | undefined;
  if (!found) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    found = build();
    formatters.set(key, found);
  }
  return found;
}
