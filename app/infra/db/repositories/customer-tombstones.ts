import { createHmac } from "node:crypto";
import type { Queryable } from "./commerce-write-repository";

/**
 * After customers/redact, Shopify may still deliver a late customers/update or orders/updated for that
 * customer. The tombstone lets the webhooks recognise them without keeping the GID: an HMAC of the GID keyed
 * by the shop's id (so tombstones of one shop say nothing about another's customers).
 */
export function tombstoneHash(shopId: string, customerGid: string): string {
  return createHmac("sha256", shopId).update(customerGid).digest("base64url");
}

export async function addTombstones(db: Queryable, shopId: string, customers: { gid: string; customerId: string | null }[]): Promise<void> {
  if (customers.length === 0) return;
  await db.query(
    `INSERT INTO "CustomerTombstone" ("shopId", "gidHash", "customerId", "redactedAt")
     SELECT $1, h, c, now() FROM unnest($2::text[], $3::text[]) AS t(h, c)
     ON CONFLICT ("shopId", "gidHash") DO UPDATE SET "customerId" = coalesce(excluded."customerId", "CustomerTombstone"."customerId")`,
    [shopId, customers.map((customer) => tombstoneHash(shopId, customer.gid)), customers.map((customer) => customer.customerId)],
  );
}

/** The tombstone of a redacted customer (with the anonymised row their orders point to), or null. */
export async function findTombstone(db: Queryable, shopId: string, customerGid: string): Promise<{ customerId: string | null } | null> {
  const { rows } = await db.query<{ customerId: string | null }>(
    `SELECT "customerId" FROM "CustomerTombstone" WHERE "shopId" = $1 AND "gidHash" = $2`,
    [shopId, tombstoneHash(shopId, customerGid)],
  );
  return rows[0] ?? null;
}
