import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEMO_API_KEY, DEMO_API_SECRET, loadConfig } from "../../app/config/env";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("loadConfig", () => {
  it("starts in demo mode with the development key and secret when no Shopify credentials are set", () => {
    const config = loadConfig({});
    expect(config.mode).toBe("demo");
    expect(config.port).toBe(3000);
    expect(config.shopify.apiKey).toBe(DEMO_API_KEY);
    expect(config.shopify.apiSecret).toBe(DEMO_API_SECRET);
    expect(config.demo?.shopDomain).toBe("encore-demo.myshopify.com");
    expect(config.databaseUrl).toBe("pglite:data/pglite");
  });

  it("lets PORT override the port and SHOPIFY_API_SECRET replace the demo secret", () => {
    const config = loadConfig({ PORT: "4123", SHOPIFY_API_SECRET: "other-secret" });
    expect(config.mode).toBe("demo");
    expect(config.port).toBe(4123);
    expect(config.shopify.apiSecret).toBe("other-secret");
  });

  it("is a real Shopify app when all three credentials are set", () => {
    const config = loadConfig({ SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret", SHOPIFY_APP_URL: "https://encore.example.com" });
    expect(config.mode).toBe("shopify");
    expect(config.demo).toBeNull();
    expect(config.shopify.appUrl).toBe("https://encore.example.com");
  });

  it("reports every missing and invalid key at once", () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: "production", PORT: "not-a-port", DATABASE_URL: "mysql://x" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    for (const key of ["PORT", "DATABASE_URL", "SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"]) {
      expect(problems).toContain(key);
    }
  });

  it.each([
    [{ SHOPIFY_API_KEY: "key" }, ["SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"]],
    [{ SHOPIFY_APP_URL: "https://a.example.com" }, ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET"]],
  ])("a partial Shopify configuration %o names the missing keys", (env, missing) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).problems.map((problem) => problem.split(":")[0]).sort()).toEqual(missing.sort());
    }
  });
});

describe("server start-up with a bad environment", () => {
  it("exits with a message listing every missing key in production", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "app/server/index.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: "production" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    for (const key of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"]) expect(result.stderr).toContain(key);
  });
});
