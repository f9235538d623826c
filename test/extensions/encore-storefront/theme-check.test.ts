import { themeCheckRun } from "@shopify/theme-check-node";
import { describe, expect, it } from "vitest";
import { STOREFRONT_EXTENSION_DIR } from "../../../app/infra/storefront/liquid-renderer";

describe("theme-check over extensions/encore-storefront", () => {
  it("reports no offenses with the theme-app-extension checks", async () => {
    const run = await themeCheckRun(STOREFRONT_EXTENSION_DIR, undefined, () => {});
    const offenses = run.offenses.map((offense) => `${offense.check} (${offense.severity}) ${offense.uri.split("/encore-storefront/")[1]}:${offense.start.line + 1} ${offense.message}`);
    expect(offenses).toEqual([]);
    // The extension was recognised as a theme app extension (its forbidden-tag check ran).
    expect(run.config.checks.map((check) => check.meta.code)).toContain("AppBlockValidTags");
  });
});
