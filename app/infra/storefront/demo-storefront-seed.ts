import type { PrismaClient } from "../db/database";

export const DEMO_PREVIEW_ORDER_GID = "gid://encore/StorefrontPreview/1";
export const DEMO_PREVIEW_COUPON_CODE = "WELCOMEBACK-15";

export interface DemoReturningCustomer {
  id: string;
  shopifyGid: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

/**
 * Demo mode: a returning customer (has orders) holding an unused Encore coupon, so the storefront preview can
 * show the welcome-back banner. Prefers a customer who already has one (issued by the offers engine);
 * otherwise issues a 15 % code to the first returning customer under a synthetic, idempotent decision row.
 */
export async function ensureDemoReturningCustomer(prisma: PrismaClient, shopDomain: string, now: Date): Promise<DemoReturningCustomer | null> {
  const shop = await prisma.shop.findUnique({ where: { domain: shopDomain }, select: { id: true, currency: true } });
  if (!shop) return null;
  const select = { id: true, shopifyGid: true, firstName: true, lastName: true, email: true } as const;
  const existing = await prisma.offerDecision.findFirst({
    where: { shopId: shop.id, outcome: "issued", redeemedAt: null, customerId: { not: null }, expiresAt: { gt: now }, NOT: { discountStatus: "failed" } },
    orderBy: { decidedAt: "asc" },
    select: { customerId: true },
  });
  if (existing?.customerId) {
    const customer = await prisma.customer.findFirst({ where: { id: existing.customerId, redactedAt: null }, select });
    if (customer) return customer;
  }
  const [withOrders] = await prisma.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM "Customer" c
    WHERE c."shopId" = ${shop.id} AND c."redactedAt" IS NULL AND c."firstName" IS NOT NULL
      AND EXISTS (SELECT 1 FROM "Order" o WHERE o."shopId" = c."shopId" AND o."customerId" = c.id)
    ORDER BY c."shopifyGid" LIMIT 1`;
  const customer = withOrders ? await prisma.customer.findUnique({ where: { id: withOrders.id }, select }) : null;
  if (!customer) return null;
  const expiresAt = new Date(now.getTime() + 30 * 24 * 3600 * 1000);
  const coupon = {
    customerId: customer.id,
    customerGid: customer.shopifyGid,
    outcome: "issued",
    reason: "storefront preview",
    code: DEMO_PREVIEW_COUPON_CODE,
    discountStatus: "created",
    discountType: "percentage",
    discountValue: 15,
    currency: shop.currency,
    startsAt: now,
    expiresAt,
    redeemedAt: null,
  };
  await prisma.offerDecision.upsert({
    where: { shopId_orderGid: { shopId: shop.id, orderGid: DEMO_PREVIEW_ORDER_GID } },
    create: { shopId: shop.id, orderGid: DEMO_PREVIEW_ORDER_GID, ...coupon },
    update: coupon,
  });
  return customer;
}
