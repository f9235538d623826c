-- Orders keep no foreign keys (see the Order model in schema.prisma): the per-row checks were a third of a
-- history import's database time. shop/redact deletes a shop's orders explicitly.
-- DropForeignKey
ALTER TABLE "Order" DROP CONSTRAINT "Order_customerId_fkey";

-- DropForeignKey
ALTER TABLE "Order" DROP CONSTRAINT "Order_shopId_fkey";
