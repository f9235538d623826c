import { createHmac, randomUUID } from "node:crypto";
import { SignJWT } from "jose";

/** Signs requests exactly as Shopify does, so tests exercise the production verification paths. */
export const TEST_SECRET = "encore-demo-secret";
export const TEST_API_KEY = "encore-demo";
export const DEMO_SHOP = "encore-demo.myshopify.com";

export function webhookHeaders(options: {
  body: string;
  topic: string;
  shop?: string;
  webhookId?: string;
  apiVersion?: string;
  secret?: string;
}): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": options.topic,
    "X-Shopify-Shop-Domain": options.shop ?? DEMO_SHOP,
    "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
    "X-Shopify-API-Version": options.apiVersion ?? "2026-10",
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Hmac-Sha256": createHmac("sha256", options.secret ?? TEST_SECRET).update(options.body, "utf8").digest("base64"),
  };
}

/** An App Bridge / checkout session token: HS256 JWT signed with the app secret. */
export async function sessionToken(
  options: { shop?: string; secret?: string; audience?: string; expiresInSeconds?: number; notBeforeOffsetSeconds?: number } = {},
): Promise<string> {
  const shop = options.shop ?? DEMO_SHOP;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${shop}`, sid: randomUUID() })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${shop}/admin`)
    .setAudience(options.audience ?? TEST_API_KEY)
    .setSubject("1")
    .setIssuedAt(now)
    .setNotBefore(now + (options.notBeforeOffsetSeconds ?? 0))
    .setExpirationTime(now + (options.expiresInSeconds ?? 60))
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}

/**
 * A checkout (or customer account) UI extension's session token, as Shopify issues it: `iss` on the shop's
 * `/checkouts`, no `sid`, `sub` the signed-in buyer's customer GID (absent for a guest), 5 minutes.
 */
export async function checkoutToken(
  options: { shop?: string; customerGid?: string | null; secret?: string; audience?: string; expiresInSeconds?: number; issuer?: string; withoutExpiry?: boolean } = {},
): Promise<string> {
  const shop = options.shop ?? DEMO_SHOP;
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ dest: `https://${shop}` })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(options.issuer ?? `https://${shop}/checkouts`)
    .setAudience(options.audience ?? TEST_API_KEY)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setJti(randomUUID());
  if (options.customerGid) jwt = jwt.setSubject(options.customerGid);
  if (!options.withoutExpiry) jwt = jwt.setExpirationTime(now + (options.expiresInSeconds ?? 300));
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}
