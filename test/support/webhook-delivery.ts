import type { Express } from "express";
import request from "supertest";
import type { Response } from "supertest";
import { JOB_TYPES } from "../../app/infra/jobs/job-kinds";
import type { JobRunner } from "../../app/infra/jobs/job-runner";
import { webhookHeaders } from "./shopify-signing";

export interface WebhookOptions {
  webhookId?: string;
  shop?: string;
  secret?: string;
  apiVersion?: string;
}

/** A signed delivery in flight: `.expect(status)` as supertest's, resolving after the queue processed it. */
export interface ProcessedDelivery extends PromiseLike<Response> {
  expect(status: number): Promise<Response>;
}

/**
 * Posts a signed webhook as Shopify does and, once it is answered, processes the stored delivery in this
 * process as a worker would (only webhook-delivery jobs: their follow-up jobs stay queued for the test).
 * Ingest answers 200 when the delivery is stored, not applied; this gives tests the effect at once.
 */
export function webhookDeliverer(harness: { app: Express; jobs: JobRunner }) {
  return (topic: string, payload: unknown, options: WebhookOptions = {}): ProcessedDelivery => {
    const body = JSON.stringify(payload);
    const sent = request(harness.app).post("/api/webhooks").set(webhookHeaders({ body, topic, ...options })).send(body);
    const processed = async (status?: number) => {
      const response = status === undefined ? await sent : await sent.expect(status);
      await processWebhookDeliveries(harness.jobs);
      return response;
    };
    return {
      expect: (status) => processed(status),
      then: (onFulfilled, onRejected) => processed().then(onFulfilled, onRejected),
    };
  };
}

/** Applies every stored webhook delivery in this process; how many. */
export function processWebhookDeliveries(jobs: JobRunner): Promise<number> {
  return jobs.runUntilIdle([JOB_TYPES.webhookDelivery]);
}
