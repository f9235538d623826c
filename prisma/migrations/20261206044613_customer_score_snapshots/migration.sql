-- CreateTable
CREATE TABLE "CustomerScoreSnapshot" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "scoredAt" TIMESTAMP(3) NOT NULL,
    "model" TEXT NOT NULL,
    "pAlive" DOUBLE PRECISION NOT NULL,
    "pRepeat90" DOUBLE PRECISION NOT NULL,
    "predictedClv365" DECIMAL(14,2) NOT NULL,
    "rfmSegment" TEXT NOT NULL,

    CONSTRAINT "CustomerScoreSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CustomerScoreSnapshot_customerId_scoredAt_idx" ON "CustomerScoreSnapshot"("customerId", "scoredAt");

-- CreateIndex
CREATE INDEX "CustomerScoreSnapshot_shopId_scoredAt_idx" ON "CustomerScoreSnapshot"("shopId", "scoredAt");
