import type { PrismaClient } from "../db/database";
import type { Prisma } from "../db/generated/client";
import { DEFAULT_SURVEY, type SurveySettings } from "../../domain/offers/survey";
import type { SurveyAnswerCell } from "../../domain/offers/survey-analytics";

/** The survey lives in ShopSettings.survey (JSON); answers in SurveyResponse, one per order and question. */
export class SurveyRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async settings(shopId: string): Promise<SurveySettings> {
    const row = await this.prisma.shopSettings.findUnique({ where: { shopId } });
    return storedSurvey(row?.survey);
  }

  async saveSettings(shopId: string, survey: SurveySettings): Promise<SurveySettings> {
    const value = { enabled: survey.enabled, question: survey.question, options: [...survey.options], translations: survey.translations };
    const json = JSON.parse(JSON.stringify(value)) as Prisma.InputJsonObject;
    await this.prisma.shopSettings.upsert({ where: { shopId }, create: { shopId, survey: json }, update: { survey: json } });
    return value;
  }

  /** First answer wins: a second tap (or a retried request) for the same order and question changes nothing. */
  async saveAnswer(shopId: string, answer: { orderGid: string; question: string; answer: string }): Promise<{ stored: boolean }> {
    const { count } = await this.prisma.surveyResponse.createMany({ data: [{ shopId, ...answer }], skipDuplicates: true });
    return { stored: count === 1 };
  }

  /**
   * Answers to the question grouped by answer, month (UTC) and the answering customer's current segments:
   * the order leads to its customer, the customer to their score; guests and unscored customers get nulls.
   */
  async answerCells(shopId: string, question: string): Promise<SurveyAnswerCell[]> {
    const rows = await this.prisma.$queryRaw<{ answer: string; month: string; rfmSegment: string | null; loyaltySegment: string | null; count: bigint }[]>`
      SELECT r.answer, to_char(date_trunc('month', r."createdAt" AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
             s."rfmSegment", s."loyaltySegment", count(*) AS count
      FROM "SurveyResponse" r
      LEFT JOIN "Order" o ON o."shopId" = r."shopId" AND o."shopifyGid" = r."orderGid"
      LEFT JOIN "CustomerScore" s ON s."customerId" = o."customerId"
      WHERE r."shopId" = ${shopId} AND r.question = ${question}
      GROUP BY 1, 2, 3, 4`;
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }
}

/** The survey as stored in ShopSettings.survey (absent: the default), also read by the thank-you page's one query. */
export function storedSurvey(value: unknown): SurveySettings {
  const stored = value as Partial<SurveySettings> | null | undefined;
  if (!stored) return DEFAULT_SURVEY;
  // Surveys saved before translations existed have none of their own (the default text still gets the
  // default translations, see localizeSurvey).
  return { ...DEFAULT_SURVEY, ...stored, translations: stored.translations ?? {} };
}
