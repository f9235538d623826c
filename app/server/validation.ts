import type { z } from "zod";
import { AppError } from "./errors";

/**
 * Parses request input with zod; a failure becomes a 400 naming every offending field. Text holding a NUL
 * character is refused too (PostgreSQL cannot store it in text, so it would otherwise fail as a 500).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const nul = nulCharacterFields(input);
  if (nul.length > 0) throw AppError.validation(nul.map((field) => ({ field, message: "must not contain a NUL character" })));
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw AppError.validation(
    result.error.issues.map((issue) => ({ field: issue.path.join(".") || "(body)", message: issue.message })),
  );
}

/** Paths of every string (keys included) holding U+0000, at most 10. */
export function nulCharacterFields(value: unknown, path: string[] = [], found: string[] = []): string[] {
  if (found.length >= 10) return found;
  if (typeof value === "string") {
    if (value.includes("\u0000")) found.push(path.join(".") || "(body)");
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nulCharacterFields(item, [...path, String(index)], found));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes("\u0000")) found.push([...path, key.replace(/\u0000/g, "\\0")].join("."));
      nulCharacterFields(item, [...path, key], found);
    }
  }
  return found;
}

/** Any request whose path or query carries a NUL character (%00) is answered 400 before a route reads it. */
export function rejectNulInUrl(): import("express").RequestHandler {
  return (req, _res, next) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(req.originalUrl);
    } catch {
      return next(new AppError("BAD_REQUEST", "The URL is not validly percent-encoded"));
    }
    if (decoded.includes("\u0000")) return next(AppError.validation([{ field: "(url)", message: "must not contain a NUL character" }]));
    next();
  };
}

/**
 * OAuth and embedded entry points take `shop` only as a *.myshopify.com domain, and `host` (when given) only as
 * the base64 of a Shopify admin host; the embedded entry (`embedded=1`) requires `host`, which the library's
 * install redirect needs. The library answers each of these with a plain-text or HTML 500/422; here they are a
 * JSON 400 naming the field, with nothing of the request echoed.
 */
export function requireValidShopParameter(
  sanitizeShop: (shop: string) => string | null,
  options: { required: boolean; sanitizeHost?: (host: string) => string | null },
): import("express").RequestHandler {
  return (req, _res, next) => {
    const { shop, host, embedded } = req.query;
    if (shop === undefined && !options.required) return next();
    if (typeof shop !== "string" || !sanitizeShop(shop)) {
      return next(AppError.validation([{ field: "shop", message: "must be a shop domain such as example.myshopify.com" }]));
    }
    if (!options.sanitizeHost) return next();
    if (host === undefined && embedded !== "1") return next();
    if (typeof host !== "string" || !validHost(options.sanitizeHost, host)) {
      return next(AppError.validation([{ field: "host", message: "must be the host parameter Shopify adds (base64 of the shop's admin host)" }]));
    }
    next();
  };
}

/** The library's check throws (TypeError from `new URL`) on base64 that decodes to no host name at all. */
function validHost(sanitizeHost: (host: string) => string | null, host: string): boolean {
  try {
    return sanitizeHost(host) !== null;
  } catch {
    return false;
  }
}
