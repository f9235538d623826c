/** The preview page: the stand-in components and the host first, then the real extension bundle. */
export interface PreviewPageData {
  target: string;
  apiVersion: string;
  shopDomain: string;
  shopName: string;
  orderId: string;
  orderNumber: string;
  isFirstOrder: boolean;
  currency: string;
  locale: string;
  buyer: { customerId: string | null; firstName: string | null; lastName: string | null; email: string | null; countryCode: string | null };
  translations: Record<string, unknown>;
  bundleUrl: string;
  sessionTokenUrl: string;
  /** Where the bundle's /api/extension/* calls go instead: the side-effect-free preview API. */
  previewApiUrl: string;
}

const RIGHT_TO_LEFT = new Set(["ar", "fa", "he", "ur"]);

export function isRightToLeft(locale: string): boolean {
  return RIGHT_TO_LEFT.has(locale.split("-")[0].toLowerCase());
}

export function previewPageHtml(data: PreviewPageData, assetsPath: string): string {
  // "<" is escaped so no value can close the script element.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="${data.locale}" dir="${isRightToLeft(data.locale) ? "rtl" : "ltr"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Encore thank-you block preview</title>
<style>body { font-family: system-ui, "Noto Sans", "Noto Sans Arabic", sans-serif; max-width: 560px; margin: 32px auto; padding: 0 16px; color: #1a1a1a; }</style>
<script id="encore-preview-data" type="application/json">${json}</script>
<script type="module" src="${assetsPath}/polaris-stand-ins.js"></script>
<script type="module" src="${assetsPath}/shopify-host.js"></script>
</head>
<body></body>
</html>`;
}
