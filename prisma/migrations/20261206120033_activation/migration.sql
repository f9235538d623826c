-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "birthDate" TEXT;

-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'next_purchase',
ADD COLUMN     "leadDays" INTEGER,
ADD COLUMN     "seasonalWindows" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "targetingMode" TEXT NOT NULL DEFAULT 'manual';

-- AlterTable
ALTER TABLE "OfferDecision" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'next_purchase';

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "metafieldDefinitionsAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CustomerActivation" (
    "customerId" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "metafields" JSONB,
    "metafieldsAt" TIMESTAMP(3),
    "churnStatus" TEXT,
    "loyaltySegment" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerActivation_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "FlowTriggerEvent" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "customerId" TEXT,
    "handle" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "FlowTriggerEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetafieldSyncRun" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "customersChecked" INTEGER NOT NULL DEFAULT 0,
    "customersChanged" INTEGER NOT NULL DEFAULT 0,
    "metafieldsWritten" INTEGER NOT NULL DEFAULT 0,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "costPoints" INTEGER NOT NULL DEFAULT 0,
    "throttledMs" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "MetafieldSyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CustomerActivation_shopId_idx" ON "CustomerActivation"("shopId");

-- CreateIndex
CREATE INDEX "FlowTriggerEvent_shopId_status_createdAt_idx" ON "FlowTriggerEvent"("shopId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FlowTriggerEvent_shopId_dedupeKey_key" ON "FlowTriggerEvent"("shopId", "dedupeKey");

-- CreateIndex
CREATE INDEX "MetafieldSyncRun_shopId_startedAt_idx" ON "MetafieldSyncRun"("shopId", "startedAt");

-- AddForeignKey
ALTER TABLE "CustomerActivation" ADD CONSTRAINT "CustomerActivation_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FlowTriggerEvent" ADD CONSTRAINT "FlowTriggerEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetafieldSyncRun" ADD CONSTRAINT "MetafieldSyncRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
