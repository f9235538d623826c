import { randomBytes as nodeRandomBytes } from "node:crypto";
import type { PrismaClient } from "../db/database";
import type { SqlReader } from "../db/sql-reader";
import type { AdminClientFactory } from "../shopify/admin-graphql";
import { createOfferUseCases, type OfferUseCaseDependencies, type OffersLogger, type OfferUseCases } from "./issue-coupon-for-order";
import { OfferDecisionRepository } from "./offer-decision-repository";
import { OfferRepository } from "./offer-repository";
import { OrderFactsRepository } from "./order-facts-repository";
import { SurveyRepository } from "./survey-repository";

export interface OffersModule {
  offers: OfferRepository;
  decisions: OfferDecisionRepository;
  facts: OrderFactsRepository;
  surveys: SurveyRepository;
  useCases: OfferUseCases;
}

/** Wires the offers repositories and use cases over one Prisma client; the webhook handlers use the same. */
export function createOffersModule(options: {
  prisma: PrismaClient;
  adminClient: AdminClientFactory;
  logger?: OffersLogger;
  randomBytes?: (length: number) => Uint8Array;
  onDiscountCreated?: OfferUseCaseDependencies["onDiscountCreated"];
  /** How order facts are read (the thank-you page's one query): the pg pool in the app, Prisma when absent. */
  sql?: SqlReader;
}): OffersModule {
  const offers = new OfferRepository(options.prisma);
  const decisions = new OfferDecisionRepository(options.prisma);
  const facts = new OrderFactsRepository(options.prisma, options.sql);
  const surveys = new SurveyRepository(options.prisma);
  const useCases = createOfferUseCases({
    offers,
    decisions,
    facts,
    adminClient: options.adminClient,
    randomBytes: options.randomBytes ?? ((length) => nodeRandomBytes(length)),
    logger: options.logger,
    onDiscountCreated: options.onDiscountCreated,
  });
  return { offers, decisions, facts, surveys, useCases };
}
