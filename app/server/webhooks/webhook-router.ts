import express, { Router } from "express";
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

export type WebhookHandler = (delivery: WebhookDelivery) => Promise<void>;

/** Topic (as in the X-Shopify-Topic header, e.g. "app/uninstalled") → handler module. */
export type WebhookHandlers = Record<string, WebhookHandler>;

/**
 * POST /api/webhooks. Mounted before any JSON parser: the HMAC is computed over the raw bytes, and verified
 * by the official library with the app secret. An invalid or missing HMAC answers 401 and touches nothing.
 */
export function webhookRouter(options: { shopify: ShopifyApp; handlers: WebhookHandlers; logger: Logger }): Router {
  const router = Router();
  router.post("/", express.raw({ type: "*/*", limit: "5mb" }), async (req, res, next) => {
    try {
      const rawBody = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
      const check = await options.shopify.api.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
      if (!check.valid) {
        options.logger.warn({ reason: check.reason }, "webhook rejected");
        throw new AppError("UNAUTHENTICATED", `Webhook verification failed: ${check.reason}`);
      }
      const handler = options.handlers[check.topic.toLowerCase().replace(/_/g, "/")];
      const webhookId = "webhookId" in check ? String(check.webhookId) : "";
      const context = { topic: check.topic, shop: check.domain, webhookId };
      if (!handler) {
        options.logger.warn(context, "webhook for a topic without handler");
        res.status(200).json({ ok: true, handled: false });
        return;
      }
      let payload: unknown;
      try {
        payload = JSON.parse(rawBody);
      } catch {
        throw new AppError("BAD_REQUEST", "Webhook body is not valid JSON");
      }
      await handler({ topic: check.topic, shopDomain: check.domain, webhookId, apiVersion: check.apiVersion, payload });
      options.logger.info(context, "webhook handled");
      res.status(200).json({ ok: true, handled: true });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
