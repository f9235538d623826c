-- CreateTable
CREATE TABLE "BoughtTogether" (
    "shopId" TEXT NOT NULL,
    "productGid" TEXT NOT NULL,
    "companionGid" TEXT NOT NULL,
    "orders" INTEGER NOT NULL,

    CONSTRAINT "BoughtTogether_pkey" PRIMARY KEY ("shopId","productGid","companionGid")
);

-- CreateTable
CREATE TABLE "BoughtTogetherRun" (
    "shopId" TEXT NOT NULL,
    "refreshedAt" TIMESTAMP(3) NOT NULL,
    "orders" INTEGER NOT NULL,
    "pairs" INTEGER NOT NULL,

    CONSTRAINT "BoughtTogetherRun_pkey" PRIMARY KEY ("shopId")
);

-- AddForeignKey
ALTER TABLE "BoughtTogether" ADD CONSTRAINT "BoughtTogether_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoughtTogetherRun" ADD CONSTRAINT "BoughtTogetherRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
