-- DropIndex
DROP INDEX "CustomerScore_shopId_lastOrderAt_idx";

-- DropIndex
DROP INDEX "CustomerScore_shopId_orderCount_idx";

-- DropIndex
DROP INDEX "CustomerScore_shopId_pRepeat90_idx";

-- DropIndex
DROP INDEX "CustomerScore_shopId_predictedClv365_idx";

-- CreateIndex
CREATE INDEX "CustomerScore_shopId_pRepeat90_customerId_idx" ON "CustomerScore"("shopId", "pRepeat90", "customerId");

-- CreateIndex
CREATE INDEX "CustomerScore_shopId_predictedClv365_customerId_idx" ON "CustomerScore"("shopId", "predictedClv365", "customerId");

-- CreateIndex
CREATE INDEX "CustomerScore_shopId_lastOrderAt_customerId_idx" ON "CustomerScore"("shopId", "lastOrderAt", "customerId");

-- CreateIndex
CREATE INDEX "CustomerScore_shopId_orderCount_customerId_idx" ON "CustomerScore"("shopId", "orderCount", "customerId");

-- Hand-written (Prisma's schema cannot express expression indexes, and its diff ignores them, so
-- schema.prisma and the migrations still agree): case-insensitive prefix search of the admin's customer list
-- by email, full name or last name (app/infra/customers/customer-list-repository.ts uses these exact
-- expressions). text_pattern_ops lets `LIKE 'prefix%'` use the index under any database collation.
CREATE INDEX "Customer_shopId_lower_email_idx" ON "Customer"("shopId", lower("email") text_pattern_ops);
CREATE INDEX "Customer_shopId_lower_name_idx" ON "Customer"("shopId", lower(coalesce("firstName", '') || ' ' || coalesce("lastName", '')) text_pattern_ops);
CREATE INDEX "Customer_shopId_lower_last_name_idx" ON "Customer"("shopId", lower("lastName") text_pattern_ops);
