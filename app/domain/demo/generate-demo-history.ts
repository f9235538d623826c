/**
 * Deterministic demo shop history for onboarding, screenshots and tests.
 *
 * Customers follow a buy-till-you-die process (the BG/NBD story Encore's
 * scoring assumes), so the demo data exercises the model the way real shops
 * do:
 *   - acquisition times are spread over `years`, denser towards `now` (a
 *     growing shop: the last day sees ~3× the acquisitions of the first);
 *   - each customer's purchase rate λ ~ Gamma(r, α) (α a rate, in days), and
 *     while "alive" the gaps between orders are Exponential(λ);
 *   - after every purchase the customer drops out with probability
 *     p ~ Beta(a, b);
 *   - order value ~ Gamma around the customer's own mean spend, which is itself
 *     Gamma distributed across customers (Gamma-Gamma-like spend).
 * On top: guest checkouts (~8% of orders), ~1.5% cancellations, occasional
 * discount codes, flat-rate shipping below a free-shipping threshold.
 *
 * Same seed + same now + same options → identical output.
 */
import type { RandomSource } from "../random/seeded-random";
import { createSeededRandom, deriveSeed } from "../random/seeded-random";
import { bernoulli, beta, exponential, gamma, uniform } from "../random/samplers";
import { createBasketBuilder, type BasketLine } from "./demo-basket";
import { DEMO_CATALOGUE, DEMO_SHOP, FREE_SHIPPING_THRESHOLD_CENTS, SHIPPING_FEE_CENTS } from "./demo-catalogue";
import { chooseDiscount } from "./demo-discounts";
import { centsToMoney } from "./demo-money";
import { createPersonFactory, type DemoPerson } from "./demo-people";
import type { DemoCustomer, DemoLineItem, DemoOrder, DemoProduct, DemoShopHistory } from "./demo-types";

export interface GenerateDemoHistoryOptions {
  seed: number;
  /** End of the history; no order is created after it. */
  now: Date;
  customerCount?: number;
  years?: number;
}

/** Model parameters, chosen so a 2-year history has a ~25–35% repeat-customer share. */
export const DEMO_MODEL = {
  purchaseRateShape: 0.5, // r: heterogeneity of purchase rates (lower = more heterogeneous)
  purchaseRateRatePerDay: 90, // α: mean λ = r/α ≈ one order every six months while alive
  dropoutA: 1.5, // p ~ Beta(a, b); mean a/(a+b) ≈ 0.38 chance to churn after each order
  dropoutB: 2.5,
  customerSpendShape: 4, // spread of customers' mean order value across the base
  meanOrderValueCents: 6600, // baskets round up a little, landing the realised AOV near $70
  orderSpendShape: 7, // spread of one customer's order values around their own mean
  minOrderTargetCents: 1500,
  maxOrderTargetCents: 40000,
  acquisitionGrowth: Math.log(3), // density ∝ e^(growth·x) over x ∈ [0, 1]
  guestOrderShare: 0.08,
  cancelledShare: 0.015,
  maxOrdersPerCustomer: 60, // guards against absurd λ draws in the far tail
} as const;

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;
const CURRENCY = DEMO_SHOP.currency;

const ID_BASE = {
  customer: 1_000_001,
  order: 5_100_000_001,
  lineItem: 9_100_000_001,
  product: 8_000_000_001,
  variant: 44_000_000_001,
} as const;

interface DraftOrder {
  createdAtMs: number;
  customerIndex: number | null;
  isFirstOrder: boolean;
  targetCents: number;
}

export function generateDemoHistory(options: GenerateDemoHistoryOptions): DemoShopHistory {
  const { seed, now, customerCount = 5000, years = 2 } = options;
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError("now must be a valid Date");
  if (!(customerCount >= 0) || !Number.isInteger(customerCount)) throw new RangeError("customerCount must be a non-negative integer");
  if (!(years > 0)) throw new RangeError("years must be positive");

  // Independent streams: changing how one aspect draws numbers does not
  // reshuffle the others (e.g. adding a name locale keeps purchase timings).
  const timingRng = createSeededRandom(deriveSeed(seed, 1));
  const peopleRng = createSeededRandom(deriveSeed(seed, 2));
  const basketRng = createSeededRandom(deriveSeed(seed, 3));
  const extrasRng = createSeededRandom(deriveSeed(seed, 4));

  // Leave an hour at the end so a brand-new customer's first order (placed a
  // few minutes after sign-up) still lands before `now`.
  const startMs = nowMs - years * 365.25 * MS_PER_DAY;
  const spanMs = nowMs - 60 * MS_PER_MINUTE - startMs;

  const products = buildProducts();
  const newPerson = createPersonFactory(peopleRng);

  const people: { person: DemoPerson; createdAtMs: number }[] = [];
  const drafts: DraftOrder[] = [];
  for (let index = 0; index < customerCount; index++) {
    const createdAtMs = startMs + spanMs * growingShopQuantile(timingRng.next());
    people.push({ person: newPerson(), createdAtMs });
    simulateCustomer(timingRng, index, createdAtMs, nowMs, drafts);
  }
  // Customers are listed (and numbered) in sign-up order, like a real shop.
  const customerOrder = people.map((_, index) => index).sort((a, b) => people[a].createdAtMs - people[b].createdAtMs);
  const customerRank = new Array<number>(customerCount);
  customerOrder.forEach((originalIndex, rank) => (customerRank[originalIndex] = rank));

  const guestCount = Math.round((drafts.length * DEMO_MODEL.guestOrderShare) / (1 - DEMO_MODEL.guestOrderShare));
  for (let index = 0; index < guestCount; index++) {
    drafts.push({
      createdAtMs: startMs + spanMs * growingShopQuantile(timingRng.next()),
      customerIndex: null,
      isFirstOrder: true,
      targetCents: drawOrderTarget(timingRng, drawCustomerMeanSpend(timingRng)),
    });
  }

  // Shopify numbers orders by creation time; sort on whole seconds (what the
  // ISO strings carry) so the output order and names agree with createdAt.
  for (const draft of drafts) draft.createdAtMs = Math.floor(draft.createdAtMs / 1000) * 1000;
  drafts.sort((a, b) => a.createdAtMs - b.createdAtMs);

  const buildBasket = createBasketBuilder(DEMO_CATALOGUE);
  const ordersPerCustomer = new Array<number>(customerCount).fill(0);
  const lastActivityMs = new Array<number>(customerCount).fill(0);
  let nextLineItemId = ID_BASE.lineItem;

  const orders: DemoOrder[] = drafts.map((draft, position) => {
    const basket = buildBasket(basketRng, draft.targetCents);
    const lineItems = basket.map((line) => toLineItem(line, products, nextLineItemId++));
    const lineItemsCents = basket.reduce((sum, line) => sum + line.quantity * DEMO_CATALOGUE[line.productIndex].priceCents, 0);
    const discount = chooseDiscount(extrasRng, lineItemsCents, draft.isFirstOrder && draft.customerIndex !== null);
    const subtotalCents = lineItemsCents - discount.amountCents;
    const shippingCents = subtotalCents >= FREE_SHIPPING_THRESHOLD_CENTS ? 0 : SHIPPING_FEE_CENTS;
    const totalCents = subtotalCents + shippingCents;

    const cancelledAtMs = bernoulli(extrasRng, DEMO_MODEL.cancelledShare)
      ? Math.min(nowMs, draft.createdAtMs + Math.round(uniform(extrasRng, 0.5, 48) * 60) * MS_PER_MINUTE)
      : null;
    const updatedAtMs = cancelledAtMs ?? draft.createdAtMs;

    let customerId: string | null = null;
    if (draft.customerIndex !== null) {
      customerId = customerGid(customerRank[draft.customerIndex]);
      ordersPerCustomer[draft.customerIndex]++;
      lastActivityMs[draft.customerIndex] = Math.max(lastActivityMs[draft.customerIndex], updatedAtMs);
    }

    const createdAt = toShopifyIso(draft.createdAtMs);
    return {
      id: `gid://shopify/Order/${ID_BASE.order + position}`,
      name: `#${1001 + position}`,
      customerId,
      createdAt,
      processedAt: createdAt,
      updatedAt: toShopifyIso(updatedAtMs),
      cancelledAt: cancelledAtMs === null ? null : toShopifyIso(cancelledAtMs),
      currencyCode: CURRENCY,
      discountCodes: discount.code === null ? [] : [discount.code],
      lineItems,
      subtotalPrice: centsToMoney(subtotalCents, CURRENCY),
      totalDiscounts: centsToMoney(discount.amountCents, CURRENCY),
      totalShippingPrice: centsToMoney(shippingCents, CURRENCY),
      totalPrice: centsToMoney(totalCents, CURRENCY),
    };
  });

  const customers: DemoCustomer[] = customerOrder.map((originalIndex, rank) => {
    const { person, createdAtMs } = people[originalIndex];
    const createdAt = toShopifyIso(createdAtMs);
    return {
      id: customerGid(rank),
      ...person,
      createdAt,
      updatedAt: toShopifyIso(Math.max(Math.floor(createdAtMs / 1000) * 1000, lastActivityMs[originalIndex])),
      numberOfOrders: ordersPerCustomer[originalIndex],
    };
  });

  return { shop: { ...DEMO_SHOP }, products, customers, orders };
}

/** Appends one customer's BTYD order stream (first order a few minutes after sign-up). */
function simulateCustomer(rng: RandomSource, customerIndex: number, createdAtMs: number, nowMs: number, drafts: DraftOrder[]): void {
  const ratePerDay = gamma(rng, DEMO_MODEL.purchaseRateShape, 1 / DEMO_MODEL.purchaseRateRatePerDay);
  const dropoutProbability = beta(rng, DEMO_MODEL.dropoutA, DEMO_MODEL.dropoutB);
  const meanSpendCents = drawCustomerMeanSpend(rng);

  let orderAtMs = createdAtMs + uniform(rng, 1, 30) * MS_PER_MINUTE;
  for (let count = 0; count < DEMO_MODEL.maxOrdersPerCustomer && orderAtMs < nowMs; count++) {
    drafts.push({ createdAtMs: orderAtMs, customerIndex, isFirstOrder: count === 0, targetCents: drawOrderTarget(rng, meanSpendCents) });
    if (bernoulli(rng, dropoutProbability)) return;
    orderAtMs += exponential(rng, ratePerDay) * MS_PER_DAY;
  }
}

function drawCustomerMeanSpend(rng: RandomSource): number {
  return gamma(rng, DEMO_MODEL.customerSpendShape, DEMO_MODEL.meanOrderValueCents / DEMO_MODEL.customerSpendShape);
}

function drawOrderTarget(rng: RandomSource, meanSpendCents: number): number {
  const target = gamma(rng, DEMO_MODEL.orderSpendShape, meanSpendCents / DEMO_MODEL.orderSpendShape);
  return Math.min(DEMO_MODEL.maxOrderTargetCents, Math.max(DEMO_MODEL.minOrderTargetCents, target));
}

/** Inverse CDF of the density ∝ e^(g·x) on [0, 1]: more sign-ups as the shop grows. */
function growingShopQuantile(u: number): number {
  const growth = DEMO_MODEL.acquisitionGrowth;
  return Math.log(1 + u * (Math.exp(growth) - 1)) / growth;
}

function buildProducts(): DemoProduct[] {
  return DEMO_CATALOGUE.map((entry, index) => ({
    id: `gid://shopify/Product/${ID_BASE.product + index}`,
    variantId: `gid://shopify/ProductVariant/${ID_BASE.variant + index}`,
    title: entry.title,
    handle: entry.handle,
    productType: entry.productType,
    price: centsToMoney(entry.priceCents, CURRENCY),
  }));
}

function toLineItem(line: BasketLine, products: DemoProduct[], numericId: number): DemoLineItem {
  const product = products[line.productIndex];
  return {
    id: `gid://shopify/LineItem/${numericId}`,
    productId: product.id,
    variantId: product.variantId,
    title: product.title,
    quantity: line.quantity,
    originalUnitPrice: { ...product.price },
  };
}

function customerGid(rank: number): string {
  return `gid://shopify/Customer/${ID_BASE.customer + rank}`;
}

/** Shopify's DateTime format: second precision, UTC, "Z" suffix. */
function toShopifyIso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
