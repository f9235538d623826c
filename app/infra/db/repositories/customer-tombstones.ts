import { createHmac } from "node:crypto";
import { appSecret } from "../../../config/env";
import type { Queryable } from "./commerce-write-repository";

/**
 * After customers/redact, Shopify may still deliver a late customers/update or orders/updated for that
 * customer. The tombstone lets the webhooks recognise them without keeping the GID: an HMAC of the GID under
 * a per-shop key derived from the app's secret (SHOPIFY_API_SECRET), which is never in the database. Customer
 * GIDs are sequential numbers, so a key the database holds (the shop's id, as before) would let anyone with a
 * copy of it find the customer by hashing candidate GIDs. Per shop, so one shop's tombstones say nothing about
 * another's customers. Rotating the app secret makes existing tombstones unrecognisable.
 */
export function tombstoneHash(shopId: string, customerGid: string, secret: string = appSecret()): string {
  return createHmac("sha256", tombstoneKey(secret, shopId)).update(customerGid).digest("base64url");
}

function tombstoneKey(secret: string, shopId: string): Buffer {
  return createHmac("sha256", secret).update(`encore/customer-tombstone/v2\u0000${shopId}`).digest();
}

/**
 * How tombstones written before the server key (keyed by the shop's id alone) were hashed. Only read, never
 * written: those rows cannot be re-keyed without the GIDs they hide, so they keep being recognised as they are.
 */
function legacyTombstoneHash(shopId: string, customerGid: string): string {
  return createHmac("sha256", shopId).update(customerGid).digest("base64url");
}

export async function addTombstones(db: Queryable, shopId: string, customers: { gid: string; customerId: string | null }[]): Promise<void> {
  if (customers.length === 0) return;
  const secret = appSecret();
  await db.query(
    `INSERT INTO "CustomerTombstone" ("shopId", "gidHash", "customerId", "redactedAt")
     SELECT $1, h, c, now() FROM unnest($2::text[], $3::text[]) AS t(h, c)
     ON CONFLICT ("shopId", "gidHash") DO UPDATE SET "customerId" = coalesce(excluded."customerId", "CustomerTombstone"."customerId")`,
    [shopId, customers.map((customer) => tombstoneHash(shopId, customer.gid, secret)), customers.map((customer) => customer.customerId)],
  );
}

/** The tombstone of a redacted customer (with the anonymised row their orders point to), or null. */
export async function findTombstone(db: Queryable, shopId: string, customerGid: string): Promise<{ customerId: string | null } | null> {
  const { rows } = await db.query<{ customerId: string | null }>(
    `SELECT "customerId" FROM "CustomerTombstone" WHERE "shopId" = $1 AND "gidHash" = ANY($2::text[])
     ORDER BY "customerId" IS NULL, "redactedAt" DESC LIMIT 1`,
    [shopId, [tombstoneHash(shopId, customerGid), legacyTombstoneHash(shopId, customerGid)]],
  );
  return rows[0] ?? null;
}
