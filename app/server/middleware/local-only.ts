import type { RequestHandler } from "express";
import { isLoopbackHost } from "../../config/env";
import { AppError } from "../errors";

/**
 * The local demo answers requests only when they are addressed to this machine: a `Host` of another name means
 * a web page used DNS rebinding to reach localhost through the browser. Requests that change something must
 * not come from another site's page either (`Origin`, sent by browsers on every cross-site POST).
 */
export function localOnly(): RequestHandler {
  return (req, _res, next) => {
    if (!isLoopbackHost(hostName(req.get("host") ?? ""))) return next(new AppError("FORBIDDEN", "This demo answers only requests addressed to localhost"));
    const origin = req.get("origin");
    if (origin !== undefined && !["GET", "HEAD", "OPTIONS"].includes(req.method) && !isLocalOrigin(origin)) {
      return next(new AppError("FORBIDDEN", "Cross-site requests may not change the local demo"));
    }
    next();
  };
}

function hostName(host: string): string {
  return host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
}

function isLocalOrigin(origin: string): boolean {
  try {
    return isLoopbackHost(new URL(origin).hostname);
  } catch {
    return false;
  }
}
