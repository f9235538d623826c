import { randomBytes } from "node:crypto";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../app/infra/demo/seed-demo-shop";
import { createRateLimitStores } from "../../app/server/middleware/rate-limit-store";
import { signedProxyPath } from "../support/app-proxy-signing";
import { openTestDatabase, type TestDatabase } from "../support/database-backends";
import { DEMO_SHOP } from "../support/shopify-signing";
import { buildTestApp } from "../support/test-app";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const silent = { warn() {} };

/**
 * Two web instances behind one load balancer: the app-proxy limit (60 reads a minute per shop and shopper)
 * must hold for the pair, not per instance. Counters in Redis are shared; in-process ones are not.
 */
describe("rate limits across two web instances", () => {
  let db: TestDatabase;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 3, now: new Date(), customerCount: 20 });
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await db?.close();
  });

  const burst = async (apps: ReturnType<typeof buildTestApp>[], count: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const response = await request(apps[i % apps.length].app).get(signedProxyPath("/banner")).set("X-Forwarded-For", "203.0.113.9");
      statuses.push(response.status);
    }
    return { ok: statuses.filter((s) => s === 200).length, limited: statuses.filter((s) => s === 429).length };
  };

  it("enforces one limit for both instances when the counters live in Redis", async () => {
    const namespace = `encore-test-${randomBytes(4).toString("hex")}`;
    const apps = [0, 1].map(() => {
      const stores = createRateLimitStores({ redisUrl: REDIS_URL, logger: silent, namespace });
      closers.push(() => stores.close());
      expect(stores.kind).toBe("redis");
      return buildTestApp(db, { TRUSTED_PROXY_HOPS: "1" }, { rateLimitStores: stores });
    });
    expect(await burst(apps, 70)).toEqual({ ok: 60, limited: 10 });
  });

  it("counts per instance with in-process counters (why production sets REDIS_URL)", async () => {
    const apps = [0, 1].map(() => buildTestApp(db, { TRUSTED_PROXY_HOPS: "1" }, { rateLimitStores: createRateLimitStores({ logger: silent }) }));
    expect(await burst(apps, 70)).toEqual({ ok: 70, limited: 0 });
  });

  it("passes requests rather than failing the storefront while Redis is unreachable", async () => {
    const stores = createRateLimitStores({ redisUrl: "redis://127.0.0.1:1", logger: silent, namespace: "unreachable" });
    closers.push(() => stores.close());
    const app = buildTestApp(db, { TRUSTED_PROXY_HOPS: "1" }, { rateLimitStores: stores });
    expect(await burst([app], 3)).toEqual({ ok: 3, limited: 0 });
  });
});
