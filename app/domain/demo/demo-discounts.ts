/**
 * Discount-code usage for demo orders. Codes reduce the line-items total
 * (order-level discount); they never touch shipping, which keeps
 * subtotal = lineItems − discounts exact.
 */
import type { RandomSource } from "../random/seeded-random";
import { createWeightedPicker } from "../random/samplers";

export interface AppliedDiscount {
  code: string | null;
  amountCents: number;
}

const NO_DISCOUNT: AppliedDiscount = { code: null, amountCents: 0 };

/** Share of first orders by known customers that use the welcome code. */
const WELCOME_CODE_SHARE = 0.18;
/** Share of other orders that use a promotional code. */
const PROMO_CODE_SHARE = 0.07;

type Promo = { code: string; percent?: number; fixedCents?: number; minimumCents?: number };

const PROMOS: readonly Promo[] = [
  { code: "SPRING15", percent: 15 },
  { code: "BREWDAY20", percent: 20 },
  { code: "SAVE5", fixedCents: 500, minimumCents: 4000 },
];
const pickPromo = createWeightedPicker(PROMOS, [5, 2, 3]);

export function chooseDiscount(rng: RandomSource, lineItemsCents: number, isCustomerFirstOrder: boolean): AppliedDiscount {
  const roll = rng.next();
  if (isCustomerFirstOrder && roll < WELCOME_CODE_SHARE) {
    return { code: "WELCOME10", amountCents: percentOf(lineItemsCents, 10) };
  }
  if (!isCustomerFirstOrder && roll < PROMO_CODE_SHARE) {
    const promo = pickPromo(rng);
    if (promo.minimumCents !== undefined && lineItemsCents < promo.minimumCents) return NO_DISCOUNT;
    const amountCents = promo.percent !== undefined ? percentOf(lineItemsCents, promo.percent) : Math.min(promo.fixedCents ?? 0, lineItemsCents);
    return { code: promo.code, amountCents };
  }
  return NO_DISCOUNT;
}

function percentOf(cents: number, percent: number): number {
  return Math.round((cents * percent) / 100);
}
