-- Hand-written (Prisma cannot express partitioning): "CustomerScore" becomes LIST-partitioned by "shopId" so a
-- large shop's full scoring run can build its new score set in a table of its own, index it, and swap it in as
-- the shop's partition in one short transaction (app/infra/scoring/score-set-swap.ts). Small shops live in the
-- DEFAULT partition and are replaced in place. A partitioned table's primary key must include the partition
-- key: (customerId, shopId) replaces the uuid id and the unique customerId (still one row per customer).

ALTER TABLE "CustomerScore" RENAME TO "CustomerScore_unpartitioned";
ALTER TABLE "CustomerScore_unpartitioned" DROP CONSTRAINT "CustomerScore_pkey";
ALTER TABLE "CustomerScore_unpartitioned" DROP CONSTRAINT "CustomerScore_shopId_fkey";
ALTER TABLE "CustomerScore_unpartitioned" DROP CONSTRAINT "CustomerScore_customerId_fkey";
DROP INDEX "CustomerScore_customerId_key";
DROP INDEX "CustomerScore_shopId_pRepeat90_customerId_idx";
DROP INDEX "CustomerScore_shopId_predictedClv365_customerId_idx";
DROP INDEX "CustomerScore_shopId_lastOrderAt_customerId_idx";
DROP INDEX "CustomerScore_shopId_orderCount_customerId_idx";
DROP INDEX "CustomerScore_shopId_rfmSegment_idx";
DROP INDEX "CustomerScore_shopId_loyaltySegment_idx";

-- CreateTable
CREATE TABLE "CustomerScore" (
    "shopId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "confidence" TEXT NOT NULL,
    "scoredAt" TIMESTAMP(3) NOT NULL,
    "orderCount" INTEGER NOT NULL,
    "repeatPurchases" INTEGER NOT NULL,
    "firstOrderAt" TIMESTAMP(3) NOT NULL,
    "lastOrderAt" TIMESTAMP(3) NOT NULL,
    "totalSpent" DECIMAL(14,2) NOT NULL,
    "averageOrderValue" DECIMAL(14,2) NOT NULL,
    "pAlive" DOUBLE PRECISION NOT NULL,
    "pRepeat90" DOUBLE PRECISION NOT NULL,
    "expectedOrders90" DOUBLE PRECISION NOT NULL,
    "expectedOrders365" DOUBLE PRECISION NOT NULL,
    "expectedNextOrderAt" TIMESTAMP(3),
    "predictedClv365" DECIMAL(14,2) NOT NULL,
    "rfmRecency" INTEGER NOT NULL,
    "rfmFrequency" INTEGER NOT NULL,
    "rfmMonetary" INTEGER NOT NULL,
    "rfmSegment" TEXT NOT NULL,
    "loyaltySegment" TEXT NOT NULL,

    CONSTRAINT "CustomerScore_pkey" PRIMARY KEY ("customerId", "shopId")
) PARTITION BY LIST ("shopId");

CREATE TABLE "CustomerScore_default" PARTITION OF "CustomerScore" DEFAULT;

-- Existing scores move to the default partition; a large shop gets its own partition at its next full run.
INSERT INTO "CustomerScore" SELECT "shopId", "customerId", "model", "confidence", "scoredAt", "orderCount", "repeatPurchases",
    "firstOrderAt", "lastOrderAt", "totalSpent", "averageOrderValue", "pAlive", "pRepeat90", "expectedOrders90",
    "expectedOrders365", "expectedNextOrderAt", "predictedClv365", "rfmRecency", "rfmFrequency", "rfmMonetary",
    "rfmSegment", "loyaltySegment"
FROM "CustomerScore_unpartitioned";
DROP TABLE "CustomerScore_unpartitioned";

-- CreateIndex
CREATE INDEX "CustomerScore_shopId_pRepeat90_customerId_idx" ON "CustomerScore"("shopId", "pRepeat90", "customerId");

-- CreateIndex
CREATE INDEX "CustomerScore_shopId_predictedClv365_customerId_idx" ON "CustomerScore"("shopId", "predictedClv365", "customerId");

-- CreateIndex
CREATE INDEX "CustomerScore_shopId_lastOrderAt_customerId_idx" ON "CustomerScore"("shopId", "lastOrderAt", "customerId");

-- CreateIndex
CREATE INDEX "CustomerScore_shopId_orderCount_customerId_idx" ON "CustomerScore"("shopId", "orderCount", "customerId");

-- CreateIndex
CREATE INDEX "CustomerScore_shopId_rfmSegment_idx" ON "CustomerScore"("shopId", "rfmSegment");

-- CreateIndex
CREATE INDEX "CustomerScore_shopId_loyaltySegment_idx" ON "CustomerScore"("shopId", "loyaltySegment");

-- AddForeignKey
ALTER TABLE "CustomerScore" ADD CONSTRAINT "CustomerScore_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerScore" ADD CONSTRAINT "CustomerScore_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
