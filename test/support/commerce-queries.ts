import type { PrismaClient } from "../../app/infra/db/generated/client";
import type { Prisma } from "../../app/infra/db/generated/client";

/** Orders keep no foreign keys (schema.prisma), so Prisma has no `order.customer`: tests join by id here. */
export async function ordersWithCustomer(prisma: PrismaClient, args: Prisma.OrderFindManyArgs) {
  const orders = await prisma.order.findMany(args);
  const ids = [...new Set(orders.map((order) => order.customerId).filter((id): id is string => id !== null))];
  const customers = new Map((await prisma.customer.findMany({ where: { id: { in: ids } } })).map((customer) => [customer.id, customer]));
  return orders.map((order) => ({ ...order, customer: order.customerId ? (customers.get(order.customerId) ?? null) : null }));
}

export async function orderWithCustomer(prisma: PrismaClient, where: Prisma.OrderWhereInput) {
  const [order] = await ordersWithCustomer(prisma, { where, take: 1 });
  if (!order) throw new Error(`no order matches ${JSON.stringify(where)}`);
  return order;
}

/** The first named customer (by GID, ascending or descending) who has at least one order. */
export async function customerWithOrders(prisma: PrismaClient, shopId: string, direction: "asc" | "desc") {
  const [row] = await prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT c.id FROM "Customer" c
     WHERE c."shopId" = $1 AND c."firstName" IS NOT NULL
       AND EXISTS (SELECT 1 FROM "Order" o WHERE o."shopId" = c."shopId" AND o."customerId" = c.id)
     ORDER BY c."shopifyGid" ${direction === "asc" ? "ASC" : "DESC"} LIMIT 1`,
    shopId,
  );
  if (!row) throw new Error("no customer with orders");
  return prisma.customer.findUniqueOrThrow({ where: { id: row.id } });
}
