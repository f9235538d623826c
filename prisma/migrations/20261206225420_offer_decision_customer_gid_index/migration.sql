-- CreateIndex
CREATE INDEX "OfferDecision_shopId_customerGid_idx" ON "OfferDecision"("shopId", "customerGid");
