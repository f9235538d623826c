import type { PrismaClient } from "../db/database";
import type { CustomerProfile } from "../../domain/offers/targeting";

/** What issuing needs to know about an order, whichever path (webhook or thank-you page) brings it. */
export interface OrderFacts {
  orderGid: string;
  /** Encore's Customer.id, when the customer is known to Encore. */
  customerId: string | null;
  customerGid: string | null;
  currency: string;
  placedAt: Date;
  isFirstOrder: boolean;
}

export interface CrossSellProduct {
  productGid: string;
  title: string;
  handle: string;
  price: number;
  imageUrl: string | null;
  /** Orders in the shop's history that had this product together with one of this order's products. */
  boughtTogether: number;
}

/** Reads over the imported commerce data (orders, scores, products) for offers and the thank-you page. */
export class OrderFactsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findOrder(shopId: string, orderGid: string): Promise<OrderFacts | null> {
    const order = await this.prisma.order.findUnique({ where: { shopId_shopifyGid: { shopId, shopifyGid: orderGid } } });
    if (!order) return null;
    const customer = order.customerId
      ? await this.prisma.customer.findFirst({ where: { id: order.customerId, shopId }, select: { shopifyGid: true } })
      : null;
    const earlier = order.customerId
      ? await this.prisma.order.count({ where: { shopId, customerId: order.customerId, placedAt: { lt: order.placedAt }, shopifyGid: { not: orderGid } } })
      : 0;
    return {
      orderGid,
      customerId: order.customerId,
      customerGid: customer?.shopifyGid ?? null,
      currency: order.currency,
      placedAt: order.placedAt,
      isFirstOrder: earlier === 0,
    };
  }

  /**
   * A customer a win-back or birthday offer can be issued to: known to Encore in this shop and not redacted,
   * with their birth date (sign-up) and the shop's currency for the decision.
   */
  async offerCustomer(shopId: string, customerId: string): Promise<{ customerGid: string; birthDate: string | null; currency: string } | null> {
    const customer = await this.prisma.customer.findFirst({
      where: { id: customerId, shopId, redactedAt: null },
      select: { shopifyGid: true, birthDate: true, shop: { select: { currency: true } } },
    });
    return customer ? { customerGid: customer.shopifyGid, birthDate: customer.birthDate, currency: customer.shop.currency } : null;
  }

  /** The customer's score as targeting sees it; see CustomerProfile for the default when there is none. */
  async customerProfile(shopId: string, customerId: string | null): Promise<CustomerProfile> {
    const score = customerId ? await this.prisma.customerScore.findUnique({ where: { customerId } }) : null;
    if (score && score.shopId === shopId) {
      return { scored: true, pRepeat90: score.pRepeat90, segments: [score.rfmSegment, score.loyaltySegment] };
    }
    const baseline = await this.prisma.customerScore.aggregate({ where: { shopId, orderCount: 1 }, _avg: { pRepeat90: true } });
    return { scored: false, baselinePRepeat90: baseline._avg.pRepeat90 ?? null };
  }

  /**
   * "Customers who bought this also bought": the product that appears most often in other orders together
   * with any of this order's products, excluding what is already in this order. One SQL aggregate, so the
   * shop's history never leaves the database.
   */
  async crossSell(shopId: string, orderGid: string): Promise<CrossSellProduct | null> {
    const rows = await this.prisma.$queryRaw<{ productGid: string; title: string; handle: string; price: string; imageUrl: string | null; together: bigint }[]>`
      WITH this_order AS (
        SELECT o.id, o."productGids" FROM "Order" o WHERE o."shopId" = ${shopId} AND o."shopifyGid" = ${orderGid}
      ),
      companion_orders AS (
        -- The GIN index on "productGids" finds every order sharing a product with this one.
        SELECT o."productGids" FROM "Order" o, this_order t
        WHERE o."shopId" = ${shopId} AND o."productGids" && t."productGids" AND o.id <> t.id AND o."cancelledAt" IS NULL
      ),
      companions AS (
        -- "productGids" holds each product once per order, so a count of rows is a count of orders.
        SELECT product FROM companion_orders c, this_order t, unnest(c."productGids") AS product
        WHERE product <> ALL (t."productGids")
      )
      SELECT p."shopifyGid" AS "productGid", p.title, p.handle, p.price::text AS price, p."imageUrl", count(*) AS together
      FROM companions c
      JOIN "Product" p ON p."shopId" = ${shopId} AND p."shopifyGid" = c.product
      GROUP BY p."shopifyGid", p.title, p.handle, p.price, p."imageUrl"
      ORDER BY together DESC, p."shopifyGid"
      LIMIT 1`;
    const row = rows[0];
    if (!row) return null;
    return { productGid: row.productGid, title: row.title, handle: row.handle, price: Number(row.price), imageUrl: row.imageUrl, boughtTogether: Number(row.together) };
  }
}
