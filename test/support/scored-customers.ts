import type { Database } from "../../app/infra/db/database";
import { insertScoreRows, type ScoreRow } from "../../app/infra/scoring/score-repository";

export interface ScoredCustomer {
  id: string;
  gid: string;
}

/** Score columns the customer metafields are made of, per customer index (everything else fixed). */
export type ScoreFields = Pick<ScoreRow, "pRepeat90" | "pAlive" | "predictedClv365" | "rfmSegment" | "loyaltySegment" | "expectedNextOrderAt">;

export const defaultScoreFields = (index: number): ScoreFields => ({
  pRepeat90: 0.1 + (index % 50) / 100,
  pAlive: index % 3 === 0 ? 0.9 : index % 3 === 1 ? 0.5 : 0.2,
  predictedClv365: 40 + index * 7.3,
  rfmSegment: index % 2 === 0 ? "loyal" : "dormant",
  loyaltySegment: index % 2 === 0 ? "lover" : "lurker",
  // Every fourth customer has no expected next order (its metafield is left out).
  expectedNextOrderAt: index % 4 === 3 ? null : new Date(Date.UTC(2027, 0, 1 + index)),
});

/**
 * A shop with `count` customers, each with a score (GIDs gid://shopify/Customer/1000001…, in GID order), for
 * tests of what is written from scores. Only the columns the metafields read vary.
 */
export async function seedScoredCustomers(
  db: Pick<Database, "prisma" | "pool">,
  options: { shopDomain: string; count: number; scoredAt: Date; fields?: (index: number) => ScoreFields; metafieldDefinitionsAt?: Date | null },
): Promise<{ shopId: string; customers: ScoredCustomer[] }> {
  const shop = await db.prisma.shop.create({ data: { domain: options.shopDomain, metafieldDefinitionsAt: options.metafieldDefinitionsAt ?? null } });
  const customers: ScoredCustomer[] = Array.from({ length: options.count }, (_, index) => ({
    id: `cust-${options.shopDomain}-${String(index).padStart(6, "0")}`,
    gid: `gid://shopify/Customer/${1_000_001 + index}`,
  }));
  await db.prisma.customer.createMany({ data: customers.map((customer) => ({ id: customer.id, shopId: shop.id, shopifyGid: customer.gid })) });
  await writeScores(db, shop.id, customers, options.scoredAt, options.fields ?? defaultScoreFields);
  return { shopId: shop.id, customers };
}

/** (Re)writes the customers' scores (upsert by customer), as a scoring run would. */
export async function writeScores(
  db: Pick<Database, "pool">,
  shopId: string,
  customers: ScoredCustomer[],
  scoredAt: Date,
  fields: (index: number) => ScoreFields,
): Promise<void> {
  const rows: ScoreRow[] = customers.map((customer, index) => ({
    customerId: customer.id,
    model: "bgnbd",
    confidence: "medium",
    orderCount: 2,
    repeatPurchases: 1,
    firstOrderAt: new Date("2025-01-01T00:00:00Z"),
    lastOrderAt: new Date("2026-06-01T00:00:00Z"),
    totalSpent: 120,
    averageOrderValue: 60,
    expectedOrders90: 0.3,
    expectedOrders365: 1.1,
    rfmRecency: 3,
    rfmFrequency: 3,
    rfmMonetary: 3,
    ...fields(index),
  }));
  await insertScoreRows(db.pool, shopId, scoredAt, rows);
}
