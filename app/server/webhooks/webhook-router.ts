import express, { Router, type Request } from "express";
import type pg from "pg";
import type { JobEnqueuer } from "../../infra/jobs/job-queue";
import type { ShopifyApp } from "../../infra/shopify/shopify-app";
import type { Logger } from "../logger";
import { AppError } from "../errors";
import { webhookDeliveryJob } from "./webhook-delivery-processor";
import { checkWebhookPayload } from "./webhook-payload-checks";

export interface WebhookDelivery {
  topic: string;
  shopDomain: string;
  webhookId: string;
  apiVersion: string;
  payload: unknown;
}

/** What a handler works with: the delivery's own transaction (its effects, dedupe row and jobs commit together). */
export interface WebhookContext {
  tx: pg.PoolClient;
  /** The shop's id, or null when Encore holds nothing for it (never installed, or redacted). */
  shopId: string | null;
  /** Durable follow-up work, enqueued on `tx` so it commits (or not) with the delivery. */
  jobs: JobEnqueuer;
}

export type WebhookHandler = (delivery: WebhookDelivery, context: WebhookContext) => Promise<void>;

/** Topic (as in the X-Shopify-Topic header, e.g. "app/uninstalled") → handler module. */
export type WebhookHandlers = Record<string, WebhookHandler>;

/**
 * POST /api/webhooks: verify, store, answer (Shopify's advice: answer fast, process asynchronously). Mounted
 * before any JSON parser: the HMAC is computed over the raw bytes, and verified by the official library with
 * the app secret. An invalid or missing HMAC answers 401 and touches nothing; a payload its topic's handler
 * would refuse answers 400. A verified delivery is stored as a durable webhook-delivery job and 200 is
 * answered once that insert committed (concurrent deliveries share one multi-row insert); a failed insert
 * answers 5xx, so Shopify retries. Workers apply it later (webhook-delivery-processor.ts), exactly once per
 * X-Shopify-Webhook-Id.
 */
export function webhookRouter(options: {
  shopify: ShopifyApp;
  handlers: WebhookHandlers;
  logger: Logger;
  jobs: Pick<JobEnqueuer, "enqueueBatched">;
}): Router {
  const router = Router();
  router.post("/", express.raw({ type: "*/*", limit: "5mb" }), async (req, res, next) => {
    try {
      const rawBody = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
      const check = await options.shopify.api.webhooks.validate({ rawBody, rawRequest: shopifyHeadersOnly(req), rawResponse: res });
      if (!check.valid) {
        options.logger.warn({ reason: check.reason }, "webhook rejected");
        throw new AppError("UNAUTHENTICATED", `Webhook verification failed: ${check.reason}`);
      }
      // The library reports topics in storage form ("CUSTOMERS_DATA_REQUEST"); handlers are keyed as in the TOML.
      const entry = Object.entries(options.handlers).find(([key]) => key.toUpperCase().replace(/\//g, "_") === check.topic);
      const topic = entry?.[0] ?? check.topic;
      const handler = entry?.[1];
      const webhookId = "webhookId" in check ? String(check.webhookId ?? "") : "";
      const context = { topic, shop: check.domain, webhookId };
      if (!handler) {
        options.logger.warn(context, "webhook for a topic without handler");
        res.status(200).json({ ok: true, handled: false });
        return;
      }
      if (!webhookId) throw AppError.validation([{ field: "X-Shopify-Webhook-Id", message: "required" }]);
      let payload: unknown;
      try {
        payload = JSON.parse(rawBody);
      } catch {
        throw new AppError("BAD_REQUEST", "Webhook body is not valid JSON");
      }
      checkWebhookPayload(topic, payload);
      await options.jobs.enqueueBatched(webhookDeliveryJob({ topic, shopDomain: check.domain, webhookId, apiVersion: check.apiVersion, payload }));
      res.status(200).json({ ok: true, handled: true });
    } catch (error) {
      next(error);
    }
  });
  return router;
}

/**
 * The request as the library's verification sees it: only Shopify's own headers (X-Shopify-*, and Shopify-*
 * for events). The library canonicalises every header name again for each header it looks up (a regex per
 * header per lookup): with every request header that was about a tenth of ingest's CPU in a profile, and
 * the headers it reads all start with these prefixes.
 */
function shopifyHeadersOnly(req: Request): Request {
  const headers: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith("x-shopify-") || name.startsWith("shopify-")) headers[name] = value;
  }
  return { headers, method: req.method, url: req.url, originalUrl: req.originalUrl } as unknown as Request;
}
