import { ratio } from "./period-change";

/**
 * Repeat-customer rate of a period: the share of the period's buyers who have bought at least twice by the
 * end of the period (their earlier orders count, so a returning customer's single order in the period counts).
 */
export function repeatCustomerRate(counts: { buyers: number; repeatBuyers: number }): number {
  return ratio(counts.repeatBuyers, counts.buyers);
}
