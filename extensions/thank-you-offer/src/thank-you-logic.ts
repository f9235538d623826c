/**
 * The extension's logic as plain functions (no Preact, no `shopify` global), tested directly in
 * test/extensions/thank-you-offer/thank-you-logic.test.ts.
 */

export interface Money {
  amount: string;
  currencyCode: string;
}

export interface Coupon {
  code: string;
  expiresAt: string;
  discount: { type: "percentage"; percentage: number } | { type: "fixed_amount"; amount: Money };
  minimumSubtotal: Money | null;
}

export interface ThankYouContent {
  status: "ready";
  orderId: string;
  coupon: Coupon | null;
  crossSell: { productId: string; title: string; url: string; imageUrl: string | null; price: Money } | null;
  /** In the buyer's language; an option's `value` is what is sent back when it is tapped. */
  survey: { question: string; options: { value: string; label: string }[]; answered: boolean } | null;
  accountInvite: { url: string } | null;
}

interface PendingContent {
  status: "pending";
  retryAfterMs: number;
}

export type Fetch = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

export interface BackendOptions {
  appUrl: string;
  getToken: () => Promise<string>;
  fetch: Fetch;
  sleep?: (ms: number) => Promise<void>;
}

export function thankYouUrl(appUrl: string, orderId: string, locale?: string): string {
  const language = locale ? `&locale=${encodeURIComponent(locale)}` : "";
  return `${appUrl.replace(/\/$/, "")}/api/extension/thank-you?orderId=${encodeURIComponent(orderId)}${language}`;
}

/**
 * Asks Encore what to show for the order. The order may not have reached Encore yet (the orders/create
 * webhook can trail the thank-you page by a few seconds): "pending" answers are retried a few times.
 * Any failure resolves to null, so the block renders nothing rather than an error in the shopper's checkout.
 */
export async function fetchThankYouContent(options: BackendOptions & { orderId: string; locale?: string; maxAttempts?: number }): Promise<ThankYouContent | null> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const attempts = options.maxAttempts ?? 4;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await options.fetch(thankYouUrl(options.appUrl, options.orderId, options.locale), {
        headers: { Authorization: `Bearer ${await options.getToken()}` },
      });
      if (!response.ok) return null;
      const body = (await response.json()) as ThankYouContent | PendingContent;
      if (body.status === "ready") return body;
      if (attempt < attempts) await sleep(Math.min(body.retryAfterMs ?? 2000, 5000));
    } catch {
      return null;
    }
  }
  return null;
}

export async function submitSurveyAnswer(options: BackendOptions & { orderId: string; answer: string }): Promise<boolean> {
  try {
    const response = await options.fetch(`${options.appUrl.replace(/\/$/, "")}/api/extension/survey`, {
      method: "POST",
      headers: { Authorization: `Bearer ${await options.getToken()}`, "Content-Type": "application/json" },
      body: JSON.stringify({ orderId: options.orderId, answer: options.answer }),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** Answers are remembered per order in the extension's storage, so the order status page does not ask again. */
export function surveyStorageKey(orderId: string): string {
  return `encore:survey:${orderId}`;
}

export type Translate = (key: string, replacements?: Record<string, string | number>) => string;

export interface Formatters {
  translate: Translate;
  formatCurrency(amount: number, currencyCode: string): string;
  formatDate(date: Date): string;
}

/** The coupon's lines, in reading order: what it gives, its code, until when, from which order size. */
export function couponLines(coupon: Coupon, format: Formatters): { headline: string; expiry: string; minimum: string | null } {
  const headline =
    coupon.discount.type === "percentage"
      ? format.translate("coupon.percentage", { percentage: coupon.discount.percentage })
      : format.translate("coupon.amount", { amount: formatMoney(coupon.discount.amount, format) });
  return {
    headline,
    expiry: format.translate("coupon.expires", { date: longDate(new Date(coupon.expiresAt), format) }),
    minimum: coupon.minimumSubtotal ? format.translate("coupon.minimum", { amount: formatMoney(coupon.minimumSubtotal, format) }) : null,
  };
}

/**
 * The host's long date, unless the browser's ICU has no month names for the language (Chromium has none for
 * Kazakh and prints "2027 M01 9"): then the date is built from the extension's own translations.
 */
export function longDate(date: Date, format: Pick<Formatters, "formatDate" | "translate">): string {
  const formatted = format.formatDate(date);
  if (!/\bM\d{2}\b/.test(formatted)) return formatted;
  const month = format.translate(`date.months.m${date.getMonth() + 1}`);
  return format.translate("date.long", { day: date.getDate(), month, year: date.getFullYear() });
}

/**
 * Merchant text (a survey question, an answer) shown inside a page of either direction: isolated, so its own
 * direction decides where its punctuation goes ("How did you hear about us?" keeps its "?" at the end in a
 * right-to-left page instead of reading "?How did you hear about us").
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

export function formatMoney(money: Money, format: Pick<Formatters, "formatCurrency">): string {
  return format.formatCurrency(Number(money.amount), money.currencyCode);
}

export interface Buyer {
  firstName: string | null;
  email: string | null;
}

/**
 * The guest invitation, prefilled from what the shopper already gave at checkout: it names them and shows
 * the email the account will use, and asks for nothing.
 */
export function inviteText(buyer: Buyer, translate: Translate): { heading: string; body: string } {
  const heading = buyer.firstName ? translate("invite.headingNamed", { name: buyer.firstName }) : translate("invite.heading");
  const body = buyer.email ? translate("invite.bodyWithEmail", { email: buyer.email }) : translate("invite.body");
  return { heading, body };
}
