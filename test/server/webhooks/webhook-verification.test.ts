import "@shopify/shopify-api/adapters/node";
import { createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { verifyWebhook } from "../../../app/server/webhooks/webhook-verification";
import { TEST_SECRET, webhookHeaders } from "../../support/shopify-signing";

/**
 * The hand-written verification (a quarter of ingest's CPU cheaper) must give the official library's verdict
 * on every delivery: the same accept/reject, reason, missing headers and fields.
 */
const library = shopifyApi({
  apiKey: "encore-demo",
  apiSecretKey: TEST_SECRET,
  hostName: "localhost",
  apiVersion: ApiVersion.October25,
  isEmbeddedApp: false,
  logger: { level: LogSeverity.Error, log: async () => {} },
});

const body = JSON.stringify({ id: 820982911946154500, email: "jon@example.com", note: "naïve ✓" });

/** Node's view of the request: header names lower-cased. */
function lower(headers: Record<string, string | string[]>): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function eventsHeaders(payload: string, secret = TEST_SECRET): IncomingHttpHeaders {
  return {
    "shopify-hmac-sha256": createHmac("sha256", secret).update(payload, "utf8").digest("base64"),
    "shopify-topic": "orders.create",
    "shopify-shop-domain": "encore-demo.myshopify.com",
    "shopify-api-version": "2026-10",
    "shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    "shopify-handle": "encore-orders",
  };
}

function without(headers: IncomingHttpHeaders, ...names: string[]): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));
}

const signed = lower(webhookHeaders({ body, topic: "orders/create" }));
const cases: [string, string, IncomingHttpHeaders][] = [
  ["a signed delivery", body, signed],
  ["a compliance topic", body, lower(webhookHeaders({ body, topic: "customers/data_request" }))],
  ["a tampered body", body.replace("jon", "eve"), signed],
  ["a body signed with another secret", body, lower(webhookHeaders({ body, topic: "orders/create", secret: "not-the-secret" }))],
  ["an empty body", "", lower(webhookHeaders({ body: "", topic: "orders/create" }))],
  ["no HMAC header", body, without(signed, "x-shopify-hmac-sha256")],
  ["an empty HMAC header", body, { ...signed, "x-shopify-hmac-sha256": "" }],
  ["a truncated HMAC", body, { ...signed, "x-shopify-hmac-sha256": String(signed["x-shopify-hmac-sha256"]).slice(0, 20) }],
  ["a hex HMAC instead of base64", body, { ...signed, "x-shopify-hmac-sha256": createHmac("sha256", TEST_SECRET).update(body).digest("hex") }],
  ["no topic", body, without(signed, "x-shopify-topic")],
  ["no shop domain and no webhook id", body, without(signed, "x-shopify-shop-domain", "x-shopify-webhook-id")],
  ["no API version", body, without(signed, "x-shopify-api-version")],
  ["an empty webhook id", body, { ...signed, "x-shopify-webhook-id": "" }],
  ["a repeated topic header", body, { ...signed, "x-shopify-topic": ["orders/create", "app/uninstalled"] }],
  ["an events delivery", body, eventsHeaders(body)],
  ["an events delivery signed with another secret", body, eventsHeaders(body, "not-the-secret")],
  ["an events delivery without a webhook id", body, without(eventsHeaders(body), "shopify-webhook-id")],
];

describe("verifyWebhook", () => {
  it.each(cases)("gives the official library's verdict on %s", async (_name, rawBody, headers) => {
    const expected = await library.webhooks.validate({
      rawBody,
      rawRequest: { headers, method: "POST", url: "/api/webhooks" },
      rawResponse: {},
    } as never);
    const actual = verifyWebhook(Buffer.from(rawBody, "utf8"), headers, TEST_SECRET);
    const { hmac: _hmac, name: _name2, triggeredAt: _t, eventId: _e, handle: _h, action: _a, ...libraryFields } = expected as unknown as Record<string, unknown>;
    expect(actual).toEqual(libraryFields);
  });

  it("accepts the signed delivery and names what it carries", () => {
    expect(verifyWebhook(Buffer.from(body), signed, TEST_SECRET)).toEqual({
      valid: true,
      webhookType: "webhooks",
      topic: "ORDERS_CREATE",
      domain: "encore-demo.myshopify.com",
      apiVersion: "2026-10",
      webhookId: signed["x-shopify-webhook-id"],
    });
  });

  it("signs the bytes received: a body that is not UTF-8 is verified as sent", () => {
    const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const headers = { ...signed, "x-shopify-hmac-sha256": createHmac("sha256", TEST_SECRET).update(bytes).digest("base64") };
    expect(verifyWebhook(bytes, headers, TEST_SECRET).valid).toBe(true);
    expect(verifyWebhook(Buffer.from(bytes.toString("utf8")), headers, TEST_SECRET)).toEqual({ valid: false, reason: "invalid_hmac" });
  });
});
