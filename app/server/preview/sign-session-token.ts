import { createHmac, randomUUID } from "node:crypto";

/**
 * A checkout session token as Shopify issues it to a UI extension: an HS256 JWT signed with the app secret,
 * `aud` = API key, `dest` = the shop, `sub` = the customer's GID when known. Demo mode only (the preview
 * harness): the server verifies it with the official library like any real token.
 */
export function signCheckoutSessionToken(options: {
  apiKey: string;
  apiSecret: string;
  shopDomain: string;
  customerGid: string | null;
  now: Date;
  ttlSeconds?: number;
}): { token: string; expiresAt: Date } {
  const issuedAt = Math.floor(options.now.getTime() / 1000);
  const expires = issuedAt + (options.ttlSeconds ?? 300);
  const payload = {
    iss: `https://${options.shopDomain}/checkouts`,
    dest: `https://${options.shopDomain}`,
    aud: options.apiKey,
    ...(options.customerGid ? { sub: options.customerGid } : {}),
    exp: expires,
    nbf: issuedAt,
    iat: issuedAt,
    jti: randomUUID(),
  };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(payload)}`;
  const signature = createHmac("sha256", options.apiSecret).update(unsigned).digest("base64url");
  return { token: `${unsigned}.${signature}`, expiresAt: new Date(expires * 1000) };
}
