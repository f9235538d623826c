-- Line items are written whole and read whole: stored as json text, which a write only validates, instead of
-- jsonb, which a write parses and re-encodes (see the Order model in schema.prisma). Existing items convert as is.
ALTER TABLE "Order" ALTER COLUMN "lineItems" DROP DEFAULT,
  ALTER COLUMN "lineItems" SET DATA TYPE JSON USING "lineItems"::json,
  ALTER COLUMN "lineItems" SET DEFAULT '[]';
