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
import { birthdayInYear } from "./birthday-dates";
import { birthdaySubjectKey, decideCustomerOffer, winBackSubjectKey, type CustomerOfferDecision } from "./decide-customer-offer";
import { decideOffer } from "./decide-offer";
import type { CustomerOfferKind, Offer } from "./offer";

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

// ---------------------------------------------------------------------------------------------------------
// Win-back and birthday offers: decisions per customer occasion, planned the same way (the live policy's
// decision at the time, the same deterministic split, a deterministic 70 % of the codes that could have
// been used counted as redeemed by the customer's next order).

/** One demo customer's orders, oldest first, with the birth date the sign-up would have collected. */
export interface DemoCustomerHistory {
  customerId: string;
  customerGid: string;
  currency: string;
  birthDate: string | null;
  orders: { orderGid: string; placedAt: Date; subtotal: number; totalPrice: number; discountCodes: string[] }[];
}

export interface PlannedCustomerDecision extends PlannedDecision {
  kind: CustomerOfferKind;
}

/**
 * The demo's stand-in for "became at risk": this many days without an order. The real trigger is the churn
 * status the scoring run computes from P(alive); a fixed gap is what a past the demo never scored allows.
 */
export const DEMO_AT_RISK_AFTER_DAYS = 120;

/** A share of the demo's customers gave their birthday at sign-up. */
export const DEMO_BIRTH_DATE_SHARE = 0.35;

/** A deterministic birth date (aged 20–65 at `now`) for a demo customer, or null for the ones who gave none. */
export function demoBirthDate(customerGid: string, now: Date): string | null {
  if (assignmentBucket("demo:birth-date", customerGid) >= DEMO_BIRTH_DATE_SHARE) return null;
  const age = 20 + Math.floor(assignmentBucket("demo:birth-age", customerGid) * 46);
  const dayOfYear = Math.floor(assignmentBucket("demo:birth-day", customerGid) * 365);
  const year = now.getUTCFullYear() - age;
  return new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
}

export function planDemoWinBackHistory(
  offer: Offer,
  customers: DemoCustomerHistory[],
  window: { startsAt: Date; decideBefore: Date },
  random: RandomSource,
): PlannedCustomerDecision[] {
  const randomBytes = randomBytesFrom(random);
  const planned: PlannedCustomerDecision[] = [];
  for (const customer of customers) {
    customer.orders.forEach((order, index) => {
      const atRisk = new Date(order.placedAt.getTime() + DEMO_AT_RISK_AFTER_DAYS * MS_PER_DAY);
      const next = customer.orders[index + 1] ?? null;
      if (next && next.placedAt.getTime() <= atRisk.getTime()) return;
      if (atRisk.getTime() < window.startsAt.getTime() || atRisk.getTime() >= window.decideBefore.getTime()) return;
      const decision = decideCustomerOffer({ offers: [offer], kind: "win_back", customerGid: customer.customerGid, profile: UNSCORED, now: atRisk });
      const subjectKey = winBackSubjectKey(customer.customerId, atRisk);
      const occasion = planOccasion(offer, customer, { subjectKey, decidedAt: atRisk }, decision, next, randomBytes);
      if (occasion) planned.push(occasion);
    });
  }
  return planned;
}

export function planDemoBirthdayHistory(
  offer: Offer,
  customers: DemoCustomerHistory[],
  window: { startsAt: Date; decideBefore: Date },
  random: RandomSource,
): PlannedCustomerDecision[] {
  const randomBytes = randomBytesFrom(random);
  const lead = offer.leadDays ?? 0;
  const planned: PlannedCustomerDecision[] = [];
  for (const customer of customers) {
    if (!customer.birthDate || customer.orders.length === 0) continue;
    for (let year = window.startsAt.getUTCFullYear(); year <= window.decideBefore.getUTCFullYear(); year++) {
      const birthday = birthdayInYear(customer.birthDate, year);
      const decidedAt = new Date(birthday.getTime() - lead * MS_PER_DAY);
      if (decidedAt.getTime() < window.startsAt.getTime() || decidedAt.getTime() >= window.decideBefore.getTime()) continue;
      // Known to the shop by then: they had ordered (the demo's customers sign up with their first order).
      if (customer.orders[0].placedAt.getTime() > decidedAt.getTime()) continue;
      const decision = decideCustomerOffer({ offers: [offer], kind: "birthday", customerGid: customer.customerGid, profile: UNSCORED, now: decidedAt, birthday });
      const next = customer.orders.find((order) => order.placedAt.getTime() > decidedAt.getTime()) ?? null;
      const occasion = planOccasion(offer, customer, { subjectKey: birthdaySubjectKey(customer.customerId, birthday), decidedAt }, decision, next, randomBytes);
      if (occasion) planned.push(occasion);
    }
  }
  return planned;
}

const UNSCORED = { scored: false, baselinePRepeat90: null } as const;

function randomBytesFrom(random: RandomSource) {
  return (length: number) => Uint8Array.from({ length }, () => Math.floor(random.next() * 256));
}

function planOccasion(
  offer: Offer,
  customer: DemoCustomerHistory,
  { subjectKey, decidedAt }: { subjectKey: string; decidedAt: Date },
  decision: CustomerOfferDecision,
  next: DemoCustomerHistory["orders"][number] | null,
  randomBytes: (length: number) => Uint8Array,
): PlannedCustomerDecision | null {
  if (decision.outcome === "none") return null;
  const kind = offer.kind as CustomerOfferKind;
  const base = { kind, orderGid: subjectKey, customerId: customer.customerId, customerGid: customer.customerGid, currency: customer.currency, decidedAt };
  if (decision.outcome === "control") return { ...base, outcome: "control", code: null, expiresAt: null, redemption: null };
  const redeems =
    next !== null &&
    next.placedAt.getTime() >= decidedAt.getTime() &&
    next.placedAt.getTime() <= decision.expiresAt.getTime() &&
    next.discountCodes.length === 0 &&
    (offer.minimumSubtotal === null || next.subtotal >= offer.minimumSubtotal) &&
    assignmentBucket(`${offer.id}:redeems`, subjectKey) < REDEEMING_SHARE;
  return {
    ...base,
    outcome: "issued",
    code: generateCouponCode(randomBytes),
    expiresAt: decision.expiresAt,
    redemption: redeems
      ? { orderGid: next!.orderGid, redeemedAt: next!.placedAt, attributedRevenue: next!.totalPrice, discountAmount: discountOn(offer, next!.subtotal) }
      : null,
  };
}
