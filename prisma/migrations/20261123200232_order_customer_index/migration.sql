-- A customer's orders are found by equality only: a B-tree on the customer alone (deduplicated: one key per
-- customer with its list of orders) instead of (shopId, customerId, placedAt) (~90 bytes an order, inserted at a
-- random leaf). See the Order model.
-- DropIndex
DROP INDEX "Order_shopId_customerId_placedAt_idx";

-- CreateIndex
CREATE INDEX "Order_customerId_idx" ON "Order"("customerId");
