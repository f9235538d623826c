import express, { Router } from "express";
import type pg from "pg";
import type { JobEnqueuer } from "../../infra/jobs/job-queue";
import type { Logger } from "../logger";
import { AppError } from "../errors";
import { webhookDeliveryJob } from "./webhook-delivery-processor";
import { storedWebhookPayload } from "./webhook-payload-checks";
import { verifyWebhook } from "./webhook-verification";

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
 * before any JSON parser: the HMAC is computed over the raw bytes with the app secret (webhook-verification.ts,
 * held to the official library's verdicts by its tests). An invalid or missing HMAC answers 401 and touches
 * nothing; a payload its topic's handler would refuse answers 400. A verified delivery (the fields its handler
 * reads) is stored as a durable webhook-delivery job and 200 is answered once that insert committed
 * (concurrent deliveries share one multi-row insert); a failed insert answers 5xx, so Shopify retries.
 * Workers apply it later (webhook-delivery-processor.ts), exactly once per X-Shopify-Webhook-Id.
 */
export function webhookRouter(options: {
  /** The app secret Shopify signs deliveries with. */
  secret: string;
  handlers: WebhookHandlers;
  logger: Logger;
  jobs: Pick<JobEnqueuer, "enqueueBatched">;
}): Router {
  const router = Router();
  router.post("/", express.raw({ type: "*/*", limit: "5mb" }), async (req, res, next) => {
    try {
      const rawBody: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const check = verifyWebhook(rawBody, req.headers, options.secret);
      if (!check.valid) {
        options.logger.warn({ reason: check.reason }, "webhook rejected");
        throw new AppError("UNAUTHENTICATED", `Webhook verification failed: ${check.reason}`);
      }
      // Topics come in storage form ("CUSTOMERS_DATA_REQUEST"); handlers are keyed as in the TOML.
      const entry = Object.entries(options.handlers).find(([key]) => key.toUpperCase().replace(/\//g, "_") === check.topic);
      const topic = entry?.[0] ?? check.topic;
      const handler = entry?.[1];
      const { webhookId } = check;
      const context = { topic, shop: check.domain, webhookId };
      if (!handler) {
        options.logger.warn(context, "webhook for a topic without handler");
        res.status(200).json({ ok: true, handled: false });
        return;
      }
      let payload: unknown;
      try {
        payload = JSON.parse(rawBody.toString("utf8"));
      } catch {
        throw new AppError("BAD_REQUEST", "Webhook body is not valid JSON");
      }
      const stored = storedWebhookPayload(topic, payload);
      await options.jobs.enqueueBatched(webhookDeliveryJob({ topic, shopDomain: check.domain, webhookId, apiVersion: check.apiVersion, payload: stored }));
      res.status(200).json({ ok: true, handled: true });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
