import { liveOffersOfKind } from "../../domain/offers/decide-offer";
import { winBackSubjectKey } from "../../domain/offers/decide-customer-offer";
import type { Database } from "../db/database";
import type { EnqueueOptions, JobEnqueuer } from "../jobs/job-queue";
import { JOB_TYPES } from "../jobs/job-kinds";
import { AppError } from "../../server/errors";
import type { OfferUseCases } from "../offers/issue-coupon-for-order";
import type { DecisionRow } from "../offers/offer-decision-repository";
import { OfferRepository } from "../offers/offer-repository";
import type { AdminGraphqlClient } from "../shopify/admin-graphql";
import { birthdayOffersDue } from "../offers/birthday-offers-due";
import { birthdayTriggers } from "./birthday-triggers";
import { syncCustomerMetafields, type MetafieldSyncReport } from "./customer-metafield-sync";
import { detectActivationTransitions, type ActivationTransitions } from "./detect-transitions";

/** Lead of the "birthday coming up" trigger when the shop has no live birthday offer to take it from. */
export const DEFAULT_BIRTHDAY_TRIGGER_LEAD_DAYS = 7;

interface ActivationShop {
  id: string;
  domain: string;
}

export interface ActivationLogger {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
}

/**
 * After a full scoring run: the customers whose status changed get their Flow triggers (and, when the shop
 * runs a win-back offer, a win-back job each, enqueued in the same transaction as the status change so none
 * is lost), then every changed customer's scores are written to their metafields, then the triggers are sent.
 */
export async function activateShop(options: {
  db: Database;
  jobs: JobEnqueuer;
  admin: AdminGraphqlClient;
  shop: ActivationShop;
  now: Date;
  logger?: ActivationLogger;
}): Promise<{ transitions: ActivationTransitions; metafields: MetafieldSyncReport }> {
  const { db, jobs, shop, now } = options;
  const winBack = liveOffersOfKind(await new OfferRepository(db.prisma).active(shop.id, "win_back"), "win_back", now).length > 0;
  await jobs.ready();
  const transitions = await detectActivationTransitions({
    db,
    shopId: shop.id,
    now,
    onTransitions: async (tx, page) => {
      if (!winBack) return;
      for (const customerId of page.atRisk) {
        await jobs.enqueue(tx, customerOfferJob(shop.domain, { kind: "win_back", customerId, subjectKey: winBackSubjectKey(customerId, now) }));
      }
    },
  });
  const metafields = await syncCustomerMetafields({ db, admin: options.admin, shopId: shop.id, now, logger: options.logger });
  await jobs.enqueue(db.pool, sendFlowTriggersJob(shop.domain));
  options.logger?.info(
    { shop: shop.domain, atRisk: transitions.atRisk.length, lovers: transitions.lovers.length, metafieldCalls: metafields.calls, customersChanged: metafields.customersChanged },
    "activation",
  );
  return { transitions, metafields };
}

/**
 * One customer's win-back or birthday offer (its own job: it calls Shopify). The code's "coupon issued" Flow
 * trigger is enqueued by the offers module when the discount is created. A Shopify call that failed is a value
 * to the offers module (the thank-you page retries on the next visit); nothing else asks for this code again,
 * so the job fails and its retries create the discount with the same code.
 */
export async function issueCustomerOfferJob(options: {
  db: Database;
  offers: OfferUseCases;
  shop: ActivationShop;
  payload: { kind: "win_back" | "birthday"; customerId: string; subjectKey: string };
  now: Date;
}): Promise<void> {
  const customer = await options.db.prisma.customer.findFirst({
    where: { id: options.payload.customerId, shopId: options.shop.id, redactedAt: null },
    select: { id: true, shopifyGid: true },
  });
  if (!customer) return;
  const decision = await options.offers.issueCustomerOffer({
    shop: options.shop,
    kind: options.payload.kind,
    customer: { id: customer.id, gid: customer.shopifyGid },
    subjectKey: options.payload.subjectKey,
    now: options.now,
  });
  if (decision && !codeExists(decision)) {
    throw new AppError("SHOPIFY_UNAVAILABLE", `The ${options.payload.kind} code of decision ${decision.id} is not created in Shopify yet`);
  }
}

/** Issued codes whose Shopify discount does not exist (yet): failed, or still pending in another worker. */
function codeExists(decision: Pick<DecisionRow, "outcome" | "discountStatus">): boolean {
  return decision.outcome !== "issued" || decision.discountStatus === "created";
}

/**
 * The daily birthday pass of one shop: codes first (inline: a day's birthdays are a few per thousand
 * customers), then the "birthday coming up" triggers, which carry the code when one was issued. Codes whose
 * Shopify call failed on an earlier pass are retried first, with the same code, while still valid (the due
 * list skips customers with a decision for the year); `unfinished` counts the codes still not created.
 */
export async function runBirthdays(options: {
  db: Database;
  offers: OfferUseCases;
  shop: ActivationShop;
  today: Date;
}): Promise<{ offers: number; triggers: number; unfinished: number }> {
  const { db, shop, today } = options;
  const failed = await db.prisma.offerDecision.findMany({
    where: { shopId: shop.id, kind: "birthday", outcome: "issued", discountStatus: { not: "created" }, expiresAt: { gt: today }, customerId: { not: null }, customerGid: { not: null } },
    select: { customerId: true, customerGid: true, orderGid: true },
  });
  const decisions: (DecisionRow | null)[] = [];
  for (const decision of failed) {
    const customer = { id: decision.customerId!, gid: decision.customerGid! };
    decisions.push(await options.offers.issueCustomerOffer({ shop, kind: "birthday", customer, subjectKey: decision.orderGid, now: today }));
  }
  const due = await birthdayOffersDue({ db, shopId: shop.id, today });
  for (const customer of due) {
    const customerRef = { id: customer.id, gid: customer.gid };
    decisions.push(await options.offers.issueCustomerOffer({ shop, kind: "birthday", customer: customerRef, subjectKey: customer.subjectKey, now: today }));
  }
  const live = liveOffersOfKind(await new OfferRepository(db.prisma).active(shop.id, "birthday"), "birthday", today);
  const leadDays = live.length > 0 ? Math.max(...live.map((offer) => offer.leadDays ?? 0)) : DEFAULT_BIRTHDAY_TRIGGER_LEAD_DAYS;
  const triggers = await birthdayTriggers({ db: db.pool, shopId: shop.id, today, leadDays });
  const unfinished = decisions.filter((decision) => decision !== null && !codeExists(decision)).length;
  return { offers: due.length, triggers: triggers.enqueued.length, unfinished };
}

export function activateShopJob(shopDomain: string): EnqueueOptions {
  return { shopDomain, type: JOB_TYPES.activateShop, payload: {}, dedupeKey: `activate-shop:${shopDomain}` };
}

export function sendFlowTriggersJob(shopDomain: string): EnqueueOptions {
  return { shopDomain, type: JOB_TYPES.sendFlowTriggers, payload: {}, dedupeKey: `send-flow-triggers:${shopDomain}` };
}

export function customerOfferJob(shopDomain: string, payload: { kind: "win_back" | "birthday"; customerId: string; subjectKey: string }): EnqueueOptions {
  return { shopDomain, type: JOB_TYPES.customerOffer, payload, dedupeKey: `customer-offer:${payload.subjectKey}` };
}
