import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { ADMIN_API_VERSION, loadConfig } from "../../app/config/env";

const ROOT = path.resolve(import.meta.dirname, "../..");

function extensionTomls(): string[] {
  const dir = path.join(ROOT, "extensions");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => path.join(dir, name, "shopify.extension.toml"))
    .filter((file) => existsSync(file));
}

describe("one Admin API version everywhere", () => {
  it("shopify.app.toml's webhooks use the code's version", () => {
    const toml = parse(readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8")) as { webhooks: { api_version: string } };
    expect(toml.webhooks.api_version).toBe(ADMIN_API_VERSION);
  });

  it.each(extensionTomls().map((file) => [path.relative(ROOT, file)]))("%s uses the code's version", (file) => {
    const toml = parse(readFileSync(path.join(ROOT, file), "utf8")) as { api_version?: string };
    expect(toml.api_version).toBe(ADMIN_API_VERSION);
  });

  it("the default OAuth scopes equal shopify.app.toml's access scopes", () => {
    const toml = parse(readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8")) as { access_scopes: { scopes: string } };
    const split = (scopes: string) => scopes.split(",").map((scope) => scope.trim()).sort();
    expect(split(toml.access_scopes.scopes)).toEqual([...loadConfig({}).shopify.scopes].sort());
  });

  it("the pinned version is a stable quarterly release", () => {
    expect(ADMIN_API_VERSION).toMatch(/^20\d\d-(01|04|07|10)$/);
  });
});
