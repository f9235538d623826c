/**
 * "Customers who bought this also bought": the cross-sell the thank-you page shows. A shop's pair counts
 * (how many non-cancelled orders held both products) are precomputed; each product keeps only its top
 * companions, so a large catalogue stays small and the page reads a few rows per product of the order.
 */

/** Companions kept per product: enough for a good pick for orders of a few products, small per shop. */
export const BOUGHT_TOGETHER_COMPANIONS = 20;

export interface ProductPairCount {
  /** One of the order's products. */
  productGid: string;
  companionGid: string;
  /** Orders that held both. */
  orders: number;
}

export interface RankedCompanion {
  productGid: string;
  /** Sum over the order's products of the orders that held the companion together with that product. */
  boughtTogether: number;
}

/**
 * The companion to suggest for an order: the highest sum of pair counts over the order's products, never a
 * product the order already has; ties go to the smaller product GID (a stable pick, the same on every visit).
 */
export function topCompanion(orderProductGids: readonly string[], pairs: readonly ProductPairCount[]): RankedCompanion | null {
  const inOrder = new Set(orderProductGids);
  const sums = new Map<string, number>();
  for (const pair of pairs) {
    if (!inOrder.has(pair.productGid) || inOrder.has(pair.companionGid)) continue;
    sums.set(pair.companionGid, (sums.get(pair.companionGid) ?? 0) + pair.orders);
  }
  let best: RankedCompanion | null = null;
  for (const [productGid, boughtTogether] of sums) {
    if (!best || boughtTogether > best.boughtTogether || (boughtTogether === best.boughtTogether && productGid < best.productGid)) {
      best = { productGid, boughtTogether };
    }
  }
  return best;
}
