import type { JwtPayload } from "@shopify/shopify-api";

/**
 * What kind of Shopify session token a verified payload is. The signature, `aud` and `nbf` are checked by the
 * official library (`shopify.api.session.decodeSessionToken`); it does not require `exp` nor look at who
 * issued the token, so a buyer's checkout token (same secret, same audience) would pass as an admin session.
 * These claim checks tell the kinds apart:
 * - admin (App Bridge): `iss` = `https://<dest host>/admin`, `sid` present; Shopify issues them for 1 minute;
 * - extension (checkout / customer account UI extensions): `iss` on the shop's host, not `/admin`, no `sid`,
 *   `sub` the buyer's customer GID when signed in; Shopify issues them for 5 minutes.
 */
export type SessionTokenKind = "admin" | "extension";

/**
 * What Shopify issues: admin session tokens live one minute (shopify.dev, "About session tokens"), checkout
 * and customer-account UI extension tokens five ("Session Token API": "The token has a TTL of 5 minutes").
 */
export const SHOPIFY_TOKEN_LIFETIME_SECONDS: Record<SessionTokenKind, number> = { admin: 60, extension: 5 * 60 };

/**
 * Allowance on top, the same 10 s the official library grants `exp` and `nbf` against our clock
 * (JWT_PERMITTED_CLOCK_TOLERANCE): `exp` and `iat` come from Shopify's clock, so this only absorbs rounding
 * on the issuer's side, not drift between the two machines.
 */
export const TOKEN_LIFETIME_ALLOWANCE_SECONDS = 10;

/** Longest lifetime (exp − iat) accepted per kind: 70 s for admin tokens, 310 s for extension tokens. */
export const MAX_TOKEN_LIFETIME_SECONDS: Record<SessionTokenKind, number> = {
  admin: SHOPIFY_TOKEN_LIFETIME_SECONDS.admin + TOKEN_LIFETIME_ALLOWANCE_SECONDS,
  extension: SHOPIFY_TOKEN_LIFETIME_SECONDS.extension + TOKEN_LIFETIME_ALLOWANCE_SECONDS,
};

export interface VerifiedSessionToken {
  kind: SessionTokenKind;
  shopDomain: string;
  /** The buyer's customer GID (extension tokens of a signed-in buyer), else null. */
  customerGid: string | null;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/\d+$/;

/** Null when the payload is not a well-formed token of the expected kind. */
export function sessionTokenOfKind(payload: JwtPayload, expected: SessionTokenKind): VerifiedSessionToken | null {
  const dest = hostOf(payload.dest);
  const issuer = urlOf(payload.iss);
  if (!dest || !SHOP_DOMAIN.test(dest) || !issuer || issuer.host !== dest || issuer.protocol !== "https:") return null;
  if (typeof payload.exp !== "number" || typeof payload.iat !== "number") return null;
  if (payload.exp - payload.iat > MAX_TOKEN_LIFETIME_SECONDS[expected] || payload.exp < payload.iat) return null;
  const isAdmin = issuer.pathname === "/admin" && typeof payload.sid === "string" && payload.sid.length > 0;
  if (expected === "admin") return isAdmin ? { kind: "admin", shopDomain: dest, customerGid: null } : null;
  if (isAdmin || issuer.pathname === "/admin" || payload.sid !== undefined) return null;
  const sub = typeof payload.sub === "string" && payload.sub !== "" ? payload.sub : null;
  if (sub !== null && !CUSTOMER_GID.test(sub)) return null;
  return { kind: "extension", shopDomain: dest, customerGid: sub };
}

function urlOf(value: unknown): URL | null {
  if (typeof value !== "string") return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function hostOf(value: unknown): string | null {
  return urlOf(value)?.host ?? null;
}

/** The Bearer token of an Authorization header; an empty or malformed one is `""` (refused, not ignored). */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined || header === "") return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match ? match[1] : "";
}

/** Verifies the signature with the official library, then the claims of the expected kind. */
export async function verifySessionToken(
  decode: (token: string) => Promise<JwtPayload>,
  token: string,
  expected: SessionTokenKind,
): Promise<VerifiedSessionToken | null> {
  if (token === "") return null;
  try {
    return sessionTokenOfKind(await decode(token), expected);
  } catch {
    return null;
  }
}
