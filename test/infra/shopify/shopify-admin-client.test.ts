import { readFileSync } from "node:fs";
import path from "node:path";
import { Session } from "@shopify/shopify-api";
import type { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RUN_BULK_QUERY } from "../../../app/domain/sync/bulk-queries";
import { createShopifyAdminClient } from "../../../app/infra/shopify/shopify-admin-client";
import { AppError } from "../../../app/server/errors";
import { GRAPHQL_PATH, installMockAgent, JSON_HEADERS, testShopifyApi as api } from "../../support/admin-api-mock";

const SHOP = "recorded-shop.myshopify.com";
const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, "../../fixtures/admin-api", name), "utf8");
const session = new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "state", isOnline: false, accessToken: "shpat_recorded" });

describe("Admin GraphQL client over the official library (recorded responses via undici MockAgent)", () => {
  let agent: MockAgent;
  let restore: () => Promise<void>;
  let sleeps: number[];
  const client = () =>
    createShopifyAdminClient(api, session, {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      policy: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000 },
    });
  const shop = () => agent.get(`https://${SHOP}`);

  beforeEach(() => {
    ({ agent, restore } = installMockAgent());
    sleeps = [];
  });
  afterEach(async () => {
    await restore();
  });

  it("backs off THROTTLED errors by the restore rate, then returns data", async () => {
    shop().intercept({ path: GRAPHQL_PATH, method: "POST" }).reply(200, fixture("throttled.json"), JSON_HEADERS);
    shop()
      .intercept({ path: GRAPHQL_PATH, method: "POST", headers: { "x-shopify-access-token": "shpat_recorded" } })
      .reply(200, fixture("bulk-operation-run-query.json"), JSON_HEADERS);
    const data = await client().request<{ bulkOperationRunQuery: { bulkOperation: { id: string } } }>(RUN_BULK_QUERY, { query: "{ orders { edges { node { id } } } }" });
    expect(data.bulkOperationRunQuery.bulkOperation.id).toBe("gid://shopify/BulkOperation/720918");
    // (752 requested − 652 available) / 50 points/s = 2 s.
    expect(sleeps).toEqual([2_000]);
  });

  it("turns userErrors into an AppError naming the field", async () => {
    shop().intercept({ path: GRAPHQL_PATH, method: "POST" }).reply(200, fixture("bulk-operation-user-error.json"), JSON_HEADERS);
    const error = await client().request(RUN_BULK_QUERY, { query: "{}" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "SHOPIFY_USER_ERROR", details: { fields: [{ field: "query" }] } });
    expect(sleeps).toEqual([]);
  });

  it("retries network failures and 5xx with capped exponential backoff, then gives up", async () => {
    shop().intercept({ path: GRAPHQL_PATH, method: "POST" }).replyWithError(new Error("socket hang up"));
    shop().intercept({ path: GRAPHQL_PATH, method: "POST" }).reply(503, "unavailable");
    shop().intercept({ path: GRAPHQL_PATH, method: "POST" }).reply(502, "bad gateway");
    shop().intercept({ path: GRAPHQL_PATH, method: "POST" }).replyWithError(new Error("ECONNRESET"));
    const error = await client().request(RUN_BULK_QUERY, { query: "{}" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "SHOPIFY_UNAVAILABLE" });
    expect((error as Error).message).toContain("gave up after 4 attempts");
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it("honours Retry-After on HTTP 429 and fails fast on other GraphQL errors", async () => {
    shop().intercept({ path: GRAPHQL_PATH, method: "POST" }).reply(429, "{}", { headers: { "content-type": "application/json", "retry-after": "3" } });
    shop()
      .intercept({ path: GRAPHQL_PATH, method: "POST" })
      .reply(200, JSON.stringify({ errors: [{ message: "Field 'nope' doesn't exist on type 'QueryRoot'" }] }), JSON_HEADERS);
    const error = await client().request(RUN_BULK_QUERY, { query: "{}" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "INTERNAL" });
    expect((error as Error).message).toContain("doesn't exist");
    expect(sleeps).toEqual([3_000]);
  });
});
