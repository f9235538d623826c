import express, { Router } from "express";
import type pg from "pg";
import { findShopId } from "../../infra/db/repositories/privacy-repository";
import { withTransaction } from "../../infra/db/transaction";
import type { JobEnqueuer } from "../../infra/jobs/job-queue";
import type { ShopifyApp } from "../../infra/shopify/shopify-app";
import type { Logger } from "../logger";
import { AppError } from "../errors";

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
 * POST /api/webhooks. Mounted before any JSON parser: the HMAC is computed over the raw bytes, and verified
 * by the official library with the app secret. An invalid or missing HMAC answers 401 and touches nothing.
 * A verified delivery runs in one transaction that first records its X-Shopify-Webhook-Id: a redelivery (or
 * a concurrent duplicate, which waits on the id's unique index) finds it and answers 200 without a second
 * effect; a failing handler rolls the record back, so Shopify's retry is processed. Heavy work is enqueued
 * as durable jobs in the same transaction, and `onCommitted` wakes the worker.
 */
export function webhookRouter(options: {
  shopify: ShopifyApp;
  handlers: WebhookHandlers;
  logger: Logger;
  pool: pg.Pool;
  jobs: JobEnqueuer;
  onCommitted?: () => void;
}): Router {
  const router = Router();
  router.post("/", express.raw({ type: "*/*", limit: "5mb" }), async (req, res, next) => {
    try {
      const rawBody = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
      const check = await options.shopify.api.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
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
      const delivery = { topic, shopDomain: check.domain, webhookId, apiVersion: check.apiVersion, payload };
      await options.jobs.ready();
      const duplicate = await withTransaction(options.pool, async (tx) => {
        const recorded = await tx.query(
          `INSERT INTO "WebhookDelivery" ("webhookId", "shopDomain", topic, "receivedAt") VALUES ($1, $2, $3, now())
           ON CONFLICT ("webhookId") DO NOTHING`,
          [webhookId, check.domain, topic],
        );
        if (recorded.rowCount === 0) return true;
        await handler(delivery, { tx, shopId: await findShopId(tx, check.domain), jobs: options.jobs });
        return false;
      });
      options.logger.info({ ...context, duplicate }, duplicate ? "webhook already handled" : "webhook handled");
      if (!duplicate) options.onCommitted?.();
      res.status(200).json({ ok: true, handled: true, duplicate });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
