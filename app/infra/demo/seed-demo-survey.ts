import { createSeededRandom, deriveSeed } from "../../domain/random/seeded-random";
import { planDemoSurveyAnswers } from "../../domain/offers/demo-survey-answers";
import type { Database } from "../db/database";
import { SurveyRepository } from "../offers/survey-repository";

/** Orders of the last months that get survey answers: the survey is a recent feature of the demo shop. */
const DEMO_SURVEY_DAYS = 180;

/**
 * Call after seedDemoOffers (which stores the survey): answers to the demo shop's survey for the orders of
 * the last 180 days, so the admin's survey analytics have numbers in demo mode. Runs once per shop (skipped
 * when any answer exists), in one statement.
 */
export async function seedDemoSurvey(db: Database, options: { shopDomain: string; now: Date; seed: number }): Promise<{ seeded: boolean; answers: number }> {
  const shop = await db.prisma.shop.findUnique({ where: { domain: options.shopDomain }, select: { id: true } });
  if (!shop || (await db.prisma.surveyResponse.count({ where: { shopId: shop.id } })) > 0) return { seeded: false, answers: 0 };
  const survey = await new SurveyRepository(db.prisma).settings(shop.id);
  const since = new Date(options.now.getTime() - DEMO_SURVEY_DAYS * 86_400_000);
  const { rows } = await db.pool.query<{ orderGid: string; placedAt: Date; loyaltySegment: string | null }>(
    `SELECT o."shopifyGid" AS "orderGid", o."placedAt", s."loyaltySegment"
     FROM "Order" o LEFT JOIN "CustomerScore" s ON s."customerId" = o."customerId" AND s."shopId" = o."shopId"
     WHERE o."shopId" = $1 AND o."placedAt" >= $2 AND o."placedAt" < $3 AND o."cancelledAt" IS NULL
     ORDER BY o."placedAt", o."shopifyGid"`,
    [shop.id, since, options.now],
  );
  const planned = planDemoSurveyAnswers(rows, survey.options, createSeededRandom(deriveSeed(options.seed, 6)));
  await db.pool.query(
    `INSERT INTO "SurveyResponse" (id, "shopId", "orderGid", question, answer, "createdAt")
     SELECT gen_random_uuid()::text, $1, u."orderGid", $2, u.answer, u."createdAt"
     FROM unnest($3::text[], $4::text[], $5::timestamptz[]) AS u("orderGid", answer, "createdAt")
     ON CONFLICT DO NOTHING`,
    [shop.id, survey.question, planned.map((row) => row.orderGid), planned.map((row) => row.answer), planned.map((row) => row.createdAt)],
  );
  return { seeded: true, answers: planned.length };
}
