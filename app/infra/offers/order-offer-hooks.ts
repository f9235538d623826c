import type { PrismaClient } from "../db/database";
import type { OffersModule } from "./offers-module";

/** What the orders/create follow-up job asks of offers. */
export interface OrderOfferHooks {
  /** Records redemptions of Encore codes the order used, then decides (and issues) the order's own offer. */
  afterOrderCreated(shopDomain: string, orderGid: string): Promise<void>;
}


export function createOrderOfferHooks(prisma: PrismaClient, offers: OffersModule, clock: () => Date = () => new Date()): OrderOfferHooks {
  return {
    async afterOrderCreated(shopDomain, orderGid) {
      const shop = await prisma.shop.findUnique({ where: { domain: shopDomain }, select: { id: true, domain: true, uninstalledAt: true } });
      if (!shop || shop.uninstalledAt) return;
      const stored = await prisma.order.findUnique({
        where: { shopId_shopifyGid: { shopId: shop.id, shopifyGid: orderGid } },
        select: { discountCodes: true, placedAt: true, totalPrice: true, totalDiscounts: true, cancelledAt: true },
      });
      if (!stored || stored.cancelledAt) return;
      if (stored.discountCodes.length > 0) {
        await offers.useCases.recordRedemptions(shop.id, {
          orderGid,
          discountCodes: stored.discountCodes,
          placedAt: stored.placedAt,
          totalPrice: Number(stored.totalPrice),
          totalDiscounts: Number(stored.totalDiscounts),
        });
      }
      const order = await offers.facts.findOrder(shop.id, orderGid);
      if (order) await offers.useCases.issueCouponForOrder({ shop: { id: shop.id, domain: shop.domain }, order, now: clock() });
    },
  };
}
