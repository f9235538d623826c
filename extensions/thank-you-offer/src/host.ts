import type { BlockHost } from "./offer-block";
import type { Buyer } from "./thank-you-logic";
import { APP_URL } from "./app-url";

/** The parts of the `shopify` global both targets share (StandardApi of checkout and customer accounts). */
export interface SharedShopifyApi {
  sessionToken: { get(): Promise<string> };
  localization: { extensionLanguage: { value: { isoCode: string } } };
  storage: { read<T = unknown>(key: string): Promise<T | null>; write(key: string, data: unknown): Promise<void> };
  i18n: {
    translate(key: string, options?: Record<string, string | number>): string | unknown[];
    formatCurrency(number: number | bigint, options?: { currency?: string }): string;
    formatDate(date: Date, options?: { dateStyle?: "long" | "medium" }): string;
  };
}

export function blockHost(api: SharedShopifyApi, orderId: string | null, buyer: Buyer): BlockHost {
  return {
    orderId,
    buyer,
    locale: api.localization.extensionLanguage.value?.isoCode ?? null,
    backend: { appUrl: APP_URL, getToken: () => api.sessionToken.get(), fetch: (url, init) => fetch(url, init) },
    format: {
      translate: (key, replacements) => String(api.i18n.translate(key, replacements)),
      formatCurrency: (amount, currency) => api.i18n.formatCurrency(amount, { currency }),
      formatDate: (date) => api.i18n.formatDate(date, { dateStyle: "long" }),
    },
    storage: api.storage,
  };
}
