import { generateCouponCode, type RandomBytes } from "../../domain/offers/coupon-code";
import { Prisma } from "../db/generated/client";
import { decideOffer, isLive, type OfferDecision } from "../../domain/offers/decide-offer";
import { decideAutoIncentive, type AutoBandDecision } from "../../domain/offers/auto-incentive";
import type { AutoBandDecisions } from "../../domain/offers/auto-targeting";
import { LIFT_WINDOW_DAYS } from "../../domain/offers/offer-performance";
import { birthdayInYear } from "../../domain/offers/birthday-dates";
import { decideCustomerOffer, isCustomerSubjectKey, type CustomerOfferDecision } from "../../domain/offers/decide-customer-offer";
import type { CustomerOfferKind, Offer, OfferKind } from "../../domain/offers/offer";
import type { AdminClientFactory } from "../shopify/admin-graphql";
import { ensureBasicCodeDiscount } from "../shopify/discounts";
import { AUTO_WITHHELD_REASON, type DecisionRow, type NewDecision, type OfferDecisionRepository, type RedeemingOrder } from "./offer-decision-repository";
import type { OfferRepository } from "./offer-repository";
import type { OrderFacts, OrderFactsRepository } from "./order-facts-repository";

/** Minimal structured logger (pino's shape); never given codes, tokens or customer PII. */
export interface OffersLogger {
  warn(context: Record<string, unknown>, message: string): void;
}

export interface OfferUseCaseDependencies {
  offers: OfferRepository;
  decisions: OfferDecisionRepository;
  facts: OrderFactsRepository;
  /** The shop's Admin API client for discount operations (demo: DemoDiscountApi). */
  adminClient: AdminClientFactory;
  randomBytes: RandomBytes;
  logger?: OffersLogger;
  /** How long a request that lost the race waits for the winner's Shopify call (default 5 s). */
  pendingWaitMs?: number;
  /** A pending Shopify call older than this is presumed dead and may be retried (default 2 min). */
  stalePendingMs?: number;
  /**
   * How long an auto offer's per-band decisions are reused (default 10 min): they move with weeks of
   * history, and recomputing them per decision would put an aggregate on the thank-you page's path.
   */
  autoBandTtlMs?: number;
  /** After a code's Shopify discount exists (the "coupon issued" Flow trigger); idempotent per decision. */
  onDiscountCreated?: (shop: { id: string; domain: string }, decision: DecisionRow) => Promise<void>;
}

/** Auto targeting learns from the decisions of the last year (matured ones), so a band follows a changing shop. */
export const AUTO_TRAILING_DAYS = 365;

export interface IssueCouponForOrderOptions {
  shop: { id: string; domain: string };
  order: OrderFacts;
  now: Date;
  /**
   * The order's stored decision (null: none yet) when the caller already read it with the order (the
   * thank-you page reads everything in one query); absent, it is read here.
   */
  storedDecision?: DecisionRow | null;
}

export interface IssueCustomerOfferOptions {
  shop: { id: string; domain: string };
  kind: CustomerOfferKind;
  /** Encore's Customer.id and the customer's GID (the code is locked to them). */
  customer: { id: string; gid: string };
  /**
   * The occasion the decision is made once for (decide-customer-offer.ts): `win_back:<customerId>:<YYYY-MM-DD>`
   * (winBackSubjectKey, the day they became at risk) or `birthday:<customerId>:<year>` (birthdaySubjectKey).
   */
  subjectKey: string;
  now: Date;
}

export interface OfferUseCases {
  /**
   * Decides once per order (none / control / issue) and, when issuing, creates the Shopify discount exactly
   * once: the unique (shopId, orderGid) index picks one winner among concurrent callers (webhook and
   * thank-you page), only the winner calls Shopify, and a failed call is retried later with the same code.
   * Resolves with the stored decision; a failed Shopify call is a value (discountStatus "failed"), not a throw.
   */
  issueCouponForOrder(options: IssueCouponForOrderOptions): Promise<DecisionRow>;
  /**
   * What issueCouponForOrder would show for the order, for the merchant's preview: the stored decision if
   * there is one, otherwise a decision made now and kept in memory, its code marked PREVIEW. Writes nothing
   * and calls no Admin API, so previews never issue codes nor count in an offer's statistics.
   */
  previewCouponForOrder(options: IssueCouponForOrderOptions): Promise<DecisionRow>;
  /** The decision already made for the order (at orders/create or an earlier visit), or null: never makes one. */
  existingDecisionForOrder(options: IssueCouponForOrderOptions): Promise<DecisionRow | null>;
  /**
   * A win-back or birthday decision for one customer and occasion, with issueCouponForOrder's exactly-once
   * machinery (the subject key takes the order's place in the unique (shopId, orderGid) index). Resolves
   * with the stored decision, or null when nothing is decided now and nothing is stored: no live offer of
   * the kind, the birthday not yet within any offer's lead (or past), no birth date, or a customer Encore
   * does not know (redacted, another shop's). A stored "none" (targeting excluded them) is final for the occasion.
   */
  issueCustomerOffer(options: IssueCustomerOfferOptions): Promise<DecisionRow | null>;
  /** For the orders/create webhook: marks Encore codes used by a later order as redeemed (idempotent). */
  recordRedemptions(shopId: string, order: RedeemingOrder): Promise<number>;
  /**
   * The per-band decisions (give / withhold / learning, with their reasons) that decisions for this offer
   * use now: the same computation and cache as the issuing path, whatever the offer's mode or status, so
   * the admin shows what the engine does rather than a second estimate.
   */
  currentAutoBands(shopId: string, offer: Pick<Offer, "id" | "controlShare">, now: Date): Promise<AutoBandDecision[]>;
}

const MAX_CODE_ATTEMPTS = 5;
/** Preview codes start with this word; its "I" is outside the real codes' alphabet, so the two never collide. */
export const PREVIEW_CODE_PREFIX = "PREVIEW";

export function createOfferUseCases(deps: OfferUseCaseDependencies): OfferUseCases {
  const pendingWaitMs = deps.pendingWaitMs ?? 5_000;
  const stalePendingMs = deps.stalePendingMs ?? 120_000;
  const autoBandTtlMs = deps.autoBandTtlMs ?? 600_000;
  const autoBandCache = new Map<string, { computedAt: number; controlShare: number; bands: AutoBandDecision[] }>();

  /** The per-band decisions of the live auto offers among `offers` (undefined when there are none). */
  async function autoBandsFor(shopId: string, offers: Offer[], now: Date): Promise<AutoBandDecisions | undefined> {
    const auto = offers.filter((offer) => offer.targetingMode === "auto" && isLive(offer, now));
    if (auto.length === 0) return undefined;
    const decisions = new Map<string, AutoBandDecision[]>();
    for (const offer of auto) decisions.set(offer.id, await currentAutoBands(shopId, offer, now));
    return decisions;
  }

  /** One auto offer's per-band decisions from its matured history, reused for autoBandTtlMs. */
  async function currentAutoBands(shopId: string, offer: Pick<Offer, "id" | "controlShare">, now: Date): Promise<AutoBandDecision[]> {
    const key = `${shopId}:${offer.id}`;
    const cached = autoBandCache.get(key);
    if (cached && cached.controlShare === offer.controlShare && Date.now() - cached.computedAt < autoBandTtlMs) return cached.bands;
    const histories = await deps.decisions.autoBandHistories(shopId, offer.id, now, LIFT_WINDOW_DAYS, AUTO_TRAILING_DAYS);
    const bands = decideAutoIncentive(histories, { controlShare: offer.controlShare });
    autoBandCache.set(key, { computedAt: Date.now(), controlShare: offer.controlShare, bands });
    return bands;
  }

  async function createDiscount(shop: { id: string; domain: string }, row: DecisionRow): Promise<DecisionRow> {
    const offer = row.offerId ? await deps.offers.find(shop.id, row.offerId) : null;
    try {
      const client = await deps.adminClient(shop.domain);
      const { discountId } = await ensureBasicCodeDiscount(client, {
        code: row.code!,
        title: discountTitle(row, offer?.name ?? null),
        discountType: row.discountType as "percentage" | "fixed_amount",
        discountValue: Number(row.discountValue),
        minimumSubtotal: row.minimumSubtotal === null ? null : Number(row.minimumSubtotal),
        customerGid: row.customerGid,
        startsAt: row.startsAt!,
        endsAt: row.expiresAt!,
      });
      const created = await deps.decisions.markCreated(row.id, discountId);
      // Inside the try: if recording the "coupon issued" Flow trigger fails, the decision is marked failed and
      // the retry (same code, "taken" → the existing discount) records it under the same dedupe key.
      await deps.onDiscountCreated?.(shop, created);
      return created;
    } catch (error) {
      deps.logger?.warn({ shop: shop.domain, decisionId: row.id, err: (error as Error).message }, "creating the Shopify discount failed; will retry");
      await deps.decisions.markFailed(row.id);
      return { ...row, discountStatus: "failed" };
    }
  }

  async function settle(shop: { id: string; domain: string }, row: DecisionRow, now: Date): Promise<DecisionRow> {
    let current = row;
    const deadline = Date.now() + pendingWaitMs;
    while (current.outcome === "issued" && current.discountStatus !== "created") {
      const claimed = await deps.decisions.claimRetry(current.id, new Date(now.getTime() - stalePendingMs));
      if (claimed) return createDiscount(shop, claimed);
      if (current.discountStatus !== "pending" || Date.now() >= deadline) return current;
      await new Promise((resolve) => setTimeout(resolve, 50));
      current = (await deps.decisions.findByOrder(shop.id, current.orderGid)) ?? current;
    }
    return current;
  }

  /**
   * The one path every kind issues through: an existing decision for the subject is settled (waiting for or
   * retrying its Shopify call); otherwise the decision is made, and of concurrent inserts for the subject
   * the unique index lets one win: only the winner calls Shopify, the others settle the winner's row.
   */
  async function decideOnce(
    shop: { id: string; domain: string },
    subject: DecisionSubject,
    decide: () => Promise<OfferDecision | CustomerOfferDecision | null>,
    now: Date,
    storedDecision?: DecisionRow | null,
  ): Promise<DecisionRow | null> {
    const existing = storedDecision !== undefined ? storedDecision : await deps.decisions.findByOrder(shop.id, subject.orderGid);
    if (existing) return settle(shop, existing, now);
    const decision = await decide();
    if (decision === null) return null;
    for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      const result = await deps.decisions.insertIfAbsent(toNewDecision(shop.id, subject, decision, now, deps.randomBytes));
      if (result.inserted) {
        return result.decision.outcome === "issued" ? createDiscount(shop, result.decision) : result.decision;
      }
      if (result.decision) return settle(shop, result.decision, now);
      // Neither inserted nor found: the code collided with another subject's; draw a new one.
    }
    throw new Error(`could not store a decision for ${subject.orderGid} after ${MAX_CODE_ATTEMPTS} attempts`);
  }

  return {
    async issueCouponForOrder({ shop, order, now, storedDecision }) {
      const decided = await decideOnce(shop, orderSubject(order), async () => {
        const offers = await deps.offers.active(shop.id, "next_purchase");
        const profile = offers.length > 0 ? await deps.facts.customerProfile(shop.id, order.customerId) : { scored: false as const, baselinePRepeat90: null };
        return decideOffer({ offers, order, profile, now, autoBands: await autoBandsFor(shop.id, offers, now) });
      }, now, storedDecision);
      return decided!;
    },

    async issueCustomerOffer({ shop, kind, customer, subjectKey, now }) {
      if (!isCustomerSubjectKey(kind, customer.id, subjectKey)) throw new RangeError(`${subjectKey} is not a ${kind} subject of customer ${customer.id}`);
      const known = await deps.facts.offerCustomer(shop.id, customer.id);
      if (!known || known.customerGid !== customer.gid) return null;
      const subject: DecisionSubject = { orderGid: subjectKey, kind, customerId: customer.id, customerGid: customer.gid, currency: known.currency };
      return decideOnce(shop, subject, async () => {
        const offers = await deps.offers.active(shop.id, kind);
        let birthday: Date | undefined;
        if (kind === "birthday") {
          if (!known.birthDate) return null;
          birthday = birthdayInYear(known.birthDate, Number(subjectKey.slice(subjectKey.lastIndexOf(":") + 1)));
        }
        const profile = offers.length > 0 ? await deps.facts.customerProfile(shop.id, customer.id) : { scored: false as const, baselinePRepeat90: null };
        const autoBands = await autoBandsFor(shop.id, offers, now);
        const decision = decideCustomerOffer({ offers, kind, customerGid: customer.gid, profile, now, birthday, autoBands });
        // Nothing to record: no live offer of the kind (most transitions of most shops), or not due yet.
        return decision.outcome === "none" && (decision.reason === "no_active_offer" || decision.reason === "not_due") ? null : decision;
      }, now);
    },

    async existingDecisionForOrder({ shop, order, storedDecision }) {
      return storedDecision !== undefined ? storedDecision : deps.decisions.findByOrder(shop.id, order.orderGid);
    },

    async previewCouponForOrder({ shop, order, now, storedDecision }) {
      const existing = storedDecision !== undefined ? storedDecision : await deps.decisions.findByOrder(shop.id, order.orderGid);
      if (existing) return existing;
      const offers = await deps.offers.active(shop.id, "next_purchase");
      const profile = offers.length > 0 ? await deps.facts.customerProfile(shop.id, order.customerId) : { scored: false as const, baselinePRepeat90: null };
      const decision = decideOffer({ offers, order, profile, now, autoBands: await autoBandsFor(shop.id, offers, now) });
      const draft = toNewDecision(shop.id, orderSubject(order), decision, now, deps.randomBytes);
      return {
        ...draft,
        id: "preview",
        code: draft.code === null ? null : `${PREVIEW_CODE_PREFIX}${draft.code.slice(PREVIEW_CODE_PREFIX.length)}`,
        discountStatus: draft.outcome === "issued" ? "created" : null,
        discountValue: draft.discountValue === null ? null : new Prisma.Decimal(draft.discountValue),
        minimumSubtotal: draft.minimumSubtotal === null ? null : new Prisma.Decimal(draft.minimumSubtotal),
        redeemedAt: null,
        redeemedOrderGid: null,
        attributedRevenue: null,
        discountAmount: null,
        shopifyDiscountId: null,
      };
    },

    recordRedemptions(shopId, order) {
      return deps.decisions.recordRedemptions(shopId, order);
    },

    currentAutoBands,
  };
}

/** What a decision is made once for: an order, or a customer's occasion (its subject key in orderGid). */
interface DecisionSubject {
  orderGid: string;
  kind: OfferKind;
  customerId: string | null;
  customerGid: string | null;
  currency: string;
}

function orderSubject(order: OrderFacts): DecisionSubject {
  return { orderGid: order.orderGid, kind: "next_purchase", customerId: order.customerId, customerGid: order.customerGid, currency: order.currency };
}

const KIND_TITLES: Record<OfferKind, string> = { next_purchase: "next-purchase", win_back: "win-back", birthday: "birthday" };

/** The discount's title in the merchant's Shopify admin: kind, offer and occasion (order number, day or year; no PII). */
function discountTitle(row: DecisionRow, offerName: string | null): string {
  const occasion = row.kind === "next_purchase" ? row.orderGid.split("/").pop() : row.orderGid.slice(row.orderGid.lastIndexOf(":") + 1);
  return `Encore ${KIND_TITLES[row.kind as OfferKind] ?? row.kind} offer${offerName ? `: ${offerName}` : ""} (${occasion})`;
}

function toNewDecision(shopId: string, subject: DecisionSubject, decision: OfferDecision | CustomerOfferDecision, now: Date, randomBytes: RandomBytes): NewDecision {
  const base = {
    shopId,
    orderGid: subject.orderGid,
    kind: subject.kind,
    customerId: subject.customerId,
    customerGid: subject.customerGid,
    decidedAt: now,
    currency: subject.currency,
    code: null,
    discountStatus: null,
    discountType: null,
    discountValue: null,
    minimumSubtotal: null,
    startsAt: null,
    expiresAt: null,
  };
  switch (decision.outcome) {
    case "none":
      return { ...base, offerId: null, outcome: "none", reason: decision.reason };
    case "control":
      return { ...base, offerId: decision.offer.id, outcome: "control", reason: decision.withheld ? AUTO_WITHHELD_REASON : "control_group" };
    case "issue":
      return {
        ...base,
        offerId: decision.offer.id,
        outcome: "issued",
        reason: null,
        code: generateCouponCode(randomBytes),
        discountStatus: "pending",
        discountType: decision.offer.discountType,
        discountValue: decision.offer.discountValue,
        minimumSubtotal: decision.offer.minimumSubtotal,
        startsAt: decision.startsAt,
        expiresAt: decision.expiresAt,
      };
  }
}
