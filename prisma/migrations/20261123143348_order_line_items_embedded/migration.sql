-- Line items move into their order (one row per order instead of one per item; see schema.prisma).

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "lineItems" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "productGids" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Existing items are carried over before their table goes: no stored data is lost.
UPDATE "Order" o
SET "lineItems" = items.list, "productGids" = items.products
FROM (
  SELECT li."orderId",
         jsonb_agg(jsonb_build_object('shopifyGid', li."shopifyGid", 'productGid', li."productGid",
                                      'variantGid', li."variantGid", 'title', li.title, 'quantity', li.quantity,
                                      'unitPrice', li."unitPrice"::text) ORDER BY li."shopifyGid") AS list,
         coalesce(array_agg(DISTINCT li."productGid") FILTER (WHERE li."productGid" IS NOT NULL), ARRAY[]::TEXT[]) AS products
  FROM "OrderLineItem" li
  GROUP BY li."orderId"
) items
WHERE items."orderId" = o.id;

-- DropForeignKey
ALTER TABLE "OrderLineItem" DROP CONSTRAINT "OrderLineItem_orderId_fkey";

-- DropTable
DROP TABLE "OrderLineItem";

-- CreateIndex
CREATE INDEX "Order_productGids_idx" ON "Order" USING GIN ("productGids");
