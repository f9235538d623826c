import { readFileSync } from "node:fs";
import path from "node:path";
import { Session } from "@shopify/shopify-api";
import type { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { atRiskPayload } from "../../../app/domain/activation/flow-payloads";
import { sendFlowTrigger } from "../../../app/infra/activation/flow-triggers";
import { FLOW_TRIGGER_RECEIVE } from "../../../app/infra/shopify/flow-operations";
import { createShopifyAdminClient } from "../../../app/infra/shopify/shopify-admin-client";
import { GRAPHQL_PATH, installMockAgent, JSON_HEADERS, testShopifyApi as api } from "../../support/admin-api-mock";

// Recorded responses: the userErrors wording ("Errors validating schema:\n  Invalid handle '…'.\n" on field
// ["body"]) and the one-point cost are Shopify's answers to flowTriggerReceive (Admin API 2026-04).
const SHOP = "recorded-shop.myshopify.com";
const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, "../../fixtures/admin-api", name), "utf8");
const session = new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "state", isOnline: false, accessToken: "shpat_recorded" });
const PAYLOAD = atRiskPayload({
  customerGid: "gid://shopify/Customer/7263458443",
  pAlive: 0.5,
  pRepeat90: 0.2,
  predictedClv365: 80,
  churnStatus: "at_risk",
  lastOrderAt: new Date("2026-10-01T00:00:00Z"),
  now: new Date("2026-12-06T00:00:00Z"),
});

describe("flowTriggerReceive through the official client (recorded responses via undici MockAgent)", () => {
  let agent: MockAgent;
  let restore: () => Promise<void>;
  let sleeps: number[];
  let bodies: { query: string; variables: Record<string, unknown> }[];
  const admin = () =>
    createShopifyAdminClient(api, session, {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      policy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 10_000 },
    });
  const reply = (name: string) =>
    agent
      .get(`https://${SHOP}`)
      .intercept({ path: GRAPHQL_PATH, method: "POST", headers: { "x-shopify-access-token": "shpat_recorded" } })
      .reply(200, (options) => {
        bodies.push(JSON.parse(String(options.body)));
        return fixture(name);
      }, JSON_HEADERS);

  beforeEach(() => {
    ({ agent, restore } = installMockAgent());
    sleeps = [];
    bodies = [];
  });
  afterEach(async () => {
    await restore();
  });

  it("sends the handle and the payload as JSON variables and succeeds on empty userErrors", async () => {
    reply("flow-trigger-receive.json");
    expect(await sendFlowTrigger(admin(), { handle: "encore-flow-at-risk", payload: PAYLOAD })).toEqual({ ok: true });
    expect(bodies).toHaveLength(1);
    expect(bodies[0].query).toBe(FLOW_TRIGGER_RECEIVE.query);
    expect(bodies[0].variables).toEqual({ handle: "encore-flow-at-risk", payload: PAYLOAD });
    expect(sleeps).toEqual([]);
  });

  it("reports userErrors as a permanent failure with Shopify's message (no retry)", async () => {
    reply("flow-trigger-receive-invalid-handle.json");
    const outcome = await sendFlowTrigger(admin(), { handle: "encore-flow-at-risk", payload: PAYLOAD });
    expect(outcome).toEqual({ ok: false, permanent: true, error: expect.stringContaining("Invalid handle 'encore-flow-at-risk'.") });
    expect(bodies).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("waits out THROTTLED at the bucket's restore rate, then succeeds", async () => {
    reply("flow-trigger-receive-throttled.json");
    reply("flow-trigger-receive.json");
    expect(await sendFlowTrigger(admin(), { handle: "encore-flow-at-risk", payload: PAYLOAD })).toEqual({ ok: true });
    expect(bodies).toHaveLength(2);
    // 1 point requested, 0 available, 100 points/s restored: 10 ms.
    expect(sleeps).toEqual([10]);
  });

  it("reports a call that stays throttled past the client's attempts as retryable", async () => {
    for (let attempt = 0; attempt < 3; attempt++) reply("flow-trigger-receive-throttled.json");
    const outcome = await sendFlowTrigger(admin(), { handle: "encore-flow-at-risk", payload: PAYLOAD });
    expect(outcome).toEqual({ ok: false, permanent: false, error: expect.stringContaining("gave up after 3 attempts (throttled)") });
  });
});
