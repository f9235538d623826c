import type { PrismaClient } from "../db/database";
import { DEFAULT_SURVEY, type SurveyAnswerCount, type SurveySettings } from "../../domain/offers/survey";

/** The survey lives in ShopSettings.survey (JSON); answers in SurveyResponse, one per order and question. */
export class SurveyRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async settings(shopId: string): Promise<SurveySettings> {
    const row = await this.prisma.shopSettings.findUnique({ where: { shopId } });
    return { ...DEFAULT_SURVEY, ...((row?.survey ?? {}) as Partial<SurveySettings>) };
  }

  async saveSettings(shopId: string, survey: SurveySettings): Promise<SurveySettings> {
    const value = { enabled: survey.enabled, question: survey.question, options: [...survey.options] };
    await this.prisma.shopSettings.upsert({ where: { shopId }, create: { shopId, survey: value }, update: { survey: value } });
    return value;
  }

  /** First answer wins: a second tap (or a retried request) for the same order and question changes nothing. */
  async saveAnswer(shopId: string, answer: { orderGid: string; question: string; answer: string }): Promise<{ stored: boolean }> {
    const { count } = await this.prisma.surveyResponse.createMany({ data: [{ shopId, ...answer }], skipDuplicates: true });
    return { stored: count === 1 };
  }

  async answerCounts(shopId: string, question: string): Promise<SurveyAnswerCount[]> {
    const rows = await this.prisma.surveyResponse.groupBy({ by: ["answer"], where: { shopId, question }, _count: { _all: true } });
    return rows.map((row) => ({ answer: row.answer, count: row._count._all }));
  }

  async hasAnswered(shopId: string, orderGid: string, question: string): Promise<boolean> {
    return (await this.prisma.surveyResponse.count({ where: { shopId, orderGid, question } })) > 0;
  }
}
