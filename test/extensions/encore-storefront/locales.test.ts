import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { STOREFRONT_EXTENSION_DIR } from "../../../app/infra/storefront/liquid-renderer";

const LOCALES_DIR = path.join(STOREFRONT_EXTENSION_DIR, "locales");
const SHIPPED = ["en", "ru", "kk", "et", "sl", "fa"];

function keys(node: unknown, prefix = ""): string[] {
  return node && typeof node === "object"
    ? Object.entries(node).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key))
    : [prefix];
}

function load(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(LOCALES_DIR, file), "utf8"));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();
}

describe("storefront locales", () => {
  const files = readdirSync(LOCALES_DIR);

  it("ship en (default), ru, kk, et, sl and fa, each with a schema translation file", () => {
    for (const locale of SHIPPED) {
      const base = locale === "en" ? "en.default" : locale;
      expect(files).toContain(`${base}.json`);
      expect(files).toContain(`${base}.schema.json`);
    }
  });

  it.each(SHIPPED.filter((locale) => locale !== "en"))("%s translates every key, with the same placeholders", (locale) => {
    for (const suffix of [".json", ".schema.json"]) {
      const english = load(`en.default${suffix}`);
      const translated = load(`${locale}${suffix}`);
      expect(keys(translated).sort()).toEqual(keys(english).sort());
      for (const key of keys(english)) {
        const lookup = (root: Record<string, unknown>) => key.split(".").reduce<any>((node, part) => node[part], root) as string;
        expect(placeholders(lookup(translated)), `${locale}${suffix} ${key}`).toEqual(placeholders(lookup(english)));
        expect(lookup(translated).trim(), `${locale}${suffix} ${key}`).not.toBe("");
      }
    }
  });

  it("writes fa right-to-left and every other locale left-to-right", () => {
    for (const locale of SHIPPED) {
      const direction = (load(locale === "en" ? "en.default.json" : `${locale}.json`).encore as { direction: string }).direction;
      expect(direction).toBe(locale === "fa" ? "rtl" : "ltr");
    }
  });
});
