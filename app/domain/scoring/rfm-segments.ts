/**
 * RFM scores and named RFM groups comparable to Shopify's CustomerRfmGroup
 * enum (Admin GraphQL API): the same 11 names. Shopify does not publish its
 * cut-offs, so the grid below is ours, built from Shopify's one-line
 * descriptions of each group, with R = recency score and FM = the rounded
 * mean of the frequency and monetary scores (all quintiles, 5 = best):
 *
 *            FM ≤ 2        FM = 3            FM = 4      FM = 5
 *   R = 5    new           active            champions   champions
 *   R = 4    promising     active            loyal       loyal
 *   R = 3    promising     needs_attention   loyal       loyal
 *   R = 2    almost_lost   almost_lost       at_risk     previously_loyal
 *   R = 1    dormant       dormant           at_risk     previously_loyal
 *
 * "prospects" (customers with no orders yet) is part of the enum for
 * completeness; summaries only contain customers with orders.
 */
import { quintileScores } from "./quintile-scores";

export const RFM_GROUPS = [
  "champions",
  "loyal",
  "active",
  "new",
  "promising",
  "needs_attention",
  "at_risk",
  "previously_loyal",
  "almost_lost",
  "dormant",
  "prospects",
] as const;

export type RfmGroup = (typeof RFM_GROUPS)[number];

export interface RfmScores {
  /** 5 = most recent last order */
  readonly recency: Uint8Array;
  /** 5 = most transactions */
  readonly frequency: Uint8Array;
  /** 5 = highest total spend */
  readonly monetary: Uint8Array;
  /** index into RFM_GROUPS */
  readonly group: Uint8Array;
}

/**
 * @param daysSinceLastOrder  recency (smaller is better)
 * @param transactions        frequency (x + 1)
 * @param totalSpend          monetary
 */
export function rfmScores(daysSinceLastOrder: ArrayLike<number>, transactions: ArrayLike<number>, totalSpend: ArrayLike<number>): RfmScores {
  const recency = quintileScores(daysSinceLastOrder, false);
  const frequency = quintileScores(transactions, true);
  const monetary = quintileScores(totalSpend, true);
  const group = new Uint8Array(recency.length);
  const lookup = rfmGroupIndex();
  for (let i = 0; i < recency.length; i++) group[i] = lookup[recency[i] * 36 + frequency[i] * 6 + monetary[i]];
  return { recency, frequency, monetary, group };
}

let groupIndex: Uint8Array | null = null;

/**
 * Index into RFM_GROUPS of each (R, F, M) triple at r·36 + f·6 + m: 125 possible
 * triples, so the group is looked up instead of recomputed per customer.
 */
export function rfmGroupIndex(): Uint8Array {
  if (groupIndex === null) {
    groupIndex = new Uint8Array(216);
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) groupIndex[r * 36 + f * 6 + m] = RFM_GROUPS.indexOf(rfmGroup(r, f, m));
  }
  return groupIndex;
}

/** Named group for one (R, F, M) score triple, each in 1..5. */
export function rfmGroup(r: number, f: number, m: number): RfmGroup {
  const fm = Math.round((f + m) / 2);
  if (r >= 5) return fm >= 4 ? "champions" : fm === 3 ? "active" : "new";
  if (r >= 3) {
    if (fm >= 4) return "loyal";
    if (fm === 3) return r === 4 ? "active" : "needs_attention";
    return "promising";
  }
  if (fm >= 5) return "previously_loyal";
  if (fm === 4) return "at_risk";
  return r === 2 ? "almost_lost" : "dormant";
}
