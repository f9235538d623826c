import type { PrismaClient } from "../db/database";
import type { BannerCoupon } from "../../domain/storefront/returning-banner";

export interface StorefrontCustomer {
  id: string;
  shopifyGid: string;
  firstName: string | null;
}

/** Reads the app proxy needs: the shop, a signed-in customer, and their Encore coupons. */
export class StorefrontRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findShop(domain: string): Promise<{ id: string; currency: string } | null> {
    const shop = await this.prisma.shop.findUnique({ where: { domain }, select: { id: true, currency: true, uninstalledAt: true } });
    return shop && !shop.uninstalledAt ? { id: shop.id, currency: shop.currency } : null;
  }

  findCustomer(shopId: string, shopifyGid: string): Promise<StorefrontCustomer | null> {
    return this.prisma.customer.findFirst({
      where: { shopId, shopifyGid, redactedAt: null },
      select: { id: true, shopifyGid: true, firstName: true },
    });
  }

  /** Issued, not yet redeemed, not yet expired coupons of one customer (by row id or GID: a decision may carry either). */
  async unusedCoupons(shopId: string, customer: StorefrontCustomer, now: Date): Promise<BannerCoupon[]> {
    const rows = await this.prisma.offerDecision.findMany({
      where: {
        shopId,
        outcome: "issued",
        code: { not: null },
        redeemedAt: null,
        NOT: { discountStatus: "failed" },
        OR: [{ customerId: customer.id }, { customerGid: customer.shopifyGid }],
        AND: [{ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }],
      },
      orderBy: { expiresAt: "asc" },
      take: 5,
    });
    return rows.map((row) => ({
      code: row.code!,
      discountType: row.discountType === "fixed_amount" ? "fixed_amount" : "percentage",
      discountValue: Number(row.discountValue ?? 0),
      currency: row.currency ?? "USD",
      expiresAt: row.expiresAt,
      redeemedAt: row.redeemedAt,
      minimumSubtotal: row.minimumSubtotal === null ? null : Number(row.minimumSubtotal),
    }));
  }
}
