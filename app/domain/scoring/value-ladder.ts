/**
 * "Lovers / likers / lurkers" ladder: customers ranked by repeat likelihood ×
 * value; the top 1 % are lovers, the next 9 % likers, the rest lurkers. The
 * counts are ⌈1 % n⌉ and ⌈10 % n⌉ − ⌈1 % n⌉, so every shop with a customer
 * has at least one lover. Ties are broken by input order (stable sort), so
 * each customer gets exactly one rung.
 */
import { rankBlocks } from "./order-statistics";

export const VALUE_LADDER = ["lover", "liker", "lurker"] as const;
export type ValueLadderRung = (typeof VALUE_LADDER)[number];

/** Returns the index into VALUE_LADDER for each customer. */
export function valueLadder(value: ArrayLike<number>): Uint8Array {
  const n = value.length;
  const rung = new Uint8Array(n).fill(2);
  if (n === 0) return rung;
  const lovers = Math.ceil(0.01 * n);
  const top = Math.ceil(0.1 * n);
  // Thresholds are the lovers-th and top-th largest values, found as order
  // statistics without sorting (order-statistics.ts); values equal to a
  // threshold are admitted in input order until the rung is full.
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = Number.isNaN(value[i]) ? -Infinity : value[i];
  const [loverBlock, topBlock] = rankBlocks(keys, [n - lovers, n - top]);
  const fill = (count: number, rungIndex: number, threshold: number): void => {
    let remaining = count;
    for (let i = 0; i < n && remaining > 0; i++) if (rung[i] === 2 && keys[i] > threshold) (rung[i] = rungIndex), remaining--;
    for (let i = 0; i < n && remaining > 0; i++) if (rung[i] === 2 && keys[i] === threshold) (rung[i] = rungIndex), remaining--;
  };
  fill(lovers, 0, loverBlock.value);
  fill(top - lovers, 1, topBlock.value);
  return rung;
}
