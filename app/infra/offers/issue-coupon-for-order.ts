import { generateCouponCode, type RandomBytes } from "../../domain/offers/coupon-code";
import { Prisma } from "../db/generated/client";
import { decideOffer, type OfferDecision } from "../../domain/offers/decide-offer";
import type { AdminClientFactory } from "../shopify/admin-graphql";
import { ensureBasicCodeDiscount } from "../shopify/discounts";
import type { DecisionRow, NewDecision, OfferDecisionRepository, RedeemingOrder } from "./offer-decision-repository";
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
}

export interface IssueCouponForOrderOptions {
  shop: { id: string; domain: string };
  order: OrderFacts;
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
  /** For the orders/create webhook: marks Encore codes used by a later order as redeemed (idempotent). */
  recordRedemptions(shopId: string, order: RedeemingOrder): Promise<number>;
}

const MAX_CODE_ATTEMPTS = 5;
/** Preview codes start with this word; its "I" is outside the real codes' alphabet, so the two never collide. */
export const PREVIEW_CODE_PREFIX = "PREVIEW";

export function createOfferUseCases(deps: OfferUseCaseDependencies): OfferUseCases {
  const pendingWaitMs = deps.pendingWaitMs ?? 5_000;
  const stalePendingMs = deps.stalePendingMs ?? 120_000;

  async function createDiscount(shop: { id: string; domain: string }, row: DecisionRow): Promise<DecisionRow> {
    const offer = row.offerId ? await deps.offers.find(shop.id, row.offerId) : null;
    try {
      const client = await deps.adminClient(shop.domain);
      const { discountId } = await ensureBasicCodeDiscount(client, {
        code: row.code!,
        title: `Encore next-purchase offer${offer ? `: ${offer.name}` : ""} (${row.orderGid.split("/").pop()})`,
        discountType: row.discountType as "percentage" | "fixed_amount",
        discountValue: Number(row.discountValue),
        minimumSubtotal: row.minimumSubtotal === null ? null : Number(row.minimumSubtotal),
        customerGid: row.customerGid,
        startsAt: row.startsAt!,
        endsAt: row.expiresAt!,
      });
      return await deps.decisions.markCreated(row.id, discountId);
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

  return {
    async issueCouponForOrder({ shop, order, now }) {
      const existing = await deps.decisions.findByOrder(shop.id, order.orderGid);
      if (existing) return settle(shop, existing, now);

      const offers = await deps.offers.active(shop.id);
      const profile = offers.length > 0 ? await deps.facts.customerProfile(shop.id, order.customerId) : { scored: false as const, baselinePRepeat90: null };
      const decision = decideOffer({ offers, order, profile, now });
      for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
        const result = await deps.decisions.insertIfAbsent(toNewDecision(shop.id, order, decision, now, deps.randomBytes));
        if (result.inserted) {
          return result.decision.outcome === "issued" ? createDiscount(shop, result.decision) : result.decision;
        }
        if (result.decision) return settle(shop, result.decision, now);
        // Neither inserted nor found: the code collided with another order's; draw a new one.
      }
      throw new Error(`could not store a decision for ${order.orderGid} after ${MAX_CODE_ATTEMPTS} attempts`);
    },

    existingDecisionForOrder({ shop, order }) {
      return deps.decisions.findByOrder(shop.id, order.orderGid);
    },

    async previewCouponForOrder({ shop, order, now }) {
      const existing = await deps.decisions.findByOrder(shop.id, order.orderGid);
      if (existing) return existing;
      const offers = await deps.offers.active(shop.id);
      const profile = offers.length > 0 ? await deps.facts.customerProfile(shop.id, order.customerId) : { scored: false as const, baselinePRepeat90: null };
      const draft = toNewDecision(shop.id, order, decideOffer({ offers, order, profile, now }), now, deps.randomBytes);
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
  };
}

function toNewDecision(shopId: string, order: OrderFacts, decision: OfferDecision, now: Date, randomBytes: RandomBytes): NewDecision {
  const base = {
    shopId,
    orderGid: order.orderGid,
    customerId: order.customerId,
    customerGid: order.customerGid,
    decidedAt: now,
    currency: order.currency,
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
      return { ...base, offerId: decision.offer.id, outcome: "control", reason: "control_group" };
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
