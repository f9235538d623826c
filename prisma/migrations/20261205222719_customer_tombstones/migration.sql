-- CreateTable
CREATE TABLE "CustomerTombstone" (
    "shopId" TEXT NOT NULL,
    "gidHash" TEXT NOT NULL,
    "customerId" TEXT,
    "redactedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerTombstone_pkey" PRIMARY KEY ("shopId","gidHash")
);

-- AddForeignKey
ALTER TABLE "CustomerTombstone" ADD CONSTRAINT "CustomerTombstone_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
