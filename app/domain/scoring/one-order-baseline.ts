/**
 * The score targeting gives a buyer Encore has not scored yet (targeting.ts): typically their first order is
 * the one being decided, so they are taken for an average one-order customer of the shop. It is the mean
 * P(repeat in 90 days) of the shop's scored one-order customers, computed once per scoring run from the set
 * it stores: averaging the stored rows again for every new buyer's order read every one-order row of the shop
 * (120–190 ms of PostgreSQL at 1M customers, per order).
 * Null when the set has no one-order customer (targeting then matches no band).
 */
export function oneOrderBaselinePRepeat90(columns: { orderCount: ArrayLike<number>; pRepeat90: ArrayLike<number> }, size: number): number | null {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < size; i++) {
    if (columns.orderCount[i] !== 1) continue;
    sum += columns.pRepeat90[i];
    count++;
  }
  return count === 0 ? null : sum / count;
}
