import { describe, expect, it } from "vitest";
import { formatReport, measureStorefrontScripts, STOREFRONT_JS_BUDGET_GZIP_BYTES } from "../../../scripts/storefront-size";

describe("storefront JavaScript budget", () => {
  it("ships one small script per block, ≤ 3 KB gzipped in total", () => {
    const report = measureStorefrontScripts();
    console.log(formatReport(report));
    expect(report.assets.map((asset) => asset.file)).toEqual(["encore-banner.js", "encore-cart-nudge.js", "encore-signup.js"]);
    expect(report.totalGzip).toBeLessThanOrEqual(STOREFRONT_JS_BUDGET_GZIP_BYTES);
  });
});
