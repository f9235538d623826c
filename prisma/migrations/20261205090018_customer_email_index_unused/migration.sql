-- No query used (shopId, email): email is only searched through lower(email) (Customer_shopId_lower_email_idx).
-- Dropping it spares every customer write a random-leaf index insert.
-- DropIndex
DROP INDEX "Customer_shopId_email_idx";
