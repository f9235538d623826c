/**
 * The demo shop's offer history, planned from its (generated) orders: every first order in the offer's
 * running period gets the decision the live policy would have made at that time (issue or control, by the
 * same deterministic split), and an issued code counts as redeemed when the customer's next order came
 * within the code's validity, met the minimum subtotal and used no other code — for a deterministic 70 % of
 * those, since not every returning customer remembers their code. The generated orders carry no treatment
 * effect, so the demo's measured lift is whatever noise the split gives; the report shows it with its interval.
 */
import type { RandomSource } from "../random/seeded-random";
import { assignmentBucket } from "./control-group";
import { generateCouponCode } from "./coupon-code";
import { decideOffer } from "./decide-offer";
import type { Offer } from "./offer";

const MS_PER_DAY = 86_400_000;
const REDEEMING_SHARE = 0.7;

export interface DemoFirstOrder {
  orderGid: string;
  customerId: string;
  customerGid: string;
  placedAt: Date;
  currency: string;
  next: { orderGid: string; placedAt: Date; subtotal: number; totalPrice: number; discountCodes: string[] } | null;
}

export interface PlannedDecision {
  orderGid: string;
  customerId: string;
  customerGid: string;
  outcome: "issued" | "control";
  code: string | null;
  decidedAt: Date;
  expiresAt: Date | null;
  currency: string;
  redemption: { orderGid: string; redeemedAt: Date; attributedRevenue: number; discountAmount: number } | null;
}

export function planDemoOfferHistory(offer: Offer, firstOrders: DemoFirstOrder[], random: RandomSource): PlannedDecision[] {
  const randomBytes = (length: number) => Uint8Array.from({ length }, () => Math.floor(random.next() * 256));
  const planned: PlannedDecision[] = [];
  for (const order of firstOrders) {
    const decision = decideOffer({
      offers: [offer],
      order: { orderGid: order.orderGid, customerGid: order.customerGid, isFirstOrder: true },
      profile: { scored: false, baselinePRepeat90: null },
      now: order.placedAt,
    });
    if (decision.outcome === "none") continue;
    if (decision.outcome === "control") {
      planned.push({ ...base(order), outcome: "control", code: null, expiresAt: null, redemption: null });
      continue;
    }
    const next = order.next;
    const redeems =
      next !== null &&
      next.placedAt.getTime() <= decision.expiresAt.getTime() &&
      next.discountCodes.length === 0 &&
      (offer.minimumSubtotal === null || next.subtotal >= offer.minimumSubtotal) &&
      assignmentBucket(`${offer.id}:redeems`, order.customerGid) < REDEEMING_SHARE;
    planned.push({
      ...base(order),
      outcome: "issued",
      code: generateCouponCode(randomBytes),
      expiresAt: decision.expiresAt,
      redemption: redeems
        ? { orderGid: next!.orderGid, redeemedAt: next!.placedAt, attributedRevenue: next!.totalPrice, discountAmount: discountOn(offer, next!.subtotal) }
        : null,
    });
  }
  return planned;
}

function base(order: DemoFirstOrder) {
  return { orderGid: order.orderGid, customerId: order.customerId, customerGid: order.customerGid, decidedAt: order.placedAt, currency: order.currency };
}

function discountOn(offer: Offer, subtotal: number): number {
  const amount = offer.discountType === "percentage" ? (subtotal * offer.discountValue) / 100 : Math.min(offer.discountValue, subtotal);
  return Math.round(amount * 100) / 100;
}

export const DEMO_OFFER_DAYS = 365;
export function demoOfferWindow(now: Date): { startsAt: Date; decideBefore: Date } {
  return { startsAt: new Date(now.getTime() - DEMO_OFFER_DAYS * MS_PER_DAY), decideBefore: new Date(now.getTime() - MS_PER_DAY) };
}
