import { createSeededRandom, deriveSeed } from "../../domain/random/seeded-random";
import {
  demoBirthDate,
  demoOfferWindow,
  planDemoBirthdayHistory,
  planDemoOfferHistory,
  planDemoWinBackHistory,
  type DemoCustomerHistory,
  type DemoFirstOrder,
  type PlannedDecision,
} from "../../domain/offers/demo-offer-history";
import type { Offer } from "../../domain/offers/offer";
import { DEFAULT_SURVEY } from "../../domain/offers/survey";
import type { Database } from "../db/database";
import type pg from "pg";

export interface SeedDemoOffersOptions {
  shopDomain: string;
  now: Date;
  seed: number;
}

interface SeededCounts {
  issued: number;
  control: number;
  redeemed: number;
}

/** Top-level counts are the next-purchase offer's (as before kinds existed); each kind's are under its name. */
export interface SeedDemoOffersReport extends SeededCounts {
  seeded: boolean;
  winBack: SeededCounts & { seeded: boolean };
  birthday: SeededCounts & { seeded: boolean; birthDates: number };
  ms: number;
}

/** Demo offer ids are fixed per shop, which is what makes seeding idempotent. */
export function demoOfferId(shopId: string): string {
  return `demo-offer-${shopId}`;
}

export function demoWinBackOfferId(shopId: string): string {
  return `demo-offer-win-back-${shopId}`;
}

export function demoBirthdayOfferId(shopId: string): string {
  return `demo-offer-birthday-${shopId}`;
}

/**
 * Call after seedDemoShop: gives the demo shop one active offer of each kind, each with a year of decisions
 * backfilled from its orders — issued codes, control-group holds and redemptions by later orders (whose
 * discountCodes then carry the code) — so /api/offers/:id/performance has real numbers:
 * - next purchase: 15 % off the next order, first orders, not "lover"s, 10 % control;
 * - win-back: 20 % off when a customer goes DEMO_AT_RISK_AFTER_DAYS without an order, 20 % control;
 * - birthday: 10 off (30 minimum) a week before the birthday, 10 % control; about a third of the demo's
 *   customers get a deterministic birth date (as if they had given it at sign-up).
 * Each offer is seeded once per shop (its fixed id), in its own transaction, so a shop seeded before the
 * other kinds existed gets them at its next start.
 */
export async function seedDemoOffers(db: Database, options: SeedDemoOffersOptions): Promise<SeedDemoOffersReport> {
  const started = performance.now();
  const none = { seeded: false, issued: 0, control: 0, redeemed: 0 };
  const shop = await db.prisma.shop.findUnique({ where: { domain: options.shopDomain } });
  if (!shop) return { ...none, winBack: none, birthday: { ...none, birthDates: 0 }, ms: performance.now() - started };

  const { startsAt, decideBefore } = demoOfferWindow(options.now);
  const nextPurchase = await seedNextPurchaseOffer(db, shop, options, { startsAt, decideBefore });
  const winBack = await seedCustomerOffer(db, shop.id, demoWinBackOffer(shop.id, startsAt), async (client, offer) => {
    const customers = await loadCustomerHistories(client, shop.id);
    return planDemoWinBackHistory(offer, customers, { startsAt, decideBefore }, createSeededRandom(deriveSeed(options.seed, 11)));
  });
  let birthDates = 0;
  const birthday = await seedCustomerOffer(db, shop.id, demoBirthdayOffer(shop.id, startsAt), async (client, offer) => {
    birthDates = await seedBirthDates(client, shop.id, options.now);
    const customers = await loadCustomerHistories(client, shop.id);
    return planDemoBirthdayHistory(offer, customers, { startsAt, decideBefore }, createSeededRandom(deriveSeed(options.seed, 12)));
  });
  return {
    ...nextPurchase,
    seeded: nextPurchase.seeded || winBack.seeded || birthday.seeded,
    winBack,
    birthday: { ...birthday, birthDates },
    ms: performance.now() - started,
  };
}

function demoWinBackOffer(shopId: string, startsAt: Date): Offer {
  return {
    id: demoWinBackOfferId(shopId),
    name: "We miss you: 20% off",
    status: "active",
    discountType: "percentage",
    discountValue: 20,
    minimumSubtotal: null,
    validityDays: 45,
    targeting: {},
    orderScope: "any_order",
    controlShare: 0.2,
    startsAt,
    endsAt: null,
    priority: 0,
    kind: "win_back",
    leadDays: null,
    seasonalWindows: [],
    targetingMode: "manual",
    createdAt: startsAt,
  };
}

function demoBirthdayOffer(shopId: string, startsAt: Date): Offer {
  return {
    id: demoBirthdayOfferId(shopId),
    name: "Happy birthday: 10 off",
    status: "active",
    discountType: "fixed_amount",
    discountValue: 10,
    minimumSubtotal: 30,
    validityDays: 30,
    targeting: {},
    orderScope: "any_order",
    controlShare: 0.1,
    startsAt,
    endsAt: null,
    priority: 0,
    kind: "birthday",
    leadDays: 7,
    seasonalWindows: [],
    targetingMode: "manual",
    createdAt: startsAt,
  };
}

async function seedNextPurchaseOffer(
  db: Database,
  shop: { id: string },
  options: SeedDemoOffersOptions,
  { startsAt, decideBefore }: { startsAt: Date; decideBefore: Date },
): Promise<SeededCounts & { seeded: boolean }> {
  const offerId = demoOfferId(shop.id);
  if (await db.prisma.offer.findUnique({ where: { id: offerId } })) return { seeded: false, issued: 0, control: 0, redeemed: 0 };
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
    kind: "next_purchase",
    leadDays: null,
    seasonalWindows: [],
    targetingMode: "manual",
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
    await insertOffer(client, shop.id, offer);
    const counts = await insertPlannedDecisions(client, shop.id, offer, planned.map((decision) => ({ ...decision, kind: "next_purchase" as const })));
    await client.query(
      `INSERT INTO "ShopSettings" (id, "shopId", survey, "updatedAt") VALUES (gen_random_uuid()::text, $1, $2, now())
       ON CONFLICT ("shopId") DO NOTHING`,
      [shop.id, JSON.stringify(DEFAULT_SURVEY)],
    );
    await client.query("COMMIT");
    return { seeded: true, ...counts };
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

/** One win-back or birthday offer and its planned history, in one transaction, unless its id exists. */
async function seedCustomerOffer(
  db: Database,
  shopId: string,
  offer: Offer,
  plan: (client: pg.PoolClient, offer: Offer) => Promise<(PlannedDecision & { kind: Offer["kind"] })[]>,
): Promise<SeededCounts & { seeded: boolean }> {
  if (await db.prisma.offer.findUnique({ where: { id: offer.id } })) return { seeded: false, issued: 0, control: 0, redeemed: 0 };
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    const planned = await plan(client, offer);
    await insertOffer(client, shopId, offer);
    const counts = await insertPlannedDecisions(client, shopId, offer, planned);
    await client.query("COMMIT");
    return { seeded: true, ...counts };
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

/** Every known customer's orders (oldest first) with their birth date; discount codes as they stand now. */
async function loadCustomerHistories(client: pg.PoolClient, shopId: string): Promise<DemoCustomerHistory[]> {
  const { rows } = await client.query<{
    customerId: string; customerGid: string; birthDate: string | null; orderGid: string; placedAt: Date; currency: string;
    subtotal: string; total: string; codes: string[];
  }>(
    `SELECT c.id AS "customerId", c."shopifyGid" AS "customerGid", c."birthDate", o."shopifyGid" AS "orderGid", o."placedAt", o.currency,
            o."subtotalPrice"::text AS subtotal, o."totalPrice"::text AS total, o."discountCodes" AS codes
     FROM "Order" o JOIN "Customer" c ON c.id = o."customerId"
     WHERE o."shopId" = $1 AND o."cancelledAt" IS NULL AND c."redactedAt" IS NULL
     ORDER BY c."shopifyGid", o."placedAt", o.id`,
    [shopId],
  );
  const customers: DemoCustomerHistory[] = [];
  for (const row of rows) {
    let customer = customers[customers.length - 1];
    if (!customer || customer.customerId !== row.customerId) {
      customer = { customerId: row.customerId, customerGid: row.customerGid, currency: row.currency, birthDate: row.birthDate, orders: [] };
      customers.push(customer);
    }
    customer.orders.push({ orderGid: row.orderGid, placedAt: row.placedAt, subtotal: Number(row.subtotal), totalPrice: Number(row.total), discountCodes: row.codes ?? [] });
  }
  return customers;
}

/** Deterministic birth dates (demoBirthDate) for the demo's customers who have none yet. */
async function seedBirthDates(client: pg.PoolClient, shopId: string, now: Date): Promise<number> {
  const { rows } = await client.query<{ id: string; gid: string }>(
    `SELECT id, "shopifyGid" AS gid FROM "Customer" WHERE "shopId" = $1 AND "redactedAt" IS NULL AND "birthDate" IS NULL`,
    [shopId],
  );
  const dated = rows.map((row) => ({ id: row.id, birthDate: demoBirthDate(row.gid, now) })).filter((row) => row.birthDate !== null);
  await client.query(
    `UPDATE "Customer" c SET "birthDate" = u."birthDate", "updatedAt" = now()
     FROM unnest($2::text[], $3::text[]) AS u(id, "birthDate") WHERE c."shopId" = $1 AND c.id = u.id`,
    [shopId, dated.map((row) => row.id), dated.map((row) => row.birthDate)],
  );
  return dated.length;
}

async function insertOffer(client: pg.PoolClient, shopId: string, offer: Offer): Promise<void> {
  await client.query(
    `INSERT INTO "Offer" (id, "shopId", name, status, "discountType", "discountValue", "minimumSubtotal", "validityDays", targeting,
                          "orderScope", "controlShare", "startsAt", "endsAt", priority, kind, "leadDays", "seasonalWindows", "targetingMode",
                          "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, now())`,
    [offer.id, shopId, offer.name, offer.status, offer.discountType, offer.discountValue, offer.minimumSubtotal, offer.validityDays,
      JSON.stringify(offer.targeting), offer.orderScope, offer.controlShare, offer.startsAt, offer.endsAt, offer.priority,
      offer.kind, offer.leadDays, JSON.stringify(offer.seasonalWindows), offer.targetingMode, offer.createdAt],
  );
}

/** The planned decisions as rows (codes created in the demo's Shopify), and the redeeming orders' codes. */
async function insertPlannedDecisions(
  client: pg.PoolClient,
  shopId: string,
  offer: Offer,
  planned: (PlannedDecision & { kind: Offer["kind"] })[],
): Promise<SeededCounts> {
  await client.query(
    `INSERT INTO "OfferDecision" (id, "shopId", "orderGid", kind, "offerId", "customerId", "customerGid", outcome, reason, code,
       "shopifyDiscountId", "discountStatus", "discountType", "discountValue", "minimumSubtotal", currency, "startsAt", "expiresAt",
       "decidedAt", "redeemedAt", "redeemedOrderGid", "attributedRevenue", "discountAmount")
     SELECT gen_random_uuid()::text, $1, u."orderGid", u.kind, $2, u."customerId", u."customerGid", u.outcome,
            CASE WHEN u.outcome = 'control' THEN 'control_group' END, u.code,
            CASE WHEN u.outcome = 'issued' THEN 'gid://shopify/DiscountCodeNode/demo-' || u.code END,
            CASE WHEN u.outcome = 'issued' THEN 'created' END,
            CASE WHEN u.outcome = 'issued' THEN $3 END, CASE WHEN u.outcome = 'issued' THEN $4::numeric END,
            CASE WHEN u.outcome = 'issued' THEN $5::numeric END, u.currency,
            CASE WHEN u.outcome = 'issued' THEN u."decidedAt" END, u."expiresAt", u."decidedAt",
            u."redeemedAt", u."redeemedOrderGid", u."attributedRevenue", u."discountAmount"
     FROM unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[],
                 $14::timestamptz[], $15::text[], $16::numeric[], $17::numeric[], $18::text[])
       AS u("orderGid", "customerId", "customerGid", outcome, code, currency, "decidedAt", "expiresAt",
            "redeemedAt", "redeemedOrderGid", "attributedRevenue", "discountAmount", kind)`,
    [
      shopId, offer.id, offer.discountType, offer.discountValue, offer.minimumSubtotal,
      planned.map((d) => d.orderGid), planned.map((d) => d.customerId), planned.map((d) => d.customerGid), planned.map((d) => d.outcome),
      planned.map((d) => d.code), planned.map((d) => d.currency), planned.map((d) => d.decidedAt), planned.map((d) => d.expiresAt),
      planned.map((d) => d.redemption?.redeemedAt ?? null), planned.map((d) => d.redemption?.orderGid ?? null),
      planned.map((d) => d.redemption?.attributedRevenue ?? null), planned.map((d) => d.redemption?.discountAmount ?? null),
      planned.map((d) => d.kind),
    ],
  );
  const issued = planned.filter((decision) => decision.outcome === "issued");
  const redeemed = issued.filter((decision) => decision.redemption);
  await client.query(
    `UPDATE "Order" o SET "discountCodes" = array_append(o."discountCodes", u.code), "updatedAt" = now()
     FROM unnest($2::text[], $3::text[]) AS u("orderGid", code)
     WHERE o."shopId" = $1 AND o."shopifyGid" = u."orderGid"`,
    [shopId, redeemed.map((d) => d.redemption!.orderGid), redeemed.map((d) => d.code)],
  );
  return { issued: issued.length, control: planned.length - issued.length, redeemed: redeemed.length };
}
