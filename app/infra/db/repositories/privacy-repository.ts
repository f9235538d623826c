import type { ExportInput } from "../../../domain/privacy/customer-export";
import type { PrismaClient } from "../database";
import type { Queryable } from "./commerce-write-repository";
import { addTombstones } from "./customer-tombstones";
import { dropShopPartition } from "../../scoring/score-partition";

/**
 * Privacy compliance over plain SQL (usable inside a webhook's transaction). Customer PII lives in the Customer
 * row only; copies of it live in earlier data-request exports, which a redact scrubs too.
 */

export async function findShopId(db: Queryable, shopDomain: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM "Shop" WHERE domain = $1`, [shopDomain]);
  return rows[0]?.id ?? null;
}

/** The customer's rows, matched by GID (and by email for records imported before the GID was known). */
async function findCustomerIds(db: Queryable, shopId: string, customerGid: string | null, email: string | null): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM "Customer" WHERE "shopId" = $1 AND ("shopifyGid" = $2 OR ($3::text IS NOT NULL AND lower(email) = lower($3)))`,
    [shopId, customerGid, email],
  );
  return rows.map((row) => row.id);
}

export async function collectCustomerData(db: Queryable, shopId: string, customerGid: string | null, email: string | null): Promise<ExportInput | null> {
  const ids = await findCustomerIds(db, shopId, customerGid, email);
  if (ids.length === 0) return null;
  const customer = (await db.query<ExportInput["customer"]>(
    `SELECT "shopifyGid", "firstName", "lastName", email, phone, city, "countryCode", "shopifyCreatedAt"
     FROM "Customer" WHERE id = ANY($1) ORDER BY "redactedAt" NULLS FIRST, "createdAt" LIMIT 1`,
    [ids],
  )).rows[0];
  const orders = (await db.query<ExportInput["orders"][number]>(
    `SELECT o."shopifyGid", o.name, o."placedAt", o."cancelledAt", o.currency, o."totalPrice"::text AS "totalPrice",
            o."discountCodes",
            coalesce((SELECT json_agg(json_build_object('title', li->>'title', 'quantity', (li->>'quantity')::int, 'unitPrice', li->>'unitPrice'))
                      FROM json_array_elements(o."lineItems") AS li), '[]'::json) AS "lineItems"
     FROM "Order" o WHERE o."customerId" = ANY($1) ORDER BY o."placedAt"`,
    [ids],
  )).rows;
  const score = (await db.query<Record<string, unknown>>(
    `SELECT model, confidence, "scoredAt", "orderCount", "totalSpent"::text AS "totalSpent", "pAlive", "pRepeat90",
            "expectedOrders365", "predictedClv365"::text AS "predictedClv365", "rfmSegment", "loyaltySegment"
     FROM "CustomerScore" WHERE "customerId" = ANY($1) LIMIT 1`,
    [ids],
  )).rows[0] ?? null;
  const offerDecisions = (await db.query<ExportInput["offerDecisions"][number]>(
    `SELECT "orderGid", outcome, code, "decidedAt", "redeemedAt" FROM "OfferDecision"
     WHERE "shopId" = $1 AND ("customerId" = ANY($2) OR "customerGid" = $3) ORDER BY "decidedAt"`,
    [shopId, ids, customerGid],
  )).rows;
  const surveyResponses = (await db.query<ExportInput["surveyResponses"][number]>(
    `SELECT s."orderGid", s.question, s.answer, s."createdAt" FROM "SurveyResponse" s
     WHERE s."shopId" = $1 AND s."orderGid" IN (SELECT "shopifyGid" FROM "Order" WHERE "customerId" = ANY($2))
     ORDER BY s."createdAt"`,
    [shopId, ids],
  )).rows;
  return { customer, orders, score, offerDecisions, surveyResponses };
}

export interface PrivacyRequestInput {
  shopId: string;
  kind: "customers/data_request" | "customers/redact";
  shopifyCustomerId: string | null;
  ordersRequested: string[];
  exportData: unknown;
}

export async function recordPrivacyRequest(db: Queryable, request: PrivacyRequestInput): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "PrivacyRequest" (id, "shopId", kind, "shopifyCustomerId", "ordersRequested", status, export, "receivedAt", "completedAt")
     VALUES (gen_random_uuid()::text, $1, $2, $3, $4, 'completed', $5::jsonb, now(), now()) RETURNING id`,
    [request.shopId, request.kind, request.shopifyCustomerId, request.ordersRequested, request.exportData === null ? null : JSON.stringify(request.exportData)],
  );
  return rows[0].id;
}

/**
 * customers/redact: the customer's PII columns are nulled and the GID replaced by an opaque token, scores are
 * deleted, offer decisions lose the GID, and earlier exports of the customer are erased. Orders stay (linked to
 * the anonymous row), so the shop's aggregates do not change.
 */
export async function redactCustomer(db: Queryable, shopId: string, customerGid: string | null, email: string | null): Promise<number> {
  const { rows: found } = await db.query<{ id: string; shopifyGid: string }>(
    `SELECT id, "shopifyGid" FROM "Customer" WHERE "shopId" = $1 AND ("shopifyGid" = $2 OR ($3::text IS NOT NULL AND lower(email) = lower($3)))`,
    [shopId, customerGid, email],
  );
  const ids = found.map((row) => row.id);
  // Tombstones first: every GID redacted here, and the requested one even when Encore never stored it.
  const tombstones = found.filter((row) => !row.shopifyGid.startsWith("redacted:")).map((row) => ({ gid: row.shopifyGid, customerId: row.id }));
  if (customerGid && !tombstones.some((row) => row.gid === customerGid)) tombstones.push({ gid: customerGid, customerId: found[0]?.id ?? null });
  await addTombstones(db, shopId, tombstones);
  // Jobs name customers by Encore's id only (never the GID), and a rescore of the anonymised row is a no-op.
  if (ids.length > 0) {
    await db.query(`DELETE FROM "CustomerScore" WHERE "customerId" = ANY($1)`, [ids]);
    await db.query(`DELETE FROM "CustomerScoreSnapshot" WHERE "customerId" = ANY($1)`, [ids]);
    // What Encore last wrote to their metafields and saw of their status, and triggers not yet sent about them.
    await db.query(`DELETE FROM "CustomerActivation" WHERE "customerId" = ANY($1)`, [ids]);
    await db.query(`DELETE FROM "FlowTriggerEvent" WHERE "customerId" = ANY($1)`, [ids]);
    await db.query(
      `UPDATE "Customer" SET "firstName" = NULL, "lastName" = NULL, email = NULL, phone = NULL, city = NULL,
              "countryCode" = NULL, "birthDate" = NULL, "shopifyGid" = 'redacted:' || id, "redactedAt" = now(), "updatedAt" = now()
       WHERE id = ANY($1)`,
      [ids],
    );
  }
  await db.query(
    `UPDATE "OfferDecision" SET "customerGid" = NULL WHERE "shopId" = $1 AND ("customerId" = ANY($2) OR "customerGid" = $3)`,
    [shopId, ids, customerGid],
  );
  await db.query(
    `UPDATE "PrivacyRequest" SET export = NULL WHERE "shopId" = $1 AND kind = 'customers/data_request' AND "shopifyCustomerId" = $2`,
    [shopId, customerGid],
  );
  return ids.length;
}

/**
 * shop/redact: every row of the shop, in every table. The Shop row cascades to everything keyed by shopId except
 * orders, which keep no foreign keys (see schema.prisma) and are deleted after it: deleting the Shop waits for
 * any order write holding it (holdShop) and makes later ones fail, so no order of the shop outlives it.
 */
export async function deleteShopData(db: Queryable, shopDomain: string): Promise<void> {
  // A large shop's scores are a partition of their own: dropped whole instead of cascaded row by row.
  const { rows: shops } = await db.query<{ id: string }>(`SELECT id FROM "Shop" WHERE domain = $1`, [shopDomain]);
  for (const { id } of shops) await dropShopPartition(db, id);
  const { rows } = await db.query<{ id: string }>(`DELETE FROM "Shop" WHERE domain = $1 RETURNING id`, [shopDomain]);
  for (const { id } of rows) await db.query(`DELETE FROM "Order" WHERE "shopId" = $1`, [id]);
  for (const { id } of rows) await db.query(`DELETE FROM "CustomerScoreSnapshot" WHERE "shopId" = $1`, [id]);
  await db.query(`DELETE FROM "Session" WHERE shop = $1`, [shopDomain]);
  await db.query(`DELETE FROM "WebhookDelivery" WHERE "shopDomain" = $1`, [shopDomain]);
}

export class PrivacyRequestRepository {
  constructor(private readonly prisma: PrismaClient) {}

  list(shopDomain: string) {
    return this.prisma.privacyRequest.findMany({
      where: { shop: { domain: shopDomain } },
      orderBy: { receivedAt: "desc" },
      take: 100,
      select: { id: true, kind: true, shopifyCustomerId: true, ordersRequested: true, status: true, receivedAt: true, completedAt: true },
    });
  }

  find(shopDomain: string, id: string) {
    return this.prisma.privacyRequest.findFirst({ where: { id, shop: { domain: shopDomain } } });
  }
}
