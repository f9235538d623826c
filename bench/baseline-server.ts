/**
 * The serving benchmark's baseline (bench/serving.ts): bare Express in its own process, no database, no app.
 * GET /ping answers a constant. POST /api/webhooks does what no ingest can skip: reads the raw body, verifies
 * the delivery with the app's own check (webhook-verification.ts) under the demo secret, parses the JSON, and
 * stores nothing. Prints its URL once listening; exits on SIGTERM.
 */
import type { AddressInfo } from "node:net";
import express from "express";
import { verifyWebhook } from "../app/server/webhooks/webhook-verification";
import { TEST_SECRET } from "../test/support/shopify-signing";

const app = express();
app.get("/ping", (_req, res) => void res.json({ ok: true }));
app.post("/api/webhooks", express.raw({ type: "*/*", limit: "5mb" }), (req, res) => {
  if (!verifyWebhook(req.body, req.headers, TEST_SECRET).valid) return void res.status(401).json({ ok: false });
  JSON.parse(req.body.toString("utf8"));
  res.json({ ok: true, handled: true });
});
const server = app.listen(0, "127.0.0.1", () => console.log(`baseline at http://127.0.0.1:${(server.address() as AddressInfo).port}/`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
