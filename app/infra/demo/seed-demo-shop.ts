import { generateDemoHistory } from "../../domain/demo/generate-demo-history";
import type { DemoShopHistory } from "../../domain/demo/demo-types";
import type { Database } from "../db/database";
import {
  upsertCustomers,
  upsertOrders,
  upsertProducts,
  type CustomerRecord,
  type OrderRecord,
  type ProductRecord,
} from "../db/repositories/commerce-write-repository";

export interface SeedDemoShopOptions {
  shopDomain: string;
  seed: number;
  now: Date;
  customerCount?: number;
}

export interface SeedReport {
  seeded: boolean;
  customers: number;
  orders: number;
  ms: number;
}

const BATCH_SIZE = 2_000;

/**
 * Seeds the demo shop once, in one transaction: a crash mid-seed leaves no shop row, so the next start
 * seeds again from scratch instead of serving half a history; an existing shop is never re-seeded.
 */
export async function seedDemoShop(db: Database, options: SeedDemoShopOptions): Promise<SeedReport> {
  const started = performance.now();
  const existing = await db.prisma.shop.findUnique({ where: { domain: options.shopDomain } });
  if (existing) return { seeded: false, customers: 0, orders: 0, ms: performance.now() - started };

  const history = generateDemoHistory({ seed: options.seed, now: options.now, customerCount: options.customerCount });
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "Shop" (id, domain, name, currency, plan, "installedAt", "createdAt", "updatedAt")
       VALUES (gen_random_uuid()::text, $1, $2, $3, 'demo', $4, now(), now()) RETURNING id`,
      [options.shopDomain, history.shop.name, history.shop.currency, options.now],
    );
    const shopId = rows[0].id;
    await upsertProducts(client, shopId, history.products.map(toProductRecord));
    for (const batch of chunks(history.customers.map(toCustomerRecord), BATCH_SIZE)) {
      await upsertCustomers(client, shopId, batch);
    }
    for (const batch of chunks(history.orders.map(toOrderRecord), BATCH_SIZE)) {
      await upsertOrders(client, shopId, batch);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
  return {
    seeded: true,
    customers: history.customers.length,
    orders: history.orders.length,
    ms: performance.now() - started,
  };
}

function toProductRecord(product: DemoShopHistory["products"][number]): ProductRecord {
  return { shopifyGid: product.id, title: product.title, handle: product.handle, price: product.price.amount, imageUrl: null };
}

function toCustomerRecord(customer: DemoShopHistory["customers"][number]): CustomerRecord {
  return {
    shopifyGid: customer.id,
    firstName: customer.firstName,
    lastName: customer.lastName,
    email: customer.email,
    phone: customer.phone,
    city: customer.city,
    countryCode: customer.countryCode,
    shopifyCreatedAt: new Date(customer.createdAt),
    shopifyUpdatedAt: new Date(customer.updatedAt),
  };
}

function toOrderRecord(order: DemoShopHistory["orders"][number]): OrderRecord {
  return {
    shopifyGid: order.id,
    name: order.name,
    customerGid: order.customerId,
    currency: order.currencyCode,
    totalPrice: order.totalPrice.amount,
    subtotalPrice: order.subtotalPrice.amount,
    totalDiscounts: order.totalDiscounts.amount,
    discountCodes: order.discountCodes,
    placedAt: new Date(order.createdAt),
    processedAt: new Date(order.processedAt),
    cancelledAt: order.cancelledAt ? new Date(order.cancelledAt) : null,
    shopifyUpdatedAt: new Date(order.updatedAt),
    lineItems: order.lineItems.map((item) => ({
      shopifyGid: item.id,
      productGid: item.productId,
      variantGid: item.variantId,
      title: item.title,
      quantity: item.quantity,
      unitPrice: item.originalUnitPrice.amount,
    })),
  };
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let index = 0; index < items.length; index += size) yield items.slice(index, index + size);
}
