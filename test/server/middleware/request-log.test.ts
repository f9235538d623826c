import express from "express";
import pino from "pino";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { requestLog } from "../../../app/server/middleware/request-log";

function appLogging(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const app = express();
  app.use(requestLog(logger));
  app.get("/api/extension/thank-you", (_req, res) => void res.json({ ok: true }));
  return { app, lines };
}

describe("requestLog", () => {
  it("logs method, path without the query string, status and time at info", async () => {
    const { app, lines } = appLogging("info");
    await request(app).get("/api/extension/thank-you?orderId=gid%3A%2F%2Fshopify%2FOrder%2F1&email=a%40b.c").expect(200);
    await request(app).get("/nowhere").expect(404);
    expect(lines.map(({ method, path, status, msg }) => ({ method, path, status, msg }))).toEqual([
      { method: "GET", path: "/api/extension/thank-you", status: 200, msg: "request" },
      { method: "GET", path: "/nowhere", status: 404, msg: "request" },
    ]);
    expect(typeof lines[0].ms).toBe("number");
    expect(JSON.stringify(lines)).not.toContain("a@b.c");
  });

  it("logs nothing and adds no listener to the response below info", async () => {
    // Node's server listens for "finish" itself: count against an app without the middleware.
    const finishListeners = async (app: express.Express) => {
      app.use((_req, res) => void res.json({ count: res.listenerCount("finish") }));
      return (await request(app).get("/counted").expect(200)).body.count as number;
    };
    const bare = await finishListeners(express());
    const atInfo = appLogging("info");
    const atWarn = appLogging("warn");
    expect(await finishListeners(atInfo.app)).toBe(bare + 1);
    expect(await finishListeners(atWarn.app)).toBe(bare);
    expect(atWarn.lines).toEqual([]);
    expect(atInfo.lines).toHaveLength(1);
  });
});
