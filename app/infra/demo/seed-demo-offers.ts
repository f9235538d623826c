import { createSeededRandom, deriveSeed } from "../../domain/random/seeded-random";
import { demoOfferWindow, planDemoOfferHistory, type DemoFirstOrder } from "../../domain/offers/demo-offer-history";
import type { Offer } from "../../domain/offers/offer";
import { DEFAULT_SURVEY } from "../../domain/offers/survey";
import type { Database } from "../db/database";

export interface SeedDemoOffersOptions {
  shopDomain: string;
  now: Date;
  seed: number;
}

export interface SeedDemoOffersReport {
  seeded: boolean;
  issued: number;
  control: number;
  redeemed: number;
  ms: number;
}

/** Demo offer ids are fixed per shop, which is what makes seeding idempotent. */
export function demoOfferId(shopId: string): string {
  return `demo-offer-${shopId}`;
}

/**
 * Call after seedDemoShop: gives the demo shop one active offer (15 % off the next order, first orders, not
 * "lover"s, 10 % control) and a year of decisions backfilled from its orders — issued codes, control-group
 * holds and redemptions by later orders (whose discountCodes then carry the code) — so
 * /api/offers/:id/performance has real numbers. Runs once per shop, in one transaction.
 */
export async function seedDemoOffers(db: Database, options: SeedDemoOffersOptions): Promise<SeedDemoOffersReport> {
  const started = performance.now();
  const report = (seeded: boolean, counts = { issued: 0, control: 0, redeemed: 0 }) => ({ seeded, ...counts, ms: performance.now() - started });
  const shop = await db.prisma.shop.findUnique({ where: { domain: options.shopDomain } });
  if (!shop) return report(false);
  const offerId = demoOfferId(shop.id);
  if (await db.prisma.offer.findUnique({ where: { id: offerId } })) return report(false);

  const { startsAt, decideBefore } = demoOfferWindow(options.now);
  const offer: Offer = {
    id: offerId,
    name: "Come back soon: 15% off the next order",
    status: "active",
    discountType: "percentage",
    discountValue: 15,
    minimumSubtotal: 40,
    validityDays: 60,
    targeting: { excludeSegments: ["lover"] },
    orderScope: "first_order",
    controlShare: 0.1,
    startsAt,
    endsAt: null,
    priority: 10,
    createdAt: startsAt,
  };

  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{
      orderGid: string; customerId: string; customerGid: string; placedAt: Date; currency: string;
      nextGid: string | null; nextAt: Date | null; nextSubtotal: string | null; nextTotal: string | null; nextCodes: string[] | null;
    }>(
      // Each customer's second order comes from lead() in the same pass as the first: a self-join of the ranked
      // orders was planned as a nested loop over the spilled CTE right after the demo import (19.6 s on PGlite).
      `WITH ranked AS (
         SELECT o."shopifyGid", o."customerId", o."placedAt", o.currency, row_number() OVER w AS n,
                lead(o."shopifyGid") OVER w AS "nextGid", lead(o."placedAt") OVER w AS "nextAt",
                lead(o."subtotalPrice") OVER w AS "nextSubtotal", lead(o."totalPrice") OVER w AS "nextTotal",
                lead(o."discountCodes") OVER w AS "nextCodes"
         FROM "Order" o WHERE o."shopId" = $1 AND o."customerId" IS NOT NULL AND o."cancelledAt" IS NULL
         WINDOW w AS (PARTITION BY o."customerId" ORDER BY o."placedAt", o.id)
       )
       SELECT f."shopifyGid" AS "orderGid", f."customerId", c."shopifyGid" AS "customerGid", f."placedAt", f.currency,
              f."nextGid", f."nextAt", f."nextSubtotal"::text AS "nextSubtotal", f."nextTotal"::text AS "nextTotal", f."nextCodes"
       FROM ranked f
       JOIN "Customer" c ON c.id = f."customerId"
       WHERE f.n = 1 AND f."placedAt" >= $2 AND f."placedAt" < $3
       ORDER BY f."placedAt", f."shopifyGid"`,
      [shop.id, startsAt, decideBefore],
    );
    const firstOrders: DemoFirstOrder[] = rows.map((row) => ({
      orderGid: row.orderGid,
      customerId: row.customerId,
      customerGid: row.customerGid,
      placedAt: row.placedAt,
      currency: row.currency,
      next: row.nextGid
        ? { orderGid: row.nextGid, placedAt: row.nextAt!, subtotal: Number(row.nextSubtotal), totalPrice: Number(row.nextTotal), discountCodes: row.nextCodes ?? [] }
        : null,
    }));
    const planned = planDemoOfferHistory(offer, firstOrders, createSeededRandom(deriveSeed(options.seed, 5)));

    await client.query(
      `INSERT INTO "Offer" (id, "shopId", name, status, "discountType", "discountValue", "minimumSubtotal", "validityDays", targeting,
                            "orderScope", "controlShare", "startsAt", "endsAt", priority, "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, now())`,
      [offer.id, shop.id, offer.name, offer.status, offer.discountType, offer.discountValue, offer.minimumSubtotal, offer.validityDays,
        JSON.stringify(offer.targeting), offer.orderScope, offer.controlShare, offer.startsAt, offer.endsAt, offer.priority, offer.createdAt],
    );
    const issued = planned.filter((decision) => decision.outcome === "issued");
    await client.query(
      `INSERT INTO "OfferDecision" (id, "shopId", "orderGid", "offerId", "customerId", "customerGid", outcome, reason, code,
         "shopifyDiscountId", "discountStatus", "discountType", "discountValue", "minimumSubtotal", currency, "startsAt", "expiresAt",
         "decidedAt", "redeemedAt", "redeemedOrderGid", "attributedRevenue", "discountAmount")
       SELECT gen_random_uuid()::text, $1, u."orderGid", $2, u."customerId", u."customerGid", u.outcome,
              CASE WHEN u.outcome = 'control' THEN 'control_group' END, u.code,
              CASE WHEN u.outcome = 'issued' THEN 'gid://shopify/DiscountCodeNode/demo-' || u.code END,
              CASE WHEN u.outcome = 'issued' THEN 'created' END,
              CASE WHEN u.outcome = 'issued' THEN $3 END, CASE WHEN u.outcome = 'issued' THEN $4::numeric END,
              CASE WHEN u.outcome = 'issued' THEN $5::numeric END, u.currency,
              CASE WHEN u.outcome = 'issued' THEN u."decidedAt" END, u."expiresAt", u."decidedAt",
              u."redeemedAt", u."redeemedOrderGid", u."attributedRevenue", u."discountAmount"
       FROM unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[],
                   $14::timestamptz[], $15::text[], $16::numeric[], $17::numeric[])
         AS u("orderGid", "customerId", "customerGid", outcome, code, currency, "decidedAt", "expiresAt",
              "redeemedAt", "redeemedOrderGid", "attributedRevenue", "discountAmount")`,
      [
        shop.id, offer.id, offer.discountType, offer.discountValue, offer.minimumSubtotal,
        planned.map((d) => d.orderGid), planned.map((d) => d.customerId), planned.map((d) => d.customerGid), planned.map((d) => d.outcome),
        planned.map((d) => d.code), planned.map((d) => d.currency), planned.map((d) => d.decidedAt), planned.map((d) => d.expiresAt),
        planned.map((d) => d.redemption?.redeemedAt ?? null), planned.map((d) => d.redemption?.orderGid ?? null),
        planned.map((d) => d.redemption?.attributedRevenue ?? null), planned.map((d) => d.redemption?.discountAmount ?? null),
      ],
    );
    const redeemed = issued.filter((decision) => decision.redemption);
    await client.query(
      `UPDATE "Order" o SET "discountCodes" = array_append(o."discountCodes", u.code), "updatedAt" = now()
       FROM unnest($2::text[], $3::text[]) AS u("orderGid", code)
       WHERE o."shopId" = $1 AND o."shopifyGid" = u."orderGid"`,
      [shop.id, redeemed.map((d) => d.redemption!.orderGid), redeemed.map((d) => d.code)],
    );
    await client.query(
      `INSERT INTO "ShopSettings" (id, "shopId", survey, "updatedAt") VALUES (gen_random_uuid()::text, $1, $2, now())
       ON CONFLICT ("shopId") DO NOTHING`,
      [shop.id, JSON.stringify(DEFAULT_SURVEY)],
    );
    await client.query("COMMIT");
    return report(true, { issued: issued.length, control: planned.length - issued.length, redeemed: redeemed.length });
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}
