/**
 * Turns a target order value into a plausible basket of catalogue products, so
 * order totals follow the spend model while line items stay realistic
 * (whole products at list price, small quantities, a handful of lines).
 */
import type { RandomSource } from "../random/seeded-random";
import { bernoulli, createWeightedPicker, uniformInt } from "../random/samplers";
import type { DemoCatalogueEntry } from "./demo-catalogue";

export interface BasketLine {
  productIndex: number;
  quantity: number;
}

const MAX_LINES = 6;
const MAX_QUANTITY = 3;

export function createBasketBuilder(catalogue: readonly DemoCatalogueEntry[]) {
  const indices = catalogue.map((_, index) => index);
  const pickProduct = createWeightedPicker(indices, catalogue.map((entry) => entry.popularity));
  const cheapest = Math.min(...catalogue.map((entry) => entry.priceCents));

  return function buildBasket(rng: RandomSource, targetCents: number): BasketLine[] {
    const lines: BasketLine[] = [];
    let remaining = targetCents;
    // A few rejection tries per line keep big-ticket items out of small baskets
    // without biasing the popularity mix of ordinary ones.
    for (let attempt = 0; attempt < 24 && lines.length < MAX_LINES; attempt++) {
      const productIndex = pickProduct(rng);
      const price = catalogue[productIndex].priceCents;
      const isFirstLine = lines.length === 0;
      if (price > remaining * 1.3 && !(isFirstLine && attempt >= 8)) continue;
      const affordable = Math.max(1, Math.floor(remaining / price));
      // Consumables are often bought in twos or threes; keep quantities small.
      const quantity = bernoulli(rng, 0.3) ? Math.min(uniformInt(rng, 2, 3), affordable) : 1;
      const existing = lines.find((line) => line.productIndex === productIndex);
      // Re-picking a product adds to its line, but never beyond a believable quantity.
      if (existing && existing.quantity + quantity > MAX_QUANTITY) continue;
      if (existing) existing.quantity += quantity;
      else lines.push({ productIndex, quantity });
      remaining -= quantity * price;
      if (remaining < Math.max(cheapest, targetCents * 0.12)) break;
    }
    if (lines.length === 0) lines.push({ productIndex: pickProduct(rng), quantity: 1 });
    return lines;
  };
}
