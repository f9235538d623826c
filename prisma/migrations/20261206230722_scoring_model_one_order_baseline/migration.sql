-- AlterTable
ALTER TABLE "ScoringModel" ADD COLUMN     "oneOrderPRepeat90" DOUBLE PRECISION;

-- Shops scored before this column: the same mean the offers read live until now, once per shop (the next
-- scoring run writes it from its own set).
UPDATE "ScoringModel" m SET "oneOrderPRepeat90" = (
  SELECT avg(s."pRepeat90") FROM "CustomerScore" s WHERE s."shopId" = m."shopId" AND s."orderCount" = 1
);
