/** A score row's columns besides its key ("customerId", "shopId"): what a newer score of the customer replaces. */
export const SCORE_COLUMNS = [
  "model", "confidence", "scoredAt", "orderCount", "repeatPurchases", "firstOrderAt", "lastOrderAt", "totalSpent",
  "averageOrderValue", "pAlive", "pRepeat90", "expectedOrders90", "expectedOrders365", "expectedNextOrderAt",
  "predictedClv365", "rfmRecency", "rfmFrequency", "rfmMonetary", "rfmSegment", "loyaltySegment",
] as const;

/** ON CONFLICT on the key: the incoming row's SCORE_COLUMNS replace the stored ones. */
export const REPLACE_SCORE_ON_CONFLICT = `ON CONFLICT ("customerId", "shopId") DO UPDATE SET ${SCORE_COLUMNS.map((column) => `"${column}" = excluded."${column}"`).join(", ")}`;
