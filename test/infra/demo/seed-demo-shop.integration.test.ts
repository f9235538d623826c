import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoHistory } from "../../../app/domain/demo/generate-demo-history";
import { seedDemoShop } from "../../../app/infra/demo/seed-demo-shop";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";
import { orderWithCustomer } from "../../support/commerce-queries";

const SHOP = "encore-demo.myshopify.com";
const NOW = new Date("2026-11-01T00:00:00Z");

describe.each(databaseBackends())("demo seed on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("seeds 5,000 customers and two years of orders in under 10 s, exactly as generated", async () => {
    const report = await seedDemoShop(db, { shopDomain: SHOP, seed: 42, now: NOW });
    const history = generateDemoHistory({ seed: 42, now: NOW });
    expect(report.seeded).toBe(true);
    expect(report.ms).toBeLessThan(10_000);
    expect(await db.prisma.customer.count()).toBe(5_000);
    expect(await db.prisma.order.count()).toBe(history.orders.length);
    const { rows } = await db.pool.query<{ items: string }>(`SELECT sum(json_array_length("lineItems"))::text AS items FROM "Order"`);
    expect(Number(rows[0].items)).toBe(history.orders.reduce((sum, order) => sum + order.lineItems.length, 0));
    expect(await db.prisma.product.count()).toBe(history.products.length);
    expect(await db.prisma.order.count({ where: { customerId: null } })).toBe(history.orders.filter((o) => !o.customerId).length);
    expect(await db.prisma.order.count({ where: { cancelledAt: { not: null } } })).toBe(history.orders.filter((o) => o.cancelledAt).length);

    const sample = history.orders[history.orders.length - 1];
    const stored = await orderWithCustomer(db.prisma, { shopifyGid: sample.id });
    expect(stored.totalPrice.toFixed(2)).toBe(sample.totalPrice.amount);
    expect(stored.placedAt.toISOString()).toBe(new Date(sample.createdAt).toISOString());
    expect(stored.lineItems).toHaveLength(sample.lineItems.length);
    expect(stored.customer?.shopifyGid ?? null).toBe(sample.customerId);
  });

  it("does not seed again when the shop exists", async () => {
    const before = await db.prisma.order.count();
    const report = await seedDemoShop(db, { shopDomain: SHOP, seed: 99, now: NOW });
    expect(report.seeded).toBe(false);
    expect(await db.prisma.order.count()).toBe(before);
  });
});
