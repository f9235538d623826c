import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOUGHT_TOGETHER_COMPANIONS } from "../../app/domain/offers/bought-together";
import { JOB_TYPES, scoreShopJob } from "../../app/infra/jobs/job-handlers";
import { refreshBoughtTogether } from "../../app/infra/offers/bought-together-repository";
import { noopScoringHooks } from "../../app/infra/jobs/scoring-hooks";
import { ShopRepository } from "../../app/infra/db/repositories/shop-repository";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { checkoutToken } from "../support/shopify-signing";
import { buildTestApp } from "../support/test-app";

const product = (n: number) => `gid://shopify/Product/${n}`;

/**
 * Cross-sell precomputed (issue 14): the refresh's pair counts on hand-made orders, what the thank-you API
 * then suggests, a rerun replacing the set, and the refresh following a scoring run through the queue.
 */
describe.each(databaseBackends())("bought together on %s", (backend) => {
  let db: TestDatabase;
  let harness: ReturnType<typeof buildTestApp>;
  let orderSequence = 8_100_000_001;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    // Scoring itself is not under test: the run is a no-op, what follows it is.
    harness = buildTestApp(db, {}, { scoring: noopScoringHooks });
  });
  afterAll(async () => {
    await harness?.close();
    await db?.close();
  });

  /** A shop with products 1–5 (product 6 is sold but unknown to Encore) and one buyer. */
  async function shopWithCatalogue(name: string) {
    const domain = `${name}-${backend}.myshopify.com`;
    const shop = await new ShopRepository(db.prisma).upsertInstalled({ domain, currency: "EUR" }, new Date());
    for (const n of [1, 2, 3, 4, 5]) {
      await db.prisma.product.create({ data: { shopId: shop.id, shopifyGid: product(n), title: `Product ${n}`, handle: `product-${n}`, price: "10.00" } });
    }
    const buyer = await db.prisma.customer.create({ data: { shopId: shop.id, shopifyGid: `gid://shopify/Customer/${orderSequence}` } });
    const order = async (products: number[], options: { cancelled?: boolean; buyer?: boolean } = {}) => {
      const id = orderSequence++;
      await db.prisma.order.create({
        data: {
          shopId: shop.id,
          shopifyGid: `gid://shopify/Order/${id}`,
          customerId: options.buyer ? buyer.id : null,
          currency: "EUR",
          totalPrice: "20.00",
          subtotalPrice: "20.00",
          placedAt: new Date(),
          cancelledAt: options.cancelled ? new Date() : null,
          productGids: products.map(product),
        },
      });
      return `gid://shopify/Order/${id}`;
    };
    const pairs = async () =>
      (
        await db.pool.query<{ productGid: string; companionGid: string; orders: number }>(
          `SELECT "productGid", "companionGid", orders FROM "BoughtTogether" WHERE "shopId" = $1 ORDER BY 1, 2`,
          [shop.id],
        )
      ).rows.map((row) => [row.productGid.split("/").pop(), row.companionGid.split("/").pop(), row.orders]);
    const thankYou = async (orderGid: string) =>
      (
        await request(harness.app)
          .get("/api/extension/thank-you")
          .query({ orderId: orderGid })
          .set("Authorization", `Bearer ${await checkoutToken({ shop: domain, customerGid: buyer.shopifyGid })}`)
          .expect(200)
      ).body;
    return { domain, shop, order, pairs, thankYou };
  }

  it("counts the orders holding each pair (cancelled ones not), suggests by their sum and replaces the set on a rerun", async () => {
    const { shop, order, pairs, thankYou } = await shopWithCatalogue("pairs");
    await order([1, 2, 3]);
    await order([1, 2]);
    await order([1, 3]);
    await order([2, 4]);
    await order([5]);
    // Product 6 has no details in Encore: never a companion, but its own companions are kept.
    await order([1, 6]);
    // Were cancelled orders counted, product 4 (5 + 1) would beat product 1 (2 + 2) for the buyer's order.
    for (let i = 0; i < 5; i++) await order([2, 4], { cancelled: true });
    const buyersOrder = await order([2, 3], { buyer: true });

    expect(await refreshBoughtTogether(db.pool, shop.id, new Date())).toEqual({ orders: 7, pairs: 9 });
    expect(await pairs()).toEqual([
      ["1", "2", 2],
      ["1", "3", 2],
      ["2", "1", 2],
      ["2", "3", 2],
      ["2", "4", 1],
      ["3", "1", 2],
      ["3", "2", 2],
      ["4", "2", 1],
      ["6", "1", 1],
    ]);
    // Companions of 2 and 3: product 1 (2 + 2), product 4 (1); 2 and 3 themselves are in the order.
    expect((await thankYou(buyersOrder)).crossSell).toEqual({
      productId: product(1),
      title: "Product 1",
      url: `https://pairs-${backend}.myshopify.com/products/product-1`,
      imageUrl: null,
      price: { amount: "10.00", currencyCode: "EUR" },
    });

    await order([3, 4]);
    await order([3, 4]);
    await order([3, 4]);
    expect(await refreshBoughtTogether(db.pool, shop.id, new Date())).toEqual({ orders: 10, pairs: 11 });
    expect(await pairs()).toEqual([
      ["1", "2", 2],
      ["1", "3", 2],
      ["2", "1", 2],
      ["2", "3", 2],
      ["2", "4", 1],
      ["3", "1", 2],
      ["3", "2", 2],
      ["3", "4", 3],
      ["4", "2", 1],
      ["4", "3", 3],
      ["6", "1", 1],
    ]);
    // Product 4 (1 + 3) now ties with product 1 (2 + 2): the smaller GID wins; one more order and 4 leads.
    expect((await thankYou(buyersOrder)).crossSell.productId).toBe(product(1));
    await order([3, 4]);
    await refreshBoughtTogether(db.pool, shop.id, new Date());
    expect((await thankYou(buyersOrder)).crossSell.productId).toBe(product(4));
  });

  it(`keeps each product's top ${BOUGHT_TOGETHER_COMPANIONS} companions`, async () => {
    const { shop, order, pairs } = await shopWithCatalogue("catalogue");
    const many = Array.from({ length: BOUGHT_TOGETHER_COMPANIONS + 5 }, (_, i) => 100 + i);
    for (const n of many) await db.prisma.product.create({ data: { shopId: shop.id, shopifyGid: product(n), title: `Product ${n}`, handle: `product-${n}`, price: "1.00" } });
    await order([1, ...many]);
    await order([1, 124]);
    await refreshBoughtTogether(db.pool, shop.id, new Date());
    const ofProductOne = (await pairs()).filter(([productGid]) => productGid === "1");
    expect(ofProductOne).toHaveLength(BOUGHT_TOGETHER_COMPANIONS);
    // 124 (2 orders) first, then ties by GID.
    expect(ofProductOne.map(([, companion, orders]) => [companion, orders]).sort((a, b) => Number(b[1]) - Number(a[1]))[0]).toEqual(["124", 2]);
    expect(ofProductOne.map(([, companion]) => companion)).not.toContain("123");
  });

  it("a shop never computed shows no cross-sell and asks for the refresh once; a scoring run enqueues it too", async () => {
    const { domain, shop, order, thankYou } = await shopWithCatalogue("fresh");
    await order([1, 2]);
    const buyersOrder = await order([1], { buyer: true });
    expect((await thankYou(buyersOrder)).crossSell).toBeNull();
    expect((await thankYou(buyersOrder)).crossSell).toBeNull();
    expect(await harness.jobs.queue.waiting(JOB_TYPES.refreshBoughtTogether, domain)).toHaveLength(1);
    await harness.jobs.runUntilIdle([JOB_TYPES.refreshBoughtTogether]);
    expect((await thankYou(buyersOrder)).crossSell.productId).toBe(product(2));

    await order([1, 3]);
    await order([1, 3]);
    await harness.jobs.queue.enqueue(db.pool, scoreShopJob(domain, "manual"));
    await harness.jobs.runUntilIdle([JOB_TYPES.scoreShop]);
    expect(await harness.jobs.queue.waiting(JOB_TYPES.refreshBoughtTogether, domain)).toHaveLength(1);
    await harness.jobs.runUntilIdle([JOB_TYPES.refreshBoughtTogether]);
    expect((await thankYou(buyersOrder)).crossSell.productId).toBe(product(3));
    expect(await db.prisma.boughtTogetherRun.findUniqueOrThrow({ where: { shopId: shop.id } })).toMatchObject({ orders: 4, pairs: 4 });
  });
});
