-- DropIndex
DROP INDEX "Order_productGids_idx";
