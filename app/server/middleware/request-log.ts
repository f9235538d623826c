import type { RequestHandler } from "express";
import type { Logger } from "../logger";

/** One line per request: method, path without query string (it may carry tokens or emails), status, time. */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    // Below info (production's warn), a request costs no listener and no closure: the hot paths run at
    // thousands of requests a second.
    if (!logger.isLevelEnabled("info")) return next();
    const started = performance.now();
    const path = req.originalUrl.split("?")[0];
    res.on("finish", () => {
      logger.info(
        { method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) },
        "request",
      );
    });
    next();
  };
}
